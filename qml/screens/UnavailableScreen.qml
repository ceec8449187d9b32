import QtQuick
import Kiosk

// This connector cannot be used (offline, out of service, faulted).
StatusLayout {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    iconName: c.phase === "charger_offline" ? "offline" : "tools"
    tone: "warning"
    title: c.title || ""
    detail: c.detail || ""
    // Words for the driver and who to call; the fault code is for technicians
    // (service mode, the log), not for this screen.
    extra: [
        HelpLine { bridge: screen.bridge; evseId: screen.c.evseId || "" }
    ]
    // A session this connector just ended (nothing charged) is said over this
    // screen: OK takes the message away.
    readonly property bool message: ["out_of_service", "charger_offline"].indexOf(c.promptId || "") < 0
    actions: [
        OverviewButton { bridge: screen.bridge; visible: !screen.message && bridge && bridge.connectorCount > 1 },
        KButton {
            objectName: "buttonOk"
            visible: screen.message
            kind: "primary"
            text: qsTr("OK")
            width: Math.max(implicitWidth, Style.px(200))
            onClicked: screen.bridge.back()
        }
    ]
}
