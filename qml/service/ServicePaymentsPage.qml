import QtQuick
import Kiosk

// Payments: holds still open and money commands that failed or keep retrying
// (Commit N, pre-filled with what the books say was delivered and never above
// the hold, or Void; each confirmed, written to the books before it is sent),
// then the last sessions with "Show receipt" for a driver who lost theirs.
Item {
    id: page
    required property ServiceBridge service
    property var pending: null          // {kind, payment, amount, reserved}

    Flickable {
        anchors.fill: parent
        clip: true
        contentHeight: col.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
    Column {
        id: col
        width: page.width
        spacing: Style.gap

        Text {
            text: qsTr("Open holds and failing money commands")
            color: Style.accentText
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
            width: parent.width
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "holdsNone"
            visible: page.service.holds.length === 0
            text: qsTr("None: every payment is finalised or on its way.")
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
            width: parent.width
            wrapMode: Text.WordWrap
        }
        Repeater {
            model: page.service.holds
            Panel {
                id: hold
                required property var modelData
                property int amount: modelData.suggested
                width: col.width
                height: holdCol.implicitHeight + 2 * Style.gap
                Column {
                    id: holdCol
                    anchors.fill: parent
                    anchors.margins: Style.gap
                    spacing: Style.gapXS
                    Text {
                        objectName: "holdPayment"
                        width: parent.width
                        text: qsTr("Payment %1 · charge point %2 · %3").arg(hold.modelData.payment)
                              .arg(hold.modelData.connector).arg(hold.modelData.state)
                        color: Style.text
                        font.pixelSize: Style.fontSmall
                        font.weight: Font.DemiBold
                        wrapMode: Text.Wrap
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Age %1 · reserved %2 · delivered %3 (%4)").arg(hold.modelData.age)
                              .arg(hold.modelData.reservedText).arg(hold.modelData.delivered)
                              .arg(hold.modelData.energy)
                        color: Style.textMuted
                        font.pixelSize: Style.fontSmall
                        wrapMode: Text.Wrap
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Last command: %1").arg(hold.modelData.command)
                        color: Style.textMuted
                        font.pixelSize: Style.fontSmall
                        wrapMode: Text.Wrap
                    }
                    Flow {
                        visible: hold.modelData.canAct
                        width: parent.width
                        spacing: Style.gapS
                        KButton {
                            objectName: "buttonCommitLess"
                            text: "−"
                            enabled: hold.amount > 1
                            onClicked: hold.amount = Math.max(1, hold.amount - 10)
                        }
                        KButton {
                            objectName: "buttonCommit"
                            kind: "primary"
                            text: qsTr("Commit %1").arg(page.service.moneyText(hold.amount))
                            onClicked: page.pending = { kind: "commit", payment: hold.modelData.payment,
                                                        amount: hold.amount, reserved: hold.modelData.reservedText }
                        }
                        KButton {
                            objectName: "buttonCommitMore"
                            text: "+"
                            enabled: hold.amount < hold.modelData.reserved
                            onClicked: hold.amount = Math.min(hold.modelData.reserved, hold.amount + 10)
                        }
                        KButton {
                            objectName: "buttonVoid"
                            kind: "danger"
                            text: qsTr("Void")
                            onClicked: page.pending = { kind: "void", payment: hold.modelData.payment,
                                                        amount: 0, reserved: hold.modelData.reservedText }
                        }
                    }
                }
            }
        }

        Text {
            text: qsTr("Last sessions")
            color: Style.accentText
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
        }
        Repeater {
            model: page.service.sessions
            Row {
                id: row
                required property var modelData
                width: col.width
                spacing: Style.gapS
                Text {
                    width: parent.width - showButton.width - Style.gapS
                    anchors.verticalCenter: parent.verticalCenter
                    text: row.modelData.started + " · " + qsTr("charge point %1").arg(row.modelData.connector)
                          + " · " + row.modelData.energy + " · " + row.modelData.cost + " · " + row.modelData.reason
                    color: Style.text
                    font.pixelSize: Style.fontSmall
                    wrapMode: Text.Wrap
                }
                KButton {
                    id: showButton
                    objectName: "buttonShowReceipt"
                    enabled: row.modelData.token !== ""
                    text: qsTr("Show receipt")
                    onClicked: page.service.showReceipt(row.modelData.token, row.modelData.shortRef)
                }
            }
        }
    }

    }

    ServiceConfirm {
        objectName: "paymentConfirm"
        anchors.fill: parent
        visible: page.pending !== null
        question: page.pending === null ? ""
                  : page.pending.kind === "void"
                    ? qsTr("Void payment %1? The hold of %2 is released; the driver pays nothing.")
                          .arg(page.pending.payment).arg(page.pending.reserved)
                    : qsTr("Commit %1 of the %2 hold on payment %3?")
                          .arg(page.service.moneyText(page.pending.amount)).arg(page.pending.reserved)
                          .arg(page.pending.payment)
        onAnswered: (yes) => {
            if (yes) {
                if (page.pending.kind === "void") page.service.void(page.pending.payment)
                else page.service.commit(page.pending.payment, page.pending.amount)
            }
            page.pending = null
        }
    }

    // "Show receipt": the QR a driver scans, over the page until Close.
    Rectangle {
        objectName: "receiptAgain"
        anchors.fill: parent
        visible: page.service.receiptUrl !== ""
        color: Style.bg
        MouseArea { anchors.fill: parent }
        Grid {
            anchors.centerIn: parent
            columns: page.width > page.height ? 2 : 1
            spacing: Style.gapL
            horizontalItemAlignment: Grid.AlignHCenter
            verticalItemAlignment: Grid.AlignVCenter
            Rectangle {
                width: page.width > page.height ? Math.min(page.width * 0.55, page.height - Style.gapL) : Math.min(page.width * 0.8, page.height - Style.px(170))
                height: width
                color: "#ffffff"
                radius: Style.radiusS
                Image {
                    objectName: "receiptAgainQr"
                    anchors.fill: parent
                    anchors.margins: Style.gapS
                    source: page.service.receiptUrl !== "" ? "image://qr/" + encodeURIComponent(page.service.receiptUrl) : ""
                    sourceSize.width: width
                    sourceSize.height: height
                    smooth: false
                    cache: false
                }
            }
            Column {
                spacing: Style.gap
                Text {
                    objectName: "receiptAgainRef"
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: qsTr("Receipt %1").arg(page.service.receiptRef)
                    color: Style.text
                    font.pixelSize: Style.fontLead
                }
                KButton {
                    objectName: "buttonReceiptAgainClose"
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: qsTr("Close")
                    onClicked: page.service.hideReceipt()
                }
            }
        }
    }
}
