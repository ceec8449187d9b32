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
    extra: [
        Text {
            objectName: "faultCode"
            visible: (screen.c.fault || "") !== ""
            text: qsTr("Code %1").arg(screen.c.fault || "")
            color: Style.textMuted
            font.pixelSize: Style.fontCaption
        }
    ]
    actions: [
        OverviewButton { bridge: screen.bridge }
    ]
}
