import QtQuick
import Kiosk
import QtQuick.Layouts

// Idle / attract and connector choice. One connector: its own prompt, a big
// Start button and the prices. Several: one card per connector, and the prices.
Item {
    id: home
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    readonly property bool single: bridge ? bridge.connectorCount <= 1 : true
    readonly property bool canStart: bridge ? bridge.canStart : false
    // Several points: "Choose a charge point" only when one can be chosen.
    readonly property bool anyFree: {
        if (!bridge) return false
        var seq = bridge.seq            // re-evaluated with every snapshot
        for (var i = 0; i < bridge.connectorCount; ++i)
            if (bridge.connectors.get(i).cardState === "free") return true
        return false
    }

    GridLayout {
        id: grid
        anchors.fill: parent
        anchors.margins: Style.margin
        columns: Style.portrait ? 1 : 2
        columnSpacing: Style.gapL
        rowSpacing: Style.gapL

        // ---- the call to action
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: Style.portrait ? mainCol.implicitHeight : 0

            Column {
                id: mainCol
                width: parent.width
                // (a y binding, not switching anchors: the screen survives a rotation)
                y: Style.portrait ? 0 : Math.max(0, (parent.height - height) / 2)
                spacing: Style.gapL

                Text {
                    visible: home.single && home.c.connectorType !== undefined
                    text: qsTr("Charge point %1").arg(home.c.label || "") + " · " + (home.c.connectorType || "")
                          + " · " + qsTr("up to %1 kW").arg(home.c.maxPowerText || "")
                    color: Style.accentText
                    font.pixelSize: Style.fontSmall
                    font.weight: Font.DemiBold
                    width: parent.width
                    elide: Text.ElideRight
                }
                PromptHeader {
                    width: parent.width
                    title: home.single ? (home.c.title || "")
                           : home.anyFree ? qsTr("Choose a charge point") : qsTr("No charge point is free right now")
                    detail: home.single ? (home.c.detail || "") : ""
                }
                KButton {
                    objectName: "buttonStart"
                    visible: home.single && home.bridge && home.bridge.uiStart
                    enabled: home.canStart
                    kind: "primary"
                    large: true
                    iconName: "bolt"
                    text: qsTr("Start charging")
                    width: Style.portrait ? parent.width : Math.min(parent.width, Math.max(implicitWidth, Style.px(300)))
                    onClicked: home.bridge.selectConnector(home.c.connectorId)
                }
                TerminalHint {
                    visible: !Style.portrait && home.single && home.bridge !== null && home.bridge.tapToStart && home.canStart
                    maxWidth: parent.width
                }
                // Several connectors: one card each.
                Flow {
                    id: cards
                    visible: !home.single
                    width: parent.width
                    spacing: Style.gap
                    readonly property int perRow: Math.max(1, Math.min(home.bridge ? home.bridge.connectorCount : 1, Style.portrait ? 2 : 2))
                    Repeater {
                        model: home.single ? null : home.bridge.connectors
                        ConnectorCard {
                            required property var model
                            width: (cards.width - (cards.perRow - 1) * cards.spacing) / cards.perRow
                            connectorId: model.connectorId
                            label: model.label
                            connectorType: model.connectorType
                            maxPowerText: model.maxPowerText
                            cardState: model.cardState
                            title: model.title
                            energyText: model.energyText
                            costText: model.costText
                            phase: model.phase
                            secondsLeft: model.secondsLeft
                            startEnabled: home.canStart
                            onClicked: home.bridge.selectConnector(connectorId)
                        }
                    }
                }
            }
        }

        // ---- the prices, always visible before anyone commits
        PriceTable {
            bridge: home.bridge
            compact: Style.portrait ? false : !home.single
            Layout.fillWidth: Style.portrait
            Layout.preferredWidth: Style.portrait ? -1 : Math.round(grid.width * 0.4)
            Layout.alignment: Qt.AlignVCenter
        }

        // ---- where the terminal is (tap to start works without touching the screen)
        TerminalHint {
            visible: Style.portrait && home.bridge !== null && home.bridge.tapToStart && home.canStart
            Layout.alignment: Qt.AlignHCenter
            maxWidth: grid.width
            Layout.topMargin: Style.gapXL
        }
    }
}
