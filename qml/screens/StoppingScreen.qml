import QtQuick
import Kiosk

// Stopping or settling the payment: wait.
StatusLayout {
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    busy: true
    title: c.title || ""
    detail: c.detail || ""
}
