import QtQuick
import Kiosk

// A station-wide fault: the whole screen, nothing to press.
Rectangle {
    id: screen
    property var bridge
    color: Style.bg
    StatusLayout {
        anchors.fill: parent
        iconName: "warning"
        tone: "danger"
        title: screen.bridge ? screen.bridge.blockingTitle : ""
        detail: screen.bridge ? screen.bridge.blockingDetail : ""
        extra: [
            Text {
                text: screen.bridge ? screen.bridge.stationName : ""
                color: Style.textMuted
                font.pixelSize: Style.fontSmall
            }
        ]
    }
}
