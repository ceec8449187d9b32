import QtQuick
import Kiosk

// The journey's own words (already in the driver's language): title + detail.
Column {
    id: header
    property string title: ""
    property string detail: ""
    property int horizontalAlignment: Text.AlignLeft
    property bool big: true
    property color titleColor: Style.text
    spacing: Style.gapS

    Text {
        objectName: "promptTitle"
        width: header.width
        text: header.title
        color: header.titleColor
        font.pixelSize: header.big ? Style.fontTitle : Style.fontLead
        font.weight: Font.Bold
        wrapMode: Text.WordWrap
        horizontalAlignment: header.horizontalAlignment
        lineHeight: 1.1
    }
    Text {
        objectName: "promptDetail"
        width: header.width
        visible: text !== ""
        text: header.detail
        color: Style.textMuted
        font.pixelSize: header.big ? Style.fontBody : Style.fontSmall
        wrapMode: Text.WordWrap
        horizontalAlignment: header.horizontalAlignment
        lineHeight: 1.15
    }
}
