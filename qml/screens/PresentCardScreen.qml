import QtQuick
import Kiosk

// The terminal waits for this driver's card: say so, and point at it.
StatusLayout {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    iconName: "card"
    tone: "ok"
    title: c.title || ""
    detail: c.detail || ""
    showTerminalHint: true
    actions: [
        KButton {
            objectName: "buttonCancel"
            kind: "ghost"
            iconName: "back"
            text: qsTr("Cancel")
            onClicked: screen.bridge.back()
        }
    ]
}
