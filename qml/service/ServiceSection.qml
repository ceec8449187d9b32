import QtQuick
import Kiosk

// A titled panel of label/value rows on a service page.
Panel {
    id: section
    property string title: ""
    property var rows: []            // [[label, value, objectName], ...]
    implicitHeight: col.implicitHeight + 2 * Style.gap

    Column {
        id: col
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: Style.gap
        spacing: Style.gapXS
        Text {
            text: section.title
            color: Style.accentText
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
        }
        Repeater {
            model: section.rows
            Row {
                required property var modelData
                width: col.width
                spacing: Style.gapS
                Text {
                    width: parent.width * 0.42
                    text: modelData[0]
                    color: Style.textMuted
                    font.pixelSize: Style.fontSmall
                    wrapMode: Text.Wrap
                }
                Text {
                    objectName: modelData[2] || ""
                    width: parent.width * 0.58 - Style.gapS
                    text: modelData[1]
                    color: Style.text
                    font.pixelSize: Style.fontSmall
                    wrapMode: Text.Wrap
                }
            }
        }
    }
}
