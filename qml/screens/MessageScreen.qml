import QtQuick
import Kiosk

// A short message from the journey (session cancelled, no card, wrong card).
StatusLayout {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    iconName: "info"
    tone: "info"
    title: c.title || ""
    detail: c.detail || ""
    actions: [
        KButton {
            objectName: "buttonOk"
            kind: "primary"
            text: qsTr("OK")
            width: Math.max(implicitWidth, Style.px(200))
            onClicked: screen.bridge.back()
        }
    ]
}
