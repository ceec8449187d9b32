import QtQuick
import QtQuick.Layouts
import Kiosk

// The receipt: a QR code straight to it, a short reference to type instead,
// and the breakdown. Returning to idle is the journey's timer; Done is sooner.
Item {
    id: screen
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    readonly property var lines: c.receiptLines || []
    readonly property var taxLines: c.receiptTaxLines || []
    // The station ended it (fault, charger lost): what happened, not a tick.
    readonly property bool stationEnded: c.promptId === "ended_by_station"
    readonly property bool ok: (c.receiptStatus === "paid" || c.receiptStatus === "free") && !stationEnded

    // ---- QR and reference
    Column {
        id: qrCol
        spacing: Style.gapS
        x: Style.portrait ? (screen.width - width) / 2 : Style.margin
        y: Style.portrait ? head.y + head.height + Style.gapL
                          : Style.margin + Math.max(0, (screen.height - 2 * Style.margin - done.height
                                                        - Style.gap - height) / 2)
        // Landscape: as tall as the screen allows with the captions and Done below
        // it (room for two caption lines, not their measured height: that depends
        // on the width, which is the box: a binding loop); portrait: most of the width.
        readonly property int captions: Math.ceil(2 * 1.25 * Style.fontBody + 1.4 * Style.fontSmall) + 2 * spacing
        // Portrait: smaller when the words above (an ending says why) and the
        // breakdown below need the room, never below what a phone reads well.
        readonly property int box: Style.portrait
                                   ? Math.max(Style.px(160),
                                              Math.min(screen.width - 2 * Style.margin, Style.px(260),
                                                       screen.height - head.y - head.height - 3 * Style.gapL
                                                       - captions - (breakdown.visible ? breakdown.height : 0)
                                                       - Style.gap - done.height - Style.margin))
                                   : Math.min(screen.height - 2 * Style.margin - captions - done.height - Style.gap,
                                              screen.width * 0.4)
        // Portrait: the captions take the whole width, whatever the code's size.
        width: Style.portrait ? screen.width - 2 * Style.margin : box
        Rectangle {
            objectName: "qrBox"
            anchors.horizontalCenter: parent.horizontalCenter
            width: qrCol.box; height: width
            radius: Style.radiusS
            color: "#ffffff"
            Image {
                id: qr
                objectName: "receiptQr"
                anchors.centerIn: parent
                // Integer module size and no smoothing: crisp edges for the phone's camera.
                sourceSize: Qt.size(parent.width - Style.gapS, parent.width - Style.gapS)
                source: (screen.c.receiptUrl || "") !== "" ? "image://qr/" + encodeURIComponent(screen.c.receiptUrl) : ""
                smooth: false
                mipmap: false
                cache: false
            }
        }
        Text {
            id: scanText
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Scan for your receipt")
            color: Style.text
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Text {
            id: refText
            objectName: "receiptRef"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Reference") + "  " + (screen.c.receiptRef || "")
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
            font.letterSpacing: Style.px(1)
        }
    }

    // ---- words
    RowLayout {
        id: head
        x: Style.portrait ? Style.margin : qrCol.x + qrCol.width + Style.gapXL
        y: Style.margin
        width: Style.portrait ? screen.width - 2 * Style.margin : screen.width - x - Style.margin
        spacing: Style.gap
        Rectangle {
            Layout.alignment: Qt.AlignTop
            width: Style.px(44); height: width; radius: width / 2
            color: screen.ok ? Style.accentSoft : screen.stationEnded ? Style.warningSoft : Style.infoSoft
            Icon {
                anchors.centerIn: parent
                name: screen.ok ? "check" : screen.stationEnded ? "warning" : "receipt"
                color: screen.ok ? Style.accentText : screen.stationEnded ? Style.warningText : Style.info
                width: parent.width * 0.6; height: width
            }
        }
        Column {
            Layout.fillWidth: true
            spacing: Style.gapS
            PromptHeader {
                width: parent.width
                title: screen.c.title || ""
                detail: screen.c.detail || ""
                big: Style.portrait
            }
            HelpLine {
                bridge: screen.bridge
                evseId: screen.c.evseId || ""
                visible: screen.stationEnded && text !== ""
                width: parent.width
                horizontalAlignment: Text.AlignLeft
            }
        }
    }

    // ---- breakdown and total
    Panel {
        id: breakdown
        x: head.x
        y: Style.portrait ? qrCol.y + qrCol.height + Style.gapL : head.y + head.height + Style.gap
        width: head.width
        visible: screen.lines.length > 0
        height: linesCol.implicitHeight + 2 * Style.gap
        Column {
            id: linesCol
            anchors.fill: parent
            anchors.margins: Style.gap
            anchors.leftMargin: Style.gapL
            anchors.rightMargin: Style.gapL
            spacing: 0
            Repeater {
                model: screen.lines
                PriceRow {
                    required property var modelData
                    width: linesCol.width
                    label: modelData.label
                    value: modelData.text
                }
            }
            Rectangle { width: linesCol.width; height: Style.border; color: Style.borderColor }
            Item {
                width: linesCol.width
                height: totalValue.implicitHeight + Style.gapXS
                Text {
                    anchors.left: parent.left
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("Total")
                    color: Style.text
                    font.pixelSize: Style.fontBody
                    font.weight: Font.Bold
                }
                Text {
                    id: totalValue
                    objectName: "receiptTotal"
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    text: screen.c.receiptTotalText || ""
                    color: Style.text
                    font.pixelSize: Style.fontLead
                    font.weight: Font.Bold
                }
            }
            Text {
                width: linesCol.width
                text: {
                    var parts = []
                    for (var i = 0; i < screen.taxLines.length; ++i)
                        parts.push(qsTr("incl. %1 %2").arg(screen.taxLines[i].label).arg(screen.taxLines[i].text))
                    if ((screen.c.receiptCardHint || "") !== "")
                        parts.push(qsTr("Card %1").arg(screen.c.receiptCardHint))
                    if ((screen.c.receiptEnergyText || "") !== "")
                        parts.push(screen.c.receiptEnergyText + "\u00a0kWh")     // never "0,0 | kWh"
                    if ((screen.c.receiptDurationText || "") !== "")
                        parts.push(screen.c.receiptDurationText)
                    return parts.join(" · ")
                }
                color: Style.textMuted
                font.pixelSize: Style.fontCaption
                wrapMode: Text.WordWrap
            }
        }
    }

    // Landscape: under the QR code, so the breakdown has the whole right column.
    KButton {
        id: done
        objectName: "buttonDone"
        x: Style.portrait ? Style.margin : qrCol.x
        y: screen.height - Style.margin - height
        width: Style.portrait ? screen.width - 2 * Style.margin : qrCol.box
        kind: "primary"
        iconName: "check"
        text: qsTr("Done")
        onClicked: screen.bridge.dismissReceipt()
    }
}
