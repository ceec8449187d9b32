import QtQuick
import Kiosk
import QtQuick.Layouts

// Authorized: plug in before the deadline (the journey voids after it).
Item {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})

    GridLayout {
        // Landscape: two columns over the whole area; portrait: one centred block.
        x: Style.margin
        width: parent.width - 2 * Style.margin
        y: Style.portrait ? Math.max(Style.margin, (parent.height - implicitHeight) / 2) : Style.margin
        height: Style.portrait ? implicitHeight : parent.height - 2 * Style.margin
        columns: Style.portrait ? 1 : 2
        columnSpacing: Style.gapXL
        rowSpacing: Style.portrait ? Style.gapXL : Style.gapL

        CountdownRing {
            objectName: "plugInRing"
            Layout.alignment: Qt.AlignCenter
            Layout.preferredWidth: Style.portrait ? Style.px(220) : Math.min(Style.px(220), screen.height - 2 * Style.margin)
            Layout.preferredHeight: Layout.preferredWidth
            seconds: screen.c.secondsLeft !== undefined ? screen.c.secondsLeft : -1
            total: screen.c.secondsTotal > 0 ? screen.c.secondsTotal : Math.max(1, seconds)
        }
        Column {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: Style.gapL
            Row {
                spacing: Style.gap
                Rectangle {
                    width: Style.px(56); height: width; radius: width / 2
                    color: Style.accentSoft
                    Icon {
                        anchors.centerIn: parent
                        name: "plug"; color: Style.accentText
                        width: parent.width * 0.6; height: width
                    }
                }
                Text {
                    anchors.verticalCenter: parent.verticalCenter
                    text: screen.c.cardHint ? qsTr("Card %1 approved").arg(screen.c.cardHint) : qsTr("Card approved")
                    color: Style.accentText
                    font.pixelSize: Style.fontBody
                    font.weight: Font.DemiBold
                }
            }
            PromptHeader {
                width: parent.width
                title: screen.c.title || ""
                detail: screen.c.detail || ""
            }
            Row {
                spacing: Style.gap
                OverviewButton { bridge: screen.bridge }
                KButton {
                    objectName: "buttonCancelSession"
                    // modes.ui_stop off: the journey would ignore it
                    visible: screen.bridge ? screen.bridge.uiStop : false
                    kind: "ghost"
                    iconName: "close"
                    text: qsTr("Cancel")
                    onClicked: screen.bridge.requestStop(screen.c.connectorId)
                }
            }
        }
    }
}
