import QtQuick
import Kiosk

// Card read; the issuer is deciding. Nothing to press.
StatusLayout {
    property var bridge
    readonly property var c: bridge ? bridge.current : ({})
    busy: true
    title: c.title || ""
    detail: c.detail || ""
}
