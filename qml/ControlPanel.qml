pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// Demo only: a second window that drives the simulators (the card tapped on
// the terminal, the cable, the charger's power, faults, links). Every button
// calls one SimControls slot; nothing here knows the journey.
Window {
    id: panel
    required property SimControls controls
    property string theme: "dark"
    // Beside the kiosk window when the screen has room (no window manager
    // places it otherwise, and on top it hides the kiosk's own screen).
    property Window beside: null
    width: 420
    height: Math.min(760, Screen.desktopAvailableHeight)
    x: beside ? Math.max(0, Math.min(beside.x + beside.width + 16, Screen.desktopAvailableWidth - width)) : 40
    y: beside ? beside.y : 40
    visible: true
    title: "Simulator controls"
    color: "#161a20"

    property string card: "visa"
    property string outcome: "auto"
    property int cid: controls.connectorIds.length > 0 ? controls.connectorIds[0] : 1
    // The last receipt shown on the kiosk: its URL, to open on this computer.
    property string receiptUrl: ""
    Connections {
        target: panel.beside ? panel.beside.bridge : null
        ignoreUnknownSignals: true
        function onChanged() {
            const url = panel.beside.bridge.current.receiptUrl
            if (url)
                panel.receiptUrl = url
        }
    }

    component Section: Label {
        font.pixelSize: 13
        font.bold: true
        font.capitalization: Font.AllUppercase
        color: "#9aa5b1"
        topPadding: 10
    }
    component Btn: Button {
        Layout.fillWidth: true
        Layout.preferredHeight: 40
    }

    ScrollView {
        anchors.fill: parent
        anchors.margins: 14
        contentWidth: availableWidth

        ColumnLayout {
            width: parent.width
            spacing: 6

            Label {
                text: "Simulator controls"
                font.pixelSize: 20; font.bold: true
                color: "#f3f6f9"
            }

            Section { text: "Card on the terminal" }
            RowLayout {
                Layout.fillWidth: true
                Repeater {
                    model: panel.controls.cards
                    delegate: Button {
                        required property string modelData
                        Layout.fillWidth: true
                        text: modelData
                        checkable: true
                        checked: panel.card === modelData
                        onClicked: panel.card = modelData
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Repeater {
                    model: panel.controls.outcomes
                    delegate: Button {
                        required property string modelData
                        Layout.fillWidth: true
                        text: modelData
                        checkable: true
                        checked: panel.outcome === modelData
                        onClicked: panel.outcome = modelData
                    }
                }
            }
            Btn {
                objectName: "panelTap"
                text: "Tap " + panel.card + " (" + panel.outcome + ")"
                highlighted: true
                onClicked: panel.controls.presentCard(panel.card, panel.outcome)
            }

            Section { text: "Connector" }
            RowLayout {
                Layout.fillWidth: true
                Repeater {
                    model: panel.controls.connectorIds
                    delegate: Button {
                        required property int modelData
                        Layout.fillWidth: true
                        text: "Connector " + modelData
                        checkable: true
                        checked: panel.cid === modelData
                        onClicked: panel.cid = modelData
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Btn { objectName: "panelPlug"; text: "Plug in"; onClicked: panel.controls.plug(panel.cid) }
                Btn { objectName: "panelUnplug"; text: "Unplug"; onClicked: panel.controls.unplug(panel.cid) }
            }
            RowLayout {
                Layout.fillWidth: true
                Label { text: "Power"; color: "#f3f6f9" }
                Slider {
                    id: power
                    Layout.fillWidth: true
                    from: 0; to: 22; stepSize: 0.5; value: 11
                    onPressedChanged: if (!pressed) panel.controls.setPowerKw(panel.cid, value)
                }
                Label { text: power.value.toFixed(1) + " kW"; color: "#f3f6f9"; Layout.preferredWidth: 64 }
            }
            RowLayout {
                Layout.fillWidth: true
                Btn { text: "Fault (blocking)"; onClicked: panel.controls.raiseFault(panel.cid, true) }
                Btn { text: "Warning"; onClicked: panel.controls.raiseFault(panel.cid, false) }
                Btn { text: "Clear fault"; onClicked: panel.controls.clearFault(panel.cid) }
            }

            Section { text: "Terminal" }
            RowLayout {
                Layout.fillWidth: true
                Btn { text: "Host online"; onClicked: panel.controls.setTerminalOnline(true) }
                Btn { text: "Host offline"; onClicked: panel.controls.setTerminalOnline(false) }
            }
            Btn { text: "Drop terminal link"; onClicked: panel.controls.dropTerminalLink() }

            Section { text: "Charger link" }
            RowLayout {
                Layout.fillWidth: true
                Btn { text: "Drop charger link"; onClicked: panel.controls.dropChargerLink() }
                Btn { text: "Restore charger link"; onClicked: panel.controls.restoreChargerLink() }
            }

            Label {
                objectName: "panelReceiptUrl"
                visible: panel.receiptUrl !== ""
                Layout.fillWidth: true
                Layout.topMargin: 12
                textFormat: Text.StyledText
                text: "Last receipt: <a href=\"" + panel.receiptUrl + "\">" + panel.receiptUrl + "</a>"
                linkColor: "#8ab4f8"
                color: "#f3f6f9"
                wrapMode: Text.WrapAnywhere
                onLinkActivated: (link) => Qt.openUrlExternally(link)
                HoverHandler { cursorShape: Qt.PointingHandCursor }
            }

            Label {
                objectName: "panelStatus"
                Layout.fillWidth: true
                Layout.topMargin: 12
                text: panel.controls.status
                color: "#9aa5b1"
                wrapMode: Text.WordWrap
            }
        }
    }
}
