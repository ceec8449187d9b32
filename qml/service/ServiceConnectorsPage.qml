import QtQuick
import Kiosk

// Connectors: out of service and back (kept across restarts), force unlock,
// clear a latched fault. Each action asks once more before it is sent.
Item {
    id: page
    required property ServiceBridge service
    property string confirmAction: ""
    property int confirmId: 0

    Flickable {
        anchors.fill: parent
        clip: true
        contentHeight: col.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
    Column {
        id: col
        width: page.width
        spacing: Style.gap
        Repeater {
            model: page.service.connectors
            Panel {
                id: card
                required property var modelData
                width: col.width
                height: inner.implicitHeight + 2 * Style.gap
                Column {
                    id: inner
                    anchors.fill: parent
                    anchors.margins: Style.gap
                    spacing: Style.gapS
                    Text {
                        text: qsTr("Charge point %1").arg(card.modelData.id) + " · "
                              + (card.modelData.outOfService ? qsTr("out of service") : qsTr("in service"))
                        color: card.modelData.outOfService ? Style.warningText : Style.text
                        font.pixelSize: Style.fontBody
                        font.weight: Font.DemiBold
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Faults: %1").arg(card.modelData.faults)
                        color: Style.textMuted
                        font.pixelSize: Style.fontSmall
                        wrapMode: Text.WordWrap
                    }
                    Flow {
                        width: parent.width
                        spacing: Style.gapS
                        KButton {
                            objectName: "buttonOutOfService" + card.modelData.id
                            kind: card.modelData.outOfService ? "primary" : "danger"
                            text: card.modelData.outOfService ? qsTr("Back in service") : qsTr("Take out of service")
                            onClicked: { page.confirmAction = card.modelData.outOfService ? "enable" : "disable"; page.confirmId = card.modelData.id }
                        }
                        KButton {
                            objectName: "buttonUnlock" + card.modelData.id
                            enabled: !card.modelData.charging
                            text: qsTr("Force unlock")
                            onClicked: { page.confirmAction = "unlock"; page.confirmId = card.modelData.id }
                        }
                        KButton {
                            objectName: "buttonClearFault" + card.modelData.id
                            enabled: card.modelData.hasFault
                            text: qsTr("Clear fault")
                            onClicked: { page.confirmAction = "clear_fault"; page.confirmId = card.modelData.id }
                        }
                    }
                }
            }
        }
    }

    }

    ServiceConfirm {
        objectName: "connectorConfirm"
        anchors.fill: parent
        visible: page.confirmAction !== ""
        question: page.confirmAction === "disable" ? qsTr("Take charge point %1 out of service? A session in progress goes on; no new one starts.").arg(page.confirmId)
                : page.confirmAction === "enable" ? qsTr("Put charge point %1 back in service?").arg(page.confirmId)
                : page.confirmAction === "unlock" ? qsTr("Unlock the cable of charge point %1?").arg(page.confirmId)
                : qsTr("Clear the faults of charge point %1?").arg(page.confirmId)
        onAnswered: (yes) => {
            if (yes) {
                if (page.confirmAction === "disable" || page.confirmAction === "enable")
                    page.service.setOutOfService(page.confirmId, page.confirmAction === "disable")
                else if (page.confirmAction === "unlock") page.service.unlock(page.confirmId)
                else page.service.clearFault(page.confirmId)
            }
            page.confirmAction = ""
        }
    }
}
