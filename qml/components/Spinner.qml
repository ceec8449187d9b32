import QtQuick
import Kiosk
import QtQuick.Shapes

// A calm rotating arc: "working on it".
Item {
    id: spinner
    property color color: Style.accent
    implicitWidth: Style.iconL
    implicitHeight: Style.iconL

    Shape {
        anchors.fill: parent
        preferredRendererType: Shape.CurveRenderer
        ShapePath {
            strokeColor: Style.surfaceHigh
            strokeWidth: Math.max(3, spinner.width / 12)
            fillColor: "transparent"
            PathAngleArc {
                centerX: spinner.width / 2; centerY: spinner.height / 2
                radiusX: spinner.width / 2 - spinner.width / 24; radiusY: radiusX
                startAngle: 0; sweepAngle: 360
            }
        }
        ShapePath {
            strokeColor: spinner.color
            strokeWidth: Math.max(3, spinner.width / 12)
            fillColor: "transparent"
            capStyle: ShapePath.RoundCap
            PathAngleArc {
                centerX: spinner.width / 2; centerY: spinner.height / 2
                radiusX: spinner.width / 2 - spinner.width / 24; radiusY: radiusX
                startAngle: -90; sweepAngle: 100
            }
        }
        RotationAnimator on rotation {
            from: 0; to: 360; duration: 1100; loops: Animation.Infinite
            running: spinner.visible && Style.motion
        }
    }
}
