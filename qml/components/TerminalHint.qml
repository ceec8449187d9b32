import QtQuick
import Kiosk

// Where to tap: the Payter terminal sits below the screen on our stations, so
// the hint sits at the bottom edge with an arrow pointing at it.
Rectangle {
    id: hint
    // "card reader", as the prompts on the terminal's own display say
    property string text: qsTr("Tap your card on the card reader below")
    property real maxWidth: 100000
    readonly property real chrome: 2 * Style.gapL + 2 * Style.iconM + 2 * row.spacing

    TextMetrics { id: metrics; text: hint.text; font: label.font }
    implicitWidth: Math.min(maxWidth, metrics.advanceWidth + chrome + Style.px(4))
    implicitHeight: Math.max(Style.touchMin, label.implicitHeight + 2 * Style.gapS)
    radius: Math.min(height / 2, Style.radius * 2)
    color: Style.accentSoft

    Row {
        id: row
        anchors.centerIn: parent
        spacing: Style.gap
        Icon {
            name: "contactless"
            color: Style.accentText
            width: Style.iconM; height: width
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            id: label
            objectName: "terminalHint"
            text: hint.text
            color: Style.text
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
            anchors.verticalCenter: parent.verticalCenter
            width: Math.max(0, hint.width - hint.chrome)
            wrapMode: Text.WordWrap
        }
        Icon {
            id: arrow
            name: "arrowDown"
            color: Style.accentText
            strokeWidth: 2.5
            width: Style.iconM; height: width
            anchors.verticalCenter: parent.verticalCenter
            SequentialAnimation on anchors.verticalCenterOffset {
                // A few nudges when the hint appears, then still: an endless
                // animation would render 60 frames/s on an idle attract screen.
                running: hint.visible && Style.motion
                loops: 2
                NumberAnimation { from: -Style.px(4); to: Style.px(4); duration: 700; easing.type: Easing.InOutQuad }
                NumberAnimation { from: Style.px(4); to: -Style.px(4); duration: 700; easing.type: Easing.InOutQuad }
            }
        }
    }
}
