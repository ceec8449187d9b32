import QtQuick
import Kiosk

// A non-blocking problem (card reader reconnecting, a charger warning): the
// journey goes on underneath.
Rectangle {
    id: banner
    property string title: ""
    property string detail: ""
    implicitHeight: Math.max(Style.touchMin, row.implicitHeight + 2 * Style.gapS)
    color: Style.warningSoft

    Row {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.leftMargin: Style.margin
        anchors.rightMargin: Style.margin
        anchors.verticalCenter: parent.verticalCenter
        spacing: Style.gap
        Icon {
            name: "warning"
            color: Style.warningText
            width: Style.iconS * 1.2; height: width
            anchors.verticalCenter: parent.verticalCenter
        }
        Column {
            width: row.width - Style.iconS * 1.2 - row.spacing
            anchors.verticalCenter: parent.verticalCenter
            Text {
                objectName: "bannerTitle"
                width: parent.width
                text: banner.title
                color: Style.text
                font.pixelSize: Style.fontBody
                font.weight: Font.DemiBold
                wrapMode: Text.WordWrap
            }
            Text {
                width: parent.width
                visible: text !== ""
                text: banner.detail
                color: Style.text
                font.pixelSize: Style.fontSmall
                wrapMode: Text.WordWrap
            }
        }
    }
}
