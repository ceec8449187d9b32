import QtQuick
import Kiosk

// System: the diagnostics bundle (no secrets, no card data) to the configured
// directory, restart the kiosk, leave to the desktop.
Item {
    id: page
    required property ServiceBridge service
    property string confirm: ""

    Column {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        spacing: Style.gapL
        Column {
            width: parent.width
            spacing: Style.gapS
            Text {
                width: parent.width
                text: qsTr("Diagnostics bundle: the configuration without secrets, the log, the wire log, a books summary without card data, versions.")
                color: Style.textMuted
                font.pixelSize: Style.fontSmall
                wrapMode: Text.WordWrap
            }
            KButton {
                objectName: "buttonExport"
                kind: "primary"
                enabled: !page.service.busy
                text: qsTr("Export to %1").arg(page.service.exportDir)
                width: Math.min(implicitWidth, parent.width)
                onClicked: page.service.exportBundle()
            }
        }
        Flow {
            width: parent.width
            spacing: Style.gapS
            KButton {
                objectName: "buttonRestart"
                text: qsTr("Restart the kiosk")
                onClicked: page.confirm = "restart"
            }
            KButton {
                objectName: "buttonDesktop"
                kind: "danger"
                text: qsTr("Leave to the desktop")
                onClicked: page.confirm = "desktop"
            }
        }
    }

    ServiceConfirm {
        objectName: "systemConfirm"
        anchors.fill: parent
        visible: page.confirm !== ""
        question: page.confirm === "restart"
                  ? qsTr("Restart the kiosk? Charging goes on; the screen is back in a few seconds.")
                  : qsTr("Close the kiosk and leave to the desktop? No new session can start until it runs again.")
        onAnswered: (yes) => { var how = page.confirm; page.confirm = ""; if (yes) page.service.quitKiosk(how) }
    }
}
