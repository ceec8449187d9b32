import QtQuick
import Kiosk

// One line of the price table: label left, price right; `stacked` puts a long
// price (the idle fee rule) under its label instead of squeezing it.
Item {
    id: row
    property string label: ""
    property string value: ""
    property bool strong: false
    property bool stacked: false
    implicitHeight: stacked ? labelText.implicitHeight + valueText.implicitHeight + Style.gapS
                            : Math.max(labelText.implicitHeight, valueText.implicitHeight) + Style.gapS
    Text {
        id: labelText
        anchors.left: parent.left
        anchors.right: row.stacked ? parent.right : valueText.left
        anchors.rightMargin: row.stacked ? 0 : Style.gapS
        y: row.stacked ? Style.gapS / 2 : (row.height - height) / 2
        text: row.label
        color: Style.textMuted
        font.pixelSize: Style.fontSmall
        wrapMode: Text.WordWrap
    }
    Text {
        id: valueText
        anchors.right: row.stacked ? undefined : parent.right
        anchors.left: row.stacked ? parent.left : undefined
        y: row.stacked ? labelText.y + labelText.height : (row.height - height) / 2
        width: row.stacked ? row.width : Math.min(implicitWidth, row.width * 0.6)
        text: row.value
        color: Style.text
        font.pixelSize: row.strong ? Style.fontBody : Style.fontSmall
        font.weight: Font.DemiBold
        horizontalAlignment: row.stacked ? Text.AlignLeft : Text.AlignRight
        wrapMode: Text.WordWrap
    }
}
