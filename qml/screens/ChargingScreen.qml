import QtQuick
import Kiosk
import QtQuick.Layouts

// The session at a glance: energy, power, time, cost against the reservation,
// and a Stop button that is impossible to miss.
Item {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    // Short screens (800x480 with a banner): drop the detail line, the tiles say it.
    readonly property bool compact: height < Style.px(400)

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Style.margin
        anchors.topMargin: screen.compact ? Style.gap : Style.margin
        anchors.bottomMargin: screen.compact ? Style.gap : Style.margin
        spacing: screen.compact ? Style.gapS : Style.gap

        RowLayout {
            Layout.fillWidth: true
            spacing: Style.gap
            Rectangle {
                Layout.alignment: Qt.AlignTop
                width: Style.px(screen.compact ? 40 : 56); height: width; radius: width / 2
                color: Style.accentSoft
                Icon {
                    anchors.centerIn: parent
                    name: "bolt"; color: Style.accentText
                    width: parent.width * 0.6; height: width
                }
            }
            Column {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignVCenter
                PromptHeader {
                    width: parent.width
                    title: screen.c.title || ""
                    detail: screen.compact ? "" : (screen.c.detail || "")
                }
                // Compact (a banner is up): the detail line goes, the charge point stays named.
                Text {
                    objectName: "chargePointName"
                    visible: screen.compact
                    text: qsTr("Charge point %1").arg(screen.c.label || "")
                    color: Style.accentText
                    font.pixelSize: Style.fontSmall
                    font.weight: Font.DemiBold
                }
            }
        }

        Item { Layout.fillHeight: true; Layout.fillWidth: true; visible: Style.portrait }

        GridLayout {
            Layout.fillWidth: true
            columns: Style.portrait ? 2 : 4
            columnSpacing: Style.gap
            rowSpacing: Style.gap
            StatTile {
                objectName: "statEnergy"
                Layout.fillWidth: true; Layout.preferredWidth: 1
                label: qsTr("Energy"); value: screen.c.energyText || ""; unit: "kWh"
                big: Style.portrait
            }
            StatTile {
                objectName: "statPower"
                Layout.fillWidth: true; Layout.preferredWidth: 1
                label: qsTr("Power"); value: screen.c.powerText || ""; unit: "kW"
                big: Style.portrait
            }
            StatTile {
                objectName: "statDuration"
                Layout.fillWidth: true; Layout.preferredWidth: 1
                label: qsTr("Duration"); value: screen.c.durationText || ""
                big: Style.portrait
            }
            StatTile {
                objectName: "statCost"
                Layout.fillWidth: true; Layout.preferredWidth: 1
                label: qsTr("Cost"); value: screen.c.costText || ""
                emphasis: true
                big: Style.portrait
            }
        }

        // Cost so far against the amount reserved on the card.
        Column {
            Layout.fillWidth: true
            spacing: Style.gapS
            Text {
                objectName: "costBarLabel"
                width: parent.width
                text: qsTr("Cost so far against the %1 reserved on your card").arg(screen.c.reservedText || "")
                color: Style.textMuted
                font.pixelSize: Style.fontSmall
                wrapMode: Text.WordWrap
            }
            Rectangle {
                width: parent.width
                height: Style.px(12)
                radius: height / 2
                color: Style.surfaceHigh
                Rectangle {
                    objectName: "costBar"
                    width: Math.max(parent.height, parent.width * (screen.c.costFraction || 0))
                    height: parent.height
                    radius: height / 2
                    color: (screen.c.costFraction || 0) > 0.9 ? Style.warning : Style.accent
                }
            }
            Item {
                width: parent.width
                height: Math.max(usedText.implicitHeight, reservedText.implicitHeight)
                Text {
                    id: usedText
                    anchors.left: parent.left
                    text: screen.c.cardHint ? qsTr("Card %1").arg(screen.c.cardHint) : ""
                    color: Style.textMuted
                    font.pixelSize: Style.fontSmall
                }
                Text {
                    id: reservedText
                    objectName: "priceLine"
                    anchors.right: parent.right
                    width: Math.min(implicitWidth, parent.width - usedText.implicitWidth - Style.gap)
                    horizontalAlignment: Text.AlignRight
                    wrapMode: Text.WordWrap
                    // The prices in force and the idle-fee rule, while charging.
                    text: {
                        var b = screen.bridge
                        if (!b) return ""
                        var parts = [qsTr("%1 per kWh").arg(b.priceEnergy)]
                        if (b.priceIdleFee !== "" && b.priceIdleFeeCharged)
                            parts.push(qsTr("Idle fee %1").arg(b.priceIdleFee))
                        return parts.join(" · ")
                    }
                    color: Style.textMuted
                    font.pixelSize: Style.fontSmall
                }
            }
            Text {
                objectName: "stopHint"
                width: parent.width
                visible: text !== "" && !screen.compact
                wrapMode: Text.WordWrap
                // How to stop, as this station's modes allow.
                text: {
                    var b = screen.bridge
                    if (!b) return ""
                    var ways = []
                    if (b.tapToStop) ways.push(qsTr("tap the same card"))
                    if (b.unplugToStop) ways.push(qsTr("unplug the cable"))
                    if (b.uiStop) ways.push(qsTr("press Stop charging"))
                    return ways.length ? qsTr("To stop: %1").arg(ways.join(" · ")) : ""
                }
                color: Style.text
                font.pixelSize: Style.fontSmall
            }
        }

        Item { Layout.fillHeight: true; Layout.fillWidth: true }

        RowLayout {
            Layout.fillWidth: true
            spacing: Style.gap
            OverviewButton { bridge: screen.bridge }
            Item { Layout.fillWidth: true; visible: !Style.portrait }
            KButton {
                objectName: "buttonStop"
                // modes.ui_stop off: the journey would ignore it
                visible: screen.bridge ? screen.bridge.uiStop : false
                kind: "danger"
                large: true
                iconName: "stop"
                text: qsTr("Stop charging")
                Layout.preferredWidth: Style.portrait ? -1 : Math.max(implicitWidth, Style.px(280))
                Layout.fillWidth: Style.portrait
                onClicked: screen.bridge.requestStop(screen.c.connectorId)
            }
        }
    }
}
