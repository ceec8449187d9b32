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
            Column {
                spacing: Style.gapS
                Text {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: screen.bridge ? screen.bridge.stationName : ""
                    color: Style.textMuted
                    font.pixelSize: Style.fontSmall
                }
                HelpLine { anchors.horizontalCenter: parent.horizontalCenter; bridge: screen.bridge }
            }
        ]
    }
}
