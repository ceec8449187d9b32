import QtQuick
import Kiosk

// Languages by their own names, big buttons; tapping outside closes.
Rectangle {
    id: picker
    property var languages: []
    property string current: "en"
    signal chosen(string code)
    signal dismissed()

    color: Style.scrim
    MouseArea { anchors.fill: parent; onClicked: picker.dismissed() }

    Panel {
        id: panel
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Style.margin, Style.px(560))
        height: col.implicitHeight + 2 * Style.gapL
        color: Style.surface
        MouseArea { anchors.fill: parent }   // taps on the panel stay on the panel
        Column {
            id: col
            anchors.fill: parent
            anchors.margins: Style.gapL
            spacing: Style.gap
            Text {
                text: qsTr("Language")
                color: Style.text
                font.pixelSize: Style.fontLead
                font.weight: Font.Bold
            }
            Grid {
                id: grid
                columns: Style.portrait ? 1 : 2
                spacing: Style.gap
                width: parent.width
                Repeater {
                    model: picker.languages
                    KButton {
                        required property var modelData
                        objectName: "buttonLang_" + modelData.code
                        width: (grid.width - (grid.columns - 1) * grid.spacing) / grid.columns
                        text: modelData.name
                        kind: modelData.code === picker.current ? "primary" : "secondary"
                        iconName: modelData.code === picker.current ? "check" : ""
                        onClicked: picker.chosen(modelData.code)
                    }
                }
            }
        }
    }
}
