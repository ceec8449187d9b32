import QtQuick
import Kiosk

// The terminal's host is offline: say so before anyone plugs in for nothing.
StatusLayout {
    property var bridge
    iconName: "cardOff"
    tone: "warning"
    title: bridge ? bridge.bannerTitle : ""
    detail: bridge ? bridge.bannerDetail : ""
}
