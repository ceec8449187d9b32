import QtQuick
import Kiosk
import QtQuick.Shapes

// Line icons drawn on a 24x24 grid and scaled: sharp at every screen size,
// no image files, no icon font to install on the station.
Item {
    id: icon
    property string name: "info"
    property color color: Style.text
    property real strokeWidth: 2

    implicitWidth: Style.iconM
    implicitHeight: Style.iconM

    readonly property var paths: ({
        card: "M3 6.5 h18 v11 h-18 z M3 10 h18 M6 14.5 h4",
        contactless: "M7.5 8.5 q2 3.5 0 7 M11 6 q3.5 6 0 12 M14.5 3.5 q5 8.5 0 17",
        plug: "M9 2.5 v5 M15 2.5 v5 M6 7.5 h12 v3 q0 6 -6 6 q-6 0 -6 -6 z M12 16.5 v5",
        unplug: "M9 2.5 v5 M15 2.5 v5 M6 7.5 h12 v3 q0 6 -6 6 q-6 0 -6 -6 z M12 16.5 v5 M3 3 l18 18",
        bolt: "M13.5 2.5 L5 13.5 h6.5 l-1 8 L19 10.5 h-6.5 z",
        check: "M5 12.5 l4.5 4.5 L19 7",
        close: "M6 6 L18 18 M18 6 L6 18",
        warning: "M12 3.5 L2.5 20.5 h19 z M12 10 v5 M12 17.6 v0.4",
        info: "M12 3 a9 9 0 1 0 0.01 0 z M12 11 v6 M12 7.6 v0.4",
        arrowDown: "M12 3 v17 M5 13 l7 7 l7 -7",
        back: "M15 4.5 L7.5 12 L15 19.5",
        globe: "M12 3 a9 9 0 1 0 0.01 0 z M3 12 h18 M12 3 q-4.5 9 0 18 M12 3 q4.5 9 0 18",
        clock: "M12 3 a9 9 0 1 0 0.01 0 z M12 7 v5 l3.5 2",
        stop: "M7 7 h10 v10 h-10 z",
        offline: "M2.5 9 q9.5 -8 19 0 M5.5 12.5 q6.5 -5.5 13 0 M8.5 16 q3.5 -3 7 0 M12 19.5 v0.5 M3 3 l18 18",
        cardOff: "M3 6.5 h18 v11 h-18 z M3 10 h18 M2 3 l20 18",
        tools: "M14.5 6.5 a4 4 0 0 0 5 5 l-8.5 8.5 a2 2 0 0 1 -3 -3 l8.5 -8.5 a4 4 0 0 0 -2 -2 z",
        receipt: "M6 2.5 h12 v19 l-2 -1.5 l-2 1.5 l-2 -1.5 l-2 1.5 l-2 -1.5 l-2 1.5 z M9 8 h6 M9 12 h6 M9 16 h3",
        hand: "M9 11 V5 a1.5 1.5 0 0 1 3 0 v5 M12 10 V3.5 a1.5 1.5 0 0 1 3 0 V10 M15 10 V5 a1.5 1.5 0 0 1 3 0 v8 q0 8 -7 8 q-4 0 -6.5 -5 l-2 -4 a1.5 1.5 0 0 1 2.5 -1.5 L9 14 V11"
    })

    Shape {
        width: 24
        height: 24
        scale: icon.width / 24
        transformOrigin: Item.TopLeft
        preferredRendererType: Shape.CurveRenderer
        ShapePath {
            strokeColor: icon.color
            strokeWidth: icon.strokeWidth
            fillColor: icon.name === "stop" ? icon.color : "transparent"
            capStyle: ShapePath.RoundCap
            joinStyle: ShapePath.RoundJoin
            PathSvg { path: icon.paths[icon.name] || icon.paths.info }
        }
    }
}
