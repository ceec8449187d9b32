import QtQuick
import Kiosk

// Terminal: the live wire log (the last 200 frames, card hashes starred as in
// the log file), Reconnect, and the commissioning probe run in the app.
Item {
    id: page
    required property ServiceBridge service
    property bool confirmPayment: false
    Timer { interval: 1000; repeat: true; running: page.visible && Style.motion; onTriggered: page.service.refresh("terminal") }

    Flow {
        id: actions
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        spacing: Style.gapS
        KButton {
            objectName: "buttonReconnect"
            enabled: !page.service.busy
            text: qsTr("Reconnect")
            onClicked: page.service.reconnect()
        }
        KButton {
            objectName: "buttonProbe"
            enabled: !page.service.busy
            text: qsTr("Probe")
            onClicked: page.service.runProbe(false)
        }
        KButton {
            objectName: "buttonProbePayment"
            enabled: !page.service.busy
            text: qsTr("Probe with a %1 test payment").arg(page.service.testPayment)
            onClicked: page.confirmPayment = true
        }
    }

    Text {
        id: probeRunning
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: actions.bottom
        anchors.topMargin: Style.gapS
        visible: page.service.busy
        height: visible ? implicitHeight : 0
        text: qsTr("Probe running: the kiosk's own link is paused meanwhile; charging goes on.")
        color: Style.warningText
        font.pixelSize: Style.fontSmall
        wrapMode: Text.WordWrap
    }
    ListView {    // the probe's own verdict lines; the wire log below keeps the rest
        id: probeBox
        objectName: "probeLines"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: probeRunning.bottom
        anchors.topMargin: Style.gapXS
        height: count > 0 ? (page.height - actions.height) * 0.45 : 0
        clip: true
        spacing: Style.gapXS
        boundsBehavior: Flickable.StopAtBounds
        model: page.service.probe
        onCountChanged: positionViewAtEnd()
        delegate: Text {
            required property string modelData
            objectName: "probeLine"
            width: probeBox.width
            text: modelData
            color: modelData.indexOf("FAILED") >= 0 ? Style.dangerText
                   : modelData.indexOf("probe OK") === 0 ? Style.accentText : Style.text
            font.pixelSize: Style.fontCaption
            wrapMode: Text.Wrap
        }
    }

    Panel {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: probeBox.bottom
        anchors.topMargin: Style.gapS
        anchors.bottom: parent.bottom
        color: Style.surface
        ListView {
            id: wire
            objectName: "wireLog"
            anchors.fill: parent
            anchors.margins: Style.gapS
            clip: true
            model: page.service.wire
            boundsBehavior: Flickable.StopAtBounds
            onCountChanged: positionViewAtEnd()
            delegate: Text {
                required property string modelData
                width: wire.width
                text: modelData
                color: modelData.indexOf("H>T") >= 0 ? Style.text : Style.info
                font.family: "monospace"
                font.pixelSize: Style.fontCaption
                elide: Text.ElideRight
            }
        }
        Text {
            anchors.centerIn: parent
            visible: wire.count === 0
            text: qsTr("No frames yet")
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
        }
    }

    ServiceConfirm {
        objectName: "probeConfirm"
        anchors.fill: parent
        visible: page.confirmPayment
        question: qsTr("Reserve %1 on a card presented at the terminal, then void it at once?").arg(page.service.testPayment)
        onAnswered: (yes) => { page.confirmPayment = false; if (yes) page.service.runProbe(true) }
    }
}
