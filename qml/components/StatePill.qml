import QtQuick
import Kiosk

// A connector's state in one word, coloured (never colour alone: the word says it).
Rectangle {
    id: pill
    property string state_: "free"     // free | busy | charging | fault | offline
    readonly property string label: state_ === "free" ? qsTr("Available")
                                   : state_ === "charging" ? qsTr("In use")
                                   : state_ === "busy" ? qsTr("Starting")
                                   : state_ === "offline" ? qsTr("Offline")
                                   : qsTr("Out of service")
    readonly property color fg: state_ === "free" ? Style.accentText
                               : state_ === "charging" ? Style.text
                               : state_ === "busy" ? Style.text
                               : Style.dangerText
    implicitHeight: Style.px(32)
    implicitWidth: t.implicitWidth + 2 * Style.gap
    radius: height / 2
    color: state_ === "free" ? Style.accentSoft
           : state_ === "charging" || state_ === "busy" ? Style.infoSoft
           : Style.dangerSoft
    Text {
        id: t
        anchors.centerIn: parent
        text: pill.label
        color: pill.fg
        font.pixelSize: Style.fontSmall
        font.weight: Font.DemiBold
    }
}
