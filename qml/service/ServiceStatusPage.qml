import QtQuick
import Kiosk

// Status: the software, the terminal link, each connector, the books.
Flickable {
    id: page
    required property ServiceBridge service
    readonly property var s: service.status
    readonly property bool twoColumns: width > Style.px(560)
    readonly property real columnWidth: twoColumns ? (width - Style.gap) / 2 : width
    clip: true
    contentHeight: flow.implicitHeight
    boundsBehavior: Flickable.StopAtBounds
    function v(key) { return page.s[key] !== undefined ? String(page.s[key]) : "—" }
    function phaseText(p) {
        switch (p) {
        case "available": return qsTr("available")
        case "charging": return qsTr("charging")
        case "out_of_service": return qsTr("out of service")
        case "faulted": return qsTr("faulted")
        case "charger_offline": return qsTr("charger offline")
        default: return p
        }
    }
    Timer { interval: 2000; repeat: true; running: page.visible && Style.motion; onTriggered: page.service.refresh("status") }

    Flow {
        id: flow
        width: page.width
        spacing: Style.gap
        ServiceSection {
            width: page.columnWidth
            title: qsTr("Kiosk")
            rows: [[qsTr("Version"), page.v("version"), "statusVersion"],
                   [qsTr("Uptime"), page.v("uptime"), "statusUptime"],
                   [qsTr("Data directory"), page.v("dataDir"), "statusDataDir"],
                   [qsTr("Free disk"), page.v("diskFree"), "statusDiskFree"],
                   [qsTr("Renderer"), page.v("renderer"), "statusRenderer"]]
        }
        ServiceSection {
            width: page.columnWidth
            title: qsTr("Payment terminal")
            rows: [[qsTr("Address"), page.v("terminalUrl"), "statusTerminalUrl"],
                   [qsTr("Link"), page.v("link") === "ready" ? qsTr("ready") : qsTr("connecting"), "statusLink"],
                   [qsTr("Since"), page.v("linkSince"), "statusLinkSince"],
                   [qsTr("Terminal state"), page.v("pspState"), "statusPspState"],
                   [qsTr("Last round trip"), page.v("rtt"), "statusRtt"],
                   [qsTr("Last error"), page.v("lastError"), "statusLastError"]]
        }
        Repeater {
            model: page.service.connectors
            ServiceSection {
                required property var modelData
                width: page.columnWidth
                title: qsTr("Charge point %1").arg(modelData.id)
                rows: [[qsTr("State"), page.phaseText(modelData.phase), "statusPhase" + modelData.id],
                       [qsTr("Cable"), modelData.plugged ? qsTr("plugged in") : qsTr("not plugged in"), "statusPlug" + modelData.id],
                       [qsTr("Faults"), modelData.faults, "statusFaults" + modelData.id],
                       [qsTr("Meter"), modelData.energy, "statusEnergy" + modelData.id],
                       [qsTr("Power"), modelData.power, "statusPower" + modelData.id]]
            }
        }
        ServiceSection {
            width: page.columnWidth
            title: qsTr("Books")
            rows: [[qsTr("Open payments"), page.v("openPayments"), "statusOpenPayments"],
                   [qsTr("Money commands waiting"), page.v("commandsWaiting"), "statusCommandsWaiting"],
                   [qsTr("Next attempt"), page.v("nextAttempt"), "statusNextAttempt"],
                   [qsTr("Last commit"), page.v("lastCommit"), "statusLastCommit"]]
        }
    }
}
