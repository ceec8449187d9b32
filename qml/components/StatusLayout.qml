import QtQuick
import Kiosk

// The shape of every "one message" screen: a symbol, the journey's words,
// optional content, and the actions at the bottom where thumbs are.
Item {
    id: s
    property string iconName: "info"
    property string tone: "info"          // info | ok | warning | danger
    property bool busy: false
    property string title: ""
    property string detail: ""
    property alias extra: extraBox.data
    property alias actions: actionRow.data
    property bool showTerminalHint: false

    readonly property color toneColor: tone === "ok" ? Style.accentText
                                      : tone === "warning" ? Style.warningText
                                      : tone === "danger" ? Style.dangerText
                                      : Style.info
    readonly property color toneSoft: tone === "ok" ? Style.accentSoft
                                     : tone === "warning" ? Style.warningSoft
                                     : tone === "danger" ? Style.dangerSoft
                                     : Style.infoSoft

    Item {
        id: area
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: bottomBox.top
        anchors.margins: Style.margin

        Column {
            id: col
            anchors.centerIn: parent
            width: Math.min(area.width, Style.px(640))
            spacing: Style.gapL
            Rectangle {
                anchors.horizontalCenter: parent.horizontalCenter
                // Shrinks on short screens so the words always fit.
                width: Math.min(Style.iconL * 1.5, Math.max(Style.iconM * 1.5, area.height * 0.26)); height: width
                radius: width / 2
                color: s.busy ? "transparent" : s.toneSoft
                Icon {
                    visible: !s.busy
                    anchors.centerIn: parent
                    name: s.iconName
                    color: s.toneColor
                    width: parent.width * 0.55; height: width
                }
                Spinner {
                    visible: s.busy
                    anchors.fill: parent
                }
            }
            PromptHeader {
                width: parent.width
                title: s.title
                detail: s.detail
                horizontalAlignment: Text.AlignHCenter
            }
            Item {
                id: extraBox
                anchors.horizontalCenter: parent.horizontalCenter
                width: childrenRect.width
                height: childrenRect.height
                visible: children.length > 0
            }
        }
    }
    // Actions and the terminal hint at the bottom: side by side in landscape,
    // stacked in portrait.
    Grid {
        id: bottomBox
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Style.margin
        anchors.horizontalCenter: parent.horizontalCenter
        // One column when only one of the two shows: an empty second column still
        // took a spacing and pushed a single button half a gap off centre.
        columns: Style.portrait || !actionRow.visible || !s.showTerminalHint ? 1 : 2
        spacing: Style.gap
        verticalItemAlignment: Grid.AlignVCenter
        horizontalItemAlignment: Grid.AlignHCenter
        Row {
            id: actionRow
            spacing: Style.gap
            visible: children.length > 0
        }
        TerminalHint {
            visible: s.showTerminalHint
            maxWidth: s.width - 2 * Style.margin - (Style.portrait || !actionRow.visible ? 0 : actionRow.width + Style.gap)
        }
    }
}
