import QtQuick
import Kiosk

// Service mode: over the journey, which goes on underneath (sessions charge,
// Tap to Stop works, money flows). First the PIN pad, then the pages.
Rectangle {
    id: overlay
    required property ServiceBridge service
    signal leaveRequested(string why)
    color: Style.bg

    property string page: "status"
    readonly property bool landscape: width > height
    readonly property var pages: [
        { key: "status", title: qsTr("Status") },
        { key: "terminal", title: qsTr("Terminal") },
        { key: "payments", title: qsTr("Payments") },
        { key: "connectors", title: qsTr("Connectors") },
        { key: "system", title: qsTr("System") }
    ]
    onVisibleChanged: if (visible) { page = "status"; service.opened() }
    Connections {
        target: overlay.service
        function onUnlockedChanged() {}
    }

    ServicePinPad {
        objectName: "servicePinPad"
        anchors.fill: parent
        visible: !overlay.service.unlocked
        service: overlay.service
        onCloseRequested: overlay.leaveRequested("closed")
    }

    Item {
        objectName: "servicePages"
        anchors.fill: parent
        anchors.margins: Style.gap
        visible: overlay.service.unlocked

        Flow {
            id: nav
            objectName: "serviceNav"
            anchors.left: parent.left
            anchors.top: parent.top
            width: overlay.landscape ? Style.px(196) : parent.width
            spacing: Style.gapS
            Repeater {
                model: overlay.pages
                KButton {
                    required property var modelData
                    objectName: "buttonServicePage_" + modelData.key
                    width: overlay.landscape ? nav.width : (nav.width - Style.gapS) / 2
                    kind: overlay.page === modelData.key ? "primary" : "secondary"
                    text: modelData.title
                    onClicked: { overlay.page = modelData.key; overlay.service.refresh(modelData.key) }
                }
            }
            KButton {
                objectName: "buttonServiceLeave"
                width: overlay.landscape ? nav.width : (nav.width - Style.gapS) / 2
                kind: "ghost"
                iconName: "close"
                text: qsTr("Leave")
                onClicked: overlay.leaveRequested("leave")
            }
        }

        Item {
            id: content
            anchors.left: overlay.landscape ? nav.right : parent.left
            anchors.leftMargin: overlay.landscape ? Style.gap : 0
            anchors.top: overlay.landscape ? parent.top : nav.bottom
            anchors.topMargin: overlay.landscape ? 0 : Style.gap
            anchors.right: parent.right
            anchors.bottom: messageBar.top

            ServiceStatusPage {
                anchors.fill: parent
                visible: overlay.page === "status"
                service: overlay.service
            }
            ServicePaymentsPage {
                anchors.fill: parent
                visible: overlay.page === "payments"
                service: overlay.service
            }
            ServiceTerminalPage {
                anchors.fill: parent
                visible: overlay.page === "terminal"
                service: overlay.service
            }
            ServiceSystemPage {
                anchors.fill: parent
                visible: overlay.page === "system"
                service: overlay.service
            }
            ServiceConnectorsPage {
                anchors.fill: parent
                visible: overlay.page === "connectors"
                service: overlay.service
            }
        }

        Text {
            id: messageBar
            objectName: "serviceMessage"
            anchors.left: content.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: text !== "" ? Math.ceil(Style.fontSmall * 2.8) : 0
            maximumLineCount: 2
            elide: Text.ElideRight
            text: overlay.service.message
            color: overlay.service.messageOk ? Style.accentText : Style.dangerText
            font.pixelSize: Style.fontSmall
            wrapMode: Text.WordWrap
        }
    }
}
