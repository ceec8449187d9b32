import QtQuick
import Kiosk

// Station name and the language button. Nothing here quits or leaves the kiosk.
Rectangle {
    id: bar
    property string stationName: ""
    property string languageName: "English"
    property string terminalState: "ready"
    signal languageRequested()

    implicitHeight: Style.topBarHeight
    color: Style.bg

    Row {
        anchors.left: parent.left
        anchors.leftMargin: Style.margin
        anchors.verticalCenter: parent.verticalCenter
        spacing: Style.gapS
        Icon {
            name: "bolt"
            color: Style.accentText
            width: Style.iconS; height: width
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            objectName: "stationName"
            text: bar.stationName
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
            font.weight: Font.DemiBold
            anchors.verticalCenter: parent.verticalCenter
            // An operator's long name shrinks a little before it elides.
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Style.fontCaption
            elide: Text.ElideRight
            width: Math.min(implicitWidth, bar.width - langButton.width - 3 * Style.margin)
        }
    }

    // Language: big enough for a gloved thumb, labelled in the current language's own name.
    Rectangle {
        id: langButton
        objectName: "buttonLanguage"
        anchors.right: parent.right
        anchors.rightMargin: Style.margin - Style.gapS
        anchors.verticalCenter: parent.verticalCenter
        height: Math.min(Style.touchMin, bar.height)
        width: Math.max(Style.touchMin, langRow.implicitWidth + 2 * Style.gap)
        radius: Style.radiusS
        color: langArea.pressed ? Style.surfaceHigh : "transparent"
        Row {
            id: langRow
            anchors.centerIn: parent
            spacing: Style.gapS
            Icon {
                name: "globe"
                color: Style.text
                width: Style.iconS; height: width
                anchors.verticalCenter: parent.verticalCenter
            }
            Text {
                text: bar.languageName
                color: Style.text
                font.pixelSize: Style.fontBody
                font.weight: Font.DemiBold
                anchors.verticalCenter: parent.verticalCenter
            }
        }
        MouseArea {
            id: langArea
            anchors.fill: parent
            onClicked: bar.languageRequested()
        }
    }
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: Style.border
        color: Style.borderColor
    }
}
