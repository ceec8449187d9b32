import QtQuick
import Kiosk
import QtQuick.Shapes

// Time left to plug in, as a ring and "4:32". Counts down locally between
// snapshots; every snapshot re-syncs it to the journey's own deadline.
Item {
    id: ring
    property int seconds: -1          // from the snapshot; -1 = unknown
    property int total: 1             // the whole wait: a full ring
    property int remaining: seconds
    implicitWidth: Style.px(150)
    implicitHeight: implicitWidth

    onSecondsChanged: remaining = seconds
    Timer {
        interval: 1000; repeat: true
        running: ring.remaining > 0 && ring.visible
        onTriggered: ring.remaining = Math.max(0, ring.remaining - 1)
    }
    function fmt(s) {
        if (s < 0) return "";
        var m = Math.floor(s / 60), r = s % 60;
        return m + ":" + (r < 10 ? "0" : "") + r;
    }

    Shape {
        anchors.fill: parent
        preferredRendererType: Shape.CurveRenderer
        ShapePath {
            strokeColor: Style.surfaceHigh
            strokeWidth: ring.width / 14
            fillColor: "transparent"
            PathAngleArc {
                centerX: ring.width / 2; centerY: ring.height / 2
                radiusX: ring.width / 2 - ring.width / 28; radiusY: radiusX
                startAngle: 0; sweepAngle: 360
            }
        }
        ShapePath {
            strokeColor: Style.accent
            strokeWidth: ring.width / 14
            fillColor: "transparent"
            capStyle: ShapePath.RoundCap
            PathAngleArc {
                centerX: ring.width / 2; centerY: ring.height / 2
                radiusX: ring.width / 2 - ring.width / 28; radiusY: radiusX
                startAngle: -90
                sweepAngle: ring.total > 0 ? 360 * Math.max(0, Math.min(1, ring.remaining / ring.total)) : 0
            }
        }
    }
    Column {
        anchors.centerIn: parent
        Text {
            objectName: "countdown"
            anchors.horizontalCenter: parent.horizontalCenter
            text: ring.fmt(ring.remaining)
            color: Style.text
            font.pixelSize: Math.round(ring.width / 4.2)
            font.weight: Font.Bold
            font.features: { "tnum": 1 }
        }
        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            text: qsTr("time left")
            color: Style.textMuted
            font.pixelSize: Style.fontSmall
        }
    }
}
