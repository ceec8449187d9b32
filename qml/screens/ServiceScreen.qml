import QtQuick
import Kiosk

// Placeholder for the technician's service mode (entered by holding the
// top-left corner for 5 s). Not built yet.
Rectangle {
    id: screen
    signal closeRequested()
    color: Style.bg
    StatusLayout {
        anchors.fill: parent
        iconName: "tools"
        tone: "info"
        title: qsTr("Service mode — coming soon")
        actions: [
            KButton {
                objectName: "buttonCloseService"
                text: qsTr("Close")
                onClicked: screen.closeRequested()
            }
        ]
    }
}
