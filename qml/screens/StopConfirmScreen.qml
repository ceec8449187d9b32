import QtQuick
import Kiosk

// UI stop: only the card that started the session may stop it.
StatusLayout {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    // "Not the same card" must not look like the request before it: the driver
    // has to see at a glance that the tap did not stop anything.
    readonly property bool wrongCard: c.promptId === "wrong_card"
    objectName: wrongCard ? "wrongCardScreen" : "stopConfirmScreen"
    iconName: wrongCard ? "cardOff" : "card"
    tone: wrongCard ? "danger" : "warning"
    title: c.title || ""
    detail: c.detail || ""
    showTerminalHint: true
    extra: [
        Rectangle {
            visible: (screen.c.cardHint || "") !== ""
            width: hintText.implicitWidth + 2 * Style.gap
            height: Style.px(36)
            radius: height / 2
            color: Style.surfaceHigh
            Text {
                id: hintText
                anchors.centerIn: parent
                text: qsTr("Card %1").arg(screen.c.cardHint || "")
                color: Style.text
                font.pixelSize: Style.fontBody
                font.weight: Font.DemiBold
            }
        }
    ]
    actions: [
        KButton {
            objectName: "buttonKeepCharging"
            kind: "ghost"
            iconName: "back"
            text: qsTr("Keep charging")
            onClicked: screen.bridge.cancelStop()
        }
    ]
}
