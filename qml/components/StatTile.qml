import QtQuick
import Kiosk

// A figure the driver watches: "Energy 12.4 kWh".
Panel {
    id: tile
    property string label: ""
    property string value: ""
    property string unit: ""
    property string sub: ""
    property bool emphasis: false
    property bool big: false
    implicitHeight: col.implicitHeight + 2 * (big ? Style.gapL : Style.gap)
    color: emphasis ? Style.accentSoft : Style.surface

    Column {
        id: col
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: tile.big ? Style.gapL : Style.gap
        spacing: Style.gapXS
        Text {
            width: parent.width
            text: tile.label
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
            elide: Text.ElideRight
        }
        Row {
            spacing: Style.gapXS
            width: parent.width
            Text {
                id: valueText
                objectName: "statValue"
                text: tile.value
                color: tile.emphasis ? Style.accentText : Style.text
                font.pixelSize: tile.big ? Style.fontDisplay : Style.fontTitle
                font.weight: Font.Bold
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Style.fontBody
                width: Math.min(implicitWidth, parent.width - unitText.implicitWidth - Style.gapXS)
            }
            Text {
                id: unitText
                text: tile.unit
                visible: text !== ""
                color: Style.textMuted
                font.pixelSize: Style.fontBody
                anchors.baseline: valueText.baseline
            }
        }
        Text {
            width: parent.width
            visible: text !== ""
            text: tile.sub
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
            wrapMode: Text.WordWrap
        }
    }
}
