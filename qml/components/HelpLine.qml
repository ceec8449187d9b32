import QtQuick
import Kiosk

// Who to call when something went wrong, and which charge point to name:
// on every error screen and station-caused ending. Nothing when neither is set.
Text {
    id: help
    property var bridge
    property string evseId: ""
    readonly property string phone: bridge ? bridge.helpline : ""
    objectName: "helpLine"
    visible: text !== ""
    width: Math.min(implicitWidth, Style.px(640), Style.windowWidth - 2 * Style.margin)
    horizontalAlignment: Text.AlignHCenter
    wrapMode: Text.WordWrap
    color: Style.text
    font.pixelSize: Style.fontSmall
    // A phone number and an ID never break inside (no-break spaces kept as given).
    text: {
        var parts = []
        if (phone !== "")
            parts.push(qsTr("Need help? Call %1").arg(phone.replace(/ /g, "\u00a0")))
        if (evseId !== "")
            parts.push(qsTr("Charge point ID %1").arg(evseId))
        return parts.join(" · ")
    }
}
