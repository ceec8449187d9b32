import QtQuick
import Kiosk

// "Are you sure?" over a service page: every action that changes something
// is confirmed once.
Rectangle {
    id: confirm
    property string question: ""
    signal answered(bool yes)
    color: Style.scrim
    MouseArea { anchors.fill: parent }     // nothing underneath takes the touch
    Panel {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Style.gap, Style.px(520))
        height: box.implicitHeight + 2 * Style.gapL
        Column {
            id: box
            anchors.fill: parent
            anchors.margins: Style.gapL
            spacing: Style.gapL
            Text {
                objectName: "confirmQuestion"
                width: parent.width
                text: confirm.question
                color: Style.text
                font.pixelSize: Style.fontLead
                wrapMode: Text.WordWrap
            }
            Row {
                anchors.right: parent.right
                spacing: Style.gap
                KButton { objectName: "buttonConfirmNo"; text: qsTr("Cancel"); onClicked: confirm.answered(false) }
                KButton { objectName: "buttonConfirmYes"; kind: "primary"; text: qsTr("Confirm"); onClicked: confirm.answered(true) }
            }
        }
    }
}
