import QtQuick
import Kiosk

// Driver-chosen cap: the session stops when the cost reaches it.
Item {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    readonly property var choices: bridge ? bridge.amountChoices : []

    Column {
        id: col
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Style.margin
        spacing: Style.gapL
        PromptHeader {
            width: parent.width
            title: screen.c.title || ""
            detail: screen.c.detail || ""
        }
        Grid {
            id: grid
            width: parent.width
            columns: Style.portrait ? 2 : Math.min(4, Math.max(1, screen.choices.length))
            spacing: Style.gap
            Repeater {
                model: screen.choices
                KButton {
                    required property var modelData
                    required property int index
                    objectName: "buttonAmount" + index
                    width: (grid.width - (grid.columns - 1) * grid.spacing) / grid.columns
                    height: Style.px(Style.portrait ? 120 : 100)
                    kind: "secondary"
                    text: modelData.text
                    large: true
                    border.width: Style.border * 2
                    border.color: Style.accent
                    onClicked: screen.bridge.chooseAmount(modelData.amount)
                }
            }
        }
        Text {
            width: parent.width
            text: qsTr("The amount is reserved on your card. You pay only for what you charge; the rest is released.")
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
            wrapMode: Text.WordWrap
        }
    }
    KButton {
        objectName: "buttonBack"
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: Style.margin
        kind: "ghost"
        iconName: "back"
        text: qsTr("Back")
        onClicked: screen.bridge.back()
    }
}
