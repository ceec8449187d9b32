import QtQuick
import Kiosk

// A raised surface: price table, stats, receipt.
Rectangle {
    color: Style.surface
    radius: Style.radius
    border.width: Style.border
    border.color: Style.borderColor
}
