import QtQuick
import Kiosk

// The service PIN pad. The digits live only in this item until OK sends them
// (never in a log or a property the screenshots show: the dots are drawn).
Item {
    id: pad
    required property ServiceBridge service
    signal closeRequested()

    property string digits: ""
    readonly property bool locked: lockLeft > 0
    property int lockLeft: service.lockedFor
    Connections {
        target: pad.service
        function onChanged() { pad.lockLeft = pad.service.lockedFor; if (pad.service.pinWrong) pad.digits = "" }
    }
    Timer {    // the lock-out counts down on screen; the books decide when it ends
        interval: 1000; repeat: true
        running: pad.lockLeft > 0 && pad.visible && Style.motion   // (still in the gallery)
        onTriggered: { pad.lockLeft = Math.max(0, pad.lockLeft - 1); if (pad.lockLeft === 0) pad.service.opened() }
    }

    function mmss(s) { return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2) }
    function press(key) {
        if (key === "del") digits = digits.slice(0, -1)
        else if (key === "ok") { if (digits.length >= 4) { service.submitPin(digits); digits = "" } }
        else if (digits.length < 12) digits += key
    }

    readonly property bool landscape: width > height
    readonly property string headline: !service.pinConfigured ? qsTr("No service PIN is set")
                                       : locked ? qsTr("Locked after too many wrong PINs")
                                       : service.pinWrong ? qsTr("Wrong PIN")
                                       : qsTr("Enter the service PIN")
    readonly property string detail: !service.pinConfigured
        ? qsTr("Set one over SSH with “ev-kiosk set-pin --config FILE”, then restart the kiosk.")
        : locked ? qsTr("Try again in %1.").arg(mmss(lockLeft))
        : service.pinWrong ? (service.triesLeft === 1 ? qsTr("1 try left before the pad locks.")
                              : qsTr("%1 tries left before the pad locks.").arg(service.triesLeft))
        : qsTr("Charging goes on while service mode is open.")

    Rectangle { anchors.fill: parent; color: Style.bg }

    Grid {
        anchors.centerIn: parent
        columns: pad.landscape ? 2 : 1
        spacing: Style.gapXL
        horizontalItemAlignment: Grid.AlignHCenter
        verticalItemAlignment: Grid.AlignVCenter

        Column {
            width: pad.landscape ? Math.min(pad.width * 0.42, Style.px(340)) : Math.min(pad.width - 2 * Style.margin, Style.px(420))
            spacing: Style.gap
            Icon {
                anchors.horizontalCenter: parent.horizontalCenter
                name: pad.locked || !pad.service.pinConfigured ? "warning" : "info"
                color: pad.locked || pad.service.pinWrong ? Style.dangerText : Style.info
                width: pad.landscape ? Style.iconM * 1.4 : Style.iconL; height: width
            }
            Text {
                objectName: "pinTitle"
                width: parent.width
                text: pad.headline
                color: Style.text
                font.pixelSize: Style.fontTitle
                font.weight: Font.DemiBold
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
            }
            Text {
                objectName: "pinDetail"
                width: parent.width
                text: pad.detail
                color: pad.service.pinWrong && !pad.locked ? Style.dangerText : Style.textMuted
                font.pixelSize: Style.fontBody
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
            }
            Row {   // one dot per digit typed
                objectName: "pinDots"
                visible: pad.service.pinConfigured
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: Style.gapS
                height: Style.px(20)
                Repeater {
                    model: Math.max(4, pad.digits.length)
                    Rectangle {
                        required property int index
                        width: Style.px(16); height: width; radius: width / 2
                        color: index < pad.digits.length ? Style.text : "transparent"
                        border.width: Style.border * 2
                        border.color: Style.textMuted
                    }
                }
            }
            KButton {
                objectName: "buttonPinClose"
                anchors.horizontalCenter: parent.horizontalCenter
                kind: "ghost"
                iconName: "close"
                text: qsTr("Close")
                onClicked: pad.closeRequested()
            }
        }

        Grid {
            objectName: "pinKeys"
            visible: pad.service.pinConfigured
            columns: 3
            spacing: Style.gapS
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"]
                KButton {
                    required property string modelData
                    objectName: "buttonPin_" + modelData
                    width: Style.px(96)
                    enabled: !pad.locked && (modelData !== "ok" || pad.digits.length >= 4)
                    kind: modelData === "ok" ? "primary" : "secondary"
                    iconName: modelData === "del" ? "back" : modelData === "ok" ? "check" : ""
                    text: modelData === "del" || modelData === "ok" ? "" : modelData
                    large: true
                    onClicked: pad.press(modelData)
                }
            }
        }
    }
}
