import QtQuick
import Kiosk
import QtQuick.Layouts

// Charging is over but the bay is still taken: the idle fee is running.
Item {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})

    GridLayout {
        // Landscape: two columns over the whole area; portrait: one centred block.
        x: Style.margin
        width: parent.width - 2 * Style.margin
        y: Style.portrait ? Math.max(Style.margin, (parent.height - implicitHeight) / 2) : Style.margin
        height: Style.portrait ? implicitHeight : parent.height - 2 * Style.margin
        columns: Style.portrait ? 1 : 2
        columnSpacing: Style.gapXL
        rowSpacing: Style.portrait ? Style.gapXL : Style.gapL

        Column {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: Style.gapL
            Rectangle {
                width: Style.px(72); height: width; radius: width / 2
                color: Style.warningSoft
                Icon {
                    anchors.centerIn: parent
                    name: "unplug"; color: Style.warningText
                    width: parent.width * 0.6; height: width
                }
            }
            PromptHeader {
                width: parent.width
                title: screen.c.title || ""
                detail: screen.c.detail || ""
            }
            // When the fee starts (during the grace period), or that it runs.
            Text {
                objectName: "idleFeeStarts"
                width: parent.width
                wrapMode: Text.WordWrap
                visible: text !== ""
                readonly property int minutes: screen.c.idleFeeStartsMin !== undefined ? screen.c.idleFeeStartsMin : -1
                text: minutes > 0 ? qsTr("The idle fee starts in %1 min.").arg(minutes)
                      : minutes === 0 ? qsTr("The idle fee is running.") : ""
                color: Style.warningText
                font.pixelSize: Style.fontBody
                font.weight: Font.DemiBold
            }
            OverviewButton { bridge: screen.bridge }
        }
        Column {
            Layout.fillWidth: true
            Layout.preferredWidth: Style.portrait ? -1 : Style.px(300)
            Layout.alignment: Qt.AlignVCenter
            spacing: Style.gap
            StatTile {
                objectName: "statIdleFee"
                width: parent.width
                label: qsTr("Idle fee")
                value: screen.c.idleFeeText || ""
                sub: screen.bridge ? screen.bridge.priceIdleFee : ""
            }
            Row {
                width: parent.width
                spacing: Style.gap
                StatTile {
                    width: (parent.width - parent.spacing) / 2
                    label: qsTr("Energy"); value: screen.c.energyText || ""; unit: "kWh"
                }
                StatTile {
                    width: (parent.width - parent.spacing) / 2
                    label: qsTr("Cost"); value: screen.c.costText || ""
                    emphasis: true
                }
            }
        }
    }
}
