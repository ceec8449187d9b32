import QtQuick
import Kiosk

// Back to the overview of charge points, shown only where there are several:
// a driver's screen must never keep the next driver from the other point.
KButton {
    property var bridge
    objectName: "buttonBack"
    visible: bridge ? bridge.connectorCount > 1 : false
    kind: "ghost"
    iconName: "back"
    text: qsTr("Back")
    onClicked: bridge.back()
}
