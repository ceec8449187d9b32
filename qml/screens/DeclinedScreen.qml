import QtQuick
import Kiosk

// Declined: the journey's words only (never a reason code), and a way back.
StatusLayout {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    iconName: "cardOff"
    tone: "danger"
    title: c.title || ""
    detail: c.detail || ""
    extra: [
        HelpLine { bridge: screen.bridge; evseId: screen.c.evseId || "" }
    ]
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
