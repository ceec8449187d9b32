import QtQuick
import Kiosk

// Price transparency (EU AFIR): every price before the driver commits.
Panel {
    id: table
    property var bridge
    property bool compact: false
    implicitHeight: col.implicitHeight + 2 * Style.gap
    implicitWidth: Style.px(300)

    Column {
        id: col
        anchors.fill: parent
        anchors.margins: Style.gap
        anchors.leftMargin: Style.gapL
        anchors.rightMargin: Style.gapL
        spacing: Style.gapXS

        Text {
            text: qsTr("Prices")
            color: Style.textMuted
            font.pixelSize: Style.fontCaption
            font.weight: Font.DemiBold
            font.capitalization: Font.AllUppercase
            font.letterSpacing: Style.px(1)
        }
        Row {
            spacing: Style.gapS
            Text {
                id: energyPrice
                objectName: "priceEnergy"
                text: table.bridge ? table.bridge.priceEnergy : ""
                color: Style.text
                font.pixelSize: table.compact ? Style.fontTitle : Style.fontDisplay
                font.weight: Font.Bold
            }
            Text {
                text: qsTr("per kWh")
                color: Style.textMuted
                font.pixelSize: Style.fontBody
                anchors.baseline: energyPrice.baseline
            }
        }
        Item { width: 1; height: Style.gapXS }
        PriceRow {
            objectName: "priceTimeRow"
            width: col.width
            visible: table.bridge ? table.bridge.priceTime !== "" : false
            label: qsTr("Charging time")
            value: table.bridge ? table.bridge.priceTime : ""
        }
        PriceRow {
            objectName: "priceSessionFeeRow"
            width: col.width
            visible: table.bridge ? table.bridge.priceSessionFee !== "" : false
            label: qsTr("Session fee")
            value: table.bridge ? table.bridge.priceSessionFee : ""
        }
        PriceRow {
            width: col.width
            label: qsTr("Idle fee (bay occupied after charging)")
            value: table.bridge ? table.bridge.priceIdleFee : ""
            stacked: true
        }
        Text {
            // The tariff's maximum price, a whole sentence from the journey (translated there).
            objectName: "priceMax"
            width: col.width
            visible: text !== ""
            text: table.bridge ? table.bridge.priceMax : ""
            color: Style.text
            font.pixelSize: Style.fontBody
            font.weight: Font.DemiBold
            wrapMode: Text.WordWrap
        }
        Rectangle { width: col.width; height: Style.border; color: Style.borderColor }
        PriceRow {
            width: col.width
            label: qsTr("Reserved on your card")
            value: table.bridge ? table.bridge.priceReservation : ""
            strong: true
        }
        Text {
            width: col.width
            text: (table.bridge ? table.bridge.priceVatNote : "") + " · "
                  + qsTr("You pay only what you use; the rest of the reservation is released.")
            color: Style.textMuted
            font.pixelSize: Style.fontCaption
            wrapMode: Text.WordWrap
        }
    }
}
