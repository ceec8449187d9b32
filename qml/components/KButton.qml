import QtQuick
import Kiosk

// The one button. kind: primary | secondary | danger | ghost. Always at least
// Style.touchMin high and wide; objectName starts with "button" (tests walk them).
Rectangle {
    id: button
    objectName: "button"
    property string text: ""
    property string kind: "secondary"
    property string iconName: ""
    property bool large: false
    signal clicked()

    readonly property color fg: !enabled ? Style.textMuted
                               : kind === "primary" ? Style.accentFg
                               : kind === "danger" ? Style.dangerFg
                               : Style.text
    implicitHeight: large ? Style.buttonHeight + Style.px(8) : Style.buttonHeight
    implicitWidth: Math.max(Style.touchMin, content.implicitWidth + 2 * Style.gapL)
    radius: Style.radius
    color: !enabled ? Style.surfaceHigh
           : kind === "primary" ? Style.accent
           : kind === "danger" ? Style.danger
           : kind === "ghost" ? "transparent"
           : Style.surfaceHigh
    border.width: kind === "ghost" ? Style.border * 2 : 0
    border.color: Style.borderColor
    opacity: enabled ? 1.0 : 0.6
    scale: area.pressed ? 0.97 : 1.0
    Behavior on scale { NumberAnimation { duration: Style.animFast } }

    Row {
        id: content
        anchors.centerIn: parent
        spacing: Style.gapS
        Icon {
            visible: button.iconName !== ""
            name: button.iconName
            color: button.fg
            width: Style.iconS * (button.large ? 1.2 : 1)
            height: width
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            text: button.text
            color: button.fg
            font.pixelSize: button.large ? Style.fontLead : Style.fontBody
            font.weight: Font.DemiBold
            anchors.verticalCenter: parent.verticalCenter
            elide: Text.ElideRight
            width: Math.min(implicitWidth, button.width - 2 * Style.gap
                            - (button.iconName !== "" ? Style.iconS + Style.gapS : 0))
        }
    }
    // Pressed darkening, so the driver sees the touch land.
    Rectangle {
        anchors.fill: parent
        radius: parent.radius
        color: "#000000"
        opacity: area.pressed ? 0.18 : 0
    }
    MouseArea {
        id: area
        anchors.fill: parent
        enabled: button.enabled
        onClicked: button.clicked()
    }
}
