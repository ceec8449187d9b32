import QtQuick
import Kiosk

// After a while without touches the screen dims. The waking touch only wakes:
// this MouseArea takes it so nothing underneath is pressed by accident.
Rectangle {
    id: overlay
    property string stationName: ""
    property var bridge                  // the prices stay readable on a dimmed screen
    property bool active: false          // dimmed; while fading out it no longer eats taps
    // Off for a screen change: the new screen shows at once, not under a fading overlay.
    property bool fade: true
    signal woken()
    color: Style.dim
    Behavior on opacity { enabled: overlay.fade; NumberAnimation { duration: 600 } }

    Column {
        anchors.centerIn: parent
        spacing: Style.gap
        Icon {
            anchors.horizontalCenter: parent.horizontalCenter
            name: "bolt"
            color: "#4fe093"
            width: Style.iconL; height: width
        }
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("Touch the screen to start")
            color: "#d7dde4"
            font.pixelSize: Style.fontLead
        }
        PriceTable {
            objectName: "dimPrices"
            anchors.horizontalCenter: parent.horizontalCenter
            visible: overlay.bridge !== undefined && overlay.bridge !== null
            bridge: overlay.bridge
            compact: true
            width: Style.px(360)
        }
    }
    MouseArea {
        anchors.fill: parent
        enabled: overlay.active
        onPressed: (mouse) => { mouse.accepted = true; overlay.woken() }
    }
}
