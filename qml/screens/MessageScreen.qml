import QtQuick
import Kiosk

// A short message from the journey (session cancelled, no card, wrong card).
StatusLayout {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    // Nothing charged after the station failed the driver: a warning, not a note.
    readonly property bool stationProblem: ["ended_nothing_charged", "voided_no_start"].indexOf(c.promptId) >= 0
    iconName: stationProblem ? "warning" : c.promptId === "no_card" ? "card" : "info"
    tone: stationProblem ? "warning" : "info"
    title: c.title || ""
    detail: c.detail || ""
    extra: [
        HelpLine { bridge: screen.bridge; evseId: screen.c.evseId || ""; visible: screen.stationProblem && text !== "" }
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
