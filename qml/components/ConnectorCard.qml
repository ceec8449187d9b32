import QtQuick
import Kiosk

// One connector on the overview: which one, what kind, and whether it is free.
// Tapping a free one starts the journey; a busy one shows its session.
Rectangle {
    id: card
    objectName: "buttonConnector" + connectorId
    property int connectorId: 0
    property string label: ""
    property string connectorType: ""
    property string maxPowerText: ""
    property string cardState: "free"
    property string title: ""
    property string energyText: ""
    property string costText: ""
    property bool startEnabled: true
    property string phase: ""
    property int secondsLeft: -1      // from the snapshot; counted down here between them
    // A driver who went Back to the overview still sees their plug-in time.
    readonly property bool waitingForPlug: phase === "plug_in" && secondsLeft >= 0
    property int remaining: secondsLeft
    onSecondsLeftChanged: remaining = secondsLeft
    Timer {
        interval: 1000; repeat: true
        running: card.waitingForPlug && card.remaining > 0
        onTriggered: card.remaining = Math.max(0, card.remaining - 1)
    }
    signal clicked()

    readonly property bool tappable: cardState === "free" ? startEnabled : cardState === "charging"
    // The card is enabled when a tap does something (its MouseArea follows).
    enabled: tappable
    implicitWidth: Style.px(200)
    implicitHeight: Math.max(Style.px(180), col.implicitHeight + 2 * Style.gap)
    radius: Style.radius
    color: Style.surface
    border.width: cardState === "free" && startEnabled ? Style.border * 2 : Style.border
    border.color: cardState === "free" && startEnabled ? Style.accent : Style.borderColor
    scale: area.pressed ? 0.98 : 1
    Behavior on scale { NumberAnimation { duration: Style.animFast } }

    Column {
        id: col
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Style.gap
        spacing: Style.gapS
        Row {
            spacing: Style.gap
            width: parent.width
            Rectangle {
                width: Style.px(52); height: width
                radius: Style.radiusS
                color: card.cardState === "free" ? Style.accent : Style.surfaceHigh
                Text {
                    anchors.centerIn: parent
                    text: card.label
                    color: card.cardState === "free" ? Style.accentFg : Style.text
                    font.pixelSize: Style.fontTitle
                    font.weight: Font.Bold
                }
            }
            Column {
                anchors.verticalCenter: parent.verticalCenter
                width: parent.width - Style.px(52) - Style.gap
                Text {
                    width: parent.width
                    text: card.connectorType
                    color: Style.text
                    font.pixelSize: Style.fontBody
                    font.weight: Font.DemiBold
                    wrapMode: Text.Wrap
                }
                Text {
                    width: parent.width
                    text: qsTr("up to %1 kW").arg(card.maxPowerText)
                    color: Style.textMuted
                    font.pixelSize: Style.fontSmall
                    // Wrapped, never elided: "up to 22 …" would hide the power.
                    wrapMode: Text.WordWrap
                }
            }
        }
        StatePill { id: pill; state_: card.cardState }
        Text {
            width: parent.width
            visible: card.cardState === "charging" && card.energyText !== "" && !card.waitingForPlug
            text: card.energyText + " kWh · " + card.costText
            color: Style.text
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "connectorPlugInTime"
            width: parent.width
            visible: card.waitingForPlug
            text: qsTr("Plug in within %1").arg(Math.floor(card.remaining / 60) + ":"
                                                 + ("0" + card.remaining % 60).slice(-2))
            color: Style.accentText
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Text {
            width: parent.width
            // Not "Out of service" twice: the pill already says it.
            // Nor "Plug in your vehicle" under the plug-in time that says it.
            visible: card.cardState !== "free" && card.title !== pill.label && !card.waitingForPlug
            text: card.title
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        Text {
            width: parent.width
            visible: card.cardState === "free" && card.startEnabled
            text: qsTr("Tap your card to start")
            color: Style.accentText
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: card.clicked()
    }
}
