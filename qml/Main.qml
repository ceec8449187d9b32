pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Window
import Kiosk

// The kiosk window. Routing is decided in Python (StationBridge.screen); this
// file only maps a route to its screen and owns the chrome: top bar, banner,
// language picker, dim overlay, and the hidden service-mode gesture.
Window {
    id: root
    required property StationBridge bridge
    required property ServiceBridge service
    property int serviceIdleMs: 120000
    property bool fullscreenMode: false
    property int initialWidth: 1280
    property int initialHeight: 800
    property string theme: "dark"
    property bool motion: true
    property int dimAfterMs: 60000

    // What Qt Quick really draws with (GraphicsInfo.api: 1 software, 3 OpenGL);
    // kiosk/ui/renderer.py reads it for service status without importing QtQuick.
    readonly property int graphicsApi: GraphicsInfo.api

    // false while the kiosk starts: nothing is drawn until there is something
    // a driver can use (the first snapshot), or "Starting…" after a while.
    property bool shown: true

    property bool serviceMode: false
    property bool languageOpen: false
    property bool dimmed: false
    // Service mode is an overlay (qml/service/): the journey's screen stays underneath.
    // Every journey screen, the blocking one included, keeps the top bar and its
    // language button.
    readonly property string route: bridge.ready ? bridge.screen : "starting"
    // Screens a driver may leave unattended: they dim; payment screens never do.
    readonly property bool dimmable: ["home", "charging", "unavailable"].indexOf(route) >= 0

    width: initialWidth
    height: initialHeight
    // `visibility` alone shows and hides it (also binding `visible` would
    // conflict for a moment whenever `shown` changes).
    visibility: !shown ? Window.Hidden : (fullscreenMode ? Window.FullScreen : Window.Windowed)
    flags: fullscreenMode ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window
    title: bridge.stationName !== "" ? bridge.stationName : "EV kiosk"
    color: Style.bg

    // [display] rotation: a panel mounted turned. Everything on screen lives in
    // `stage`, laid out for the panel as the driver sees it and turned as a
    // whole; Qt Quick maps touches through that turn, so taps land on what is
    // drawn under the finger on every platform (xcb, Wayland, eglfs, linuxfb).
    // (Not the window's content item: the window resizes that one itself.)
    property int displayRotation: 0
    readonly property bool quarterTurn: displayRotation % 180 !== 0
    readonly property real sceneWidth: quarterTurn ? height : width
    readonly property real sceneHeight: quarterTurn ? width : height
    Item {
        id: stage
        objectName: "stage"
        anchors.centerIn: parent
        width: root.sceneWidth
        height: root.sceneHeight
        rotation: root.displayRotation
    }
    Component.onCompleted: {
        for (const child of Array.from(contentItem.children))
            if (child !== stage) child.parent = stage
    }
    Binding { target: Style; property: "windowWidth"; value: root.sceneWidth }
    Binding { target: Style; property: "windowHeight"; value: root.sceneHeight }
    Binding { target: Style; property: "dark"; value: root.theme !== "light" }
    Binding { target: Style; property: "motion"; value: root.motion }

    // Station mode: nothing closes the kiosk from the screen (no Escape, no close button).
    onClosing: (close) => { close.accepted = !root.fullscreenMode }

    // Re-arm the dim timer (restart() would also start it when dimming is off).
    function rearmDim() {
        dimTimer.stop()
        if (dimAfterMs > 0 && dimmable && !dimmed)
            dimTimer.start()
    }
    // A new screen matters more than a half-made language choice.
    onRouteChanged: {
        dimOverlay.fade = false         // gone at once, never over the next screen
        dimmed = false
        dimOverlay.fade = true
        languageOpen = false
        rearmDim()
    }
    onServiceModeChanged: if (!serviceMode) service.leave("idle")
    onDimmableChanged: rearmDim()
    onDimAfterMsChanged: rearmDim()
    Connections {
        target: root.bridge
        function onActivity() { root.rearmDim(); if (root.serviceMode) serviceTimeout.restart() }
    }
    // Service mode hides the journey: a technician who walks away leaves it
    // after two minutes without a touch.
    Timer {
        id: serviceTimeout
        objectName: "serviceTimeout"
        interval: root.serviceIdleMs
        running: root.serviceMode
        onTriggered: root.serviceMode = false
    }
    Timer {
        id: dimTimer
        interval: Math.max(1000, root.dimAfterMs)
        onTriggered: { root.languageOpen = false; root.dimmed = true }
    }

    Item {
        id: page
        anchors.fill: parent
        visible: !root.serviceMode    // under the service overlay; the journey itself goes on

        TopBar {
            id: topBar
            objectName: "topBar"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: visible ? implicitHeight : 0
            stationName: root.bridge.stationName
            languageName: {
                var ls = root.bridge.languages
                for (var i = 0; i < ls.length; ++i)
                    if (ls[i].code === root.bridge.language) return ls[i].name
                return root.bridge.language
            }
            terminalState: root.bridge.terminalState
            onLanguageRequested: root.languageOpen = true
        }
        Banner {
            id: banner
            objectName: "banner"
            visible: root.bridge.hasBanner
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: topBar.bottom
            height: visible ? implicitHeight : 0
            title: root.bridge.bannerTitle
            detail: root.bridge.bannerDetail
        }

        Loader {
            id: screenLoader
            objectName: "screenLoader"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: banner.bottom
            anchors.bottom: parent.bottom
            sourceComponent: {
                switch (root.route) {
                case "home": return homeScreen
                case "amount": return amountScreen
                case "present_card": return presentCardScreen
                case "authorizing": return authorizingScreen
                case "declined": return declinedScreen
                case "plug_in": return plugInScreen
                case "charging": return chargingScreen
                case "stop_confirm": return stopConfirmScreen
                case "stopping": return stoppingScreen
                case "idle_fee": return idleFeeScreen
                case "receipt": return receiptScreen
                case "blocking": return blockingScreen
                case "unavailable": return unavailableScreen
                case "starting": return startingScreen
                default: return messageScreen
                }
            }
            // A new screen eases in from 40 % rather than from nothing, so the
            // frame right after a card read already shows what happens next.
            onLoaded: fadeIn.restart()
            NumberAnimation {
                id: fadeIn
                target: screenLoader.item
                property: "opacity"
                from: 0.4; to: 1
                duration: Style.motion ? Style.animFast : 0
            }
        }
    }

    Component { id: homeScreen; HomeScreen { bridge: root.bridge } }
    Component { id: amountScreen; AmountScreen { bridge: root.bridge } }
    Component { id: presentCardScreen; PresentCardScreen { bridge: root.bridge } }
    Component { id: authorizingScreen; AuthorizingScreen { bridge: root.bridge } }
    Component { id: declinedScreen; DeclinedScreen { bridge: root.bridge } }
    Component { id: plugInScreen; PlugInScreen { bridge: root.bridge } }
    Component { id: chargingScreen; ChargingScreen { bridge: root.bridge } }
    Component { id: stopConfirmScreen; StopConfirmScreen { bridge: root.bridge } }
    Component { id: stoppingScreen; StoppingScreen { bridge: root.bridge } }
    Component { id: idleFeeScreen; IdleFeeScreen { bridge: root.bridge } }
    Component { id: receiptScreen; ReceiptScreen { bridge: root.bridge } }
    Component { id: blockingScreen; BlockingScreen { bridge: root.bridge } }
    Component { id: unavailableScreen; UnavailableScreen { bridge: root.bridge } }
    Component { id: messageScreen; MessageScreen { bridge: root.bridge } }
    Component { id: startingScreen; StartingScreen {} }

    // Service-mode entry: hold the top-left corner for 5 s (opens the PIN pad).
    MouseArea {
        id: serviceCorner
        objectName: "serviceCorner"
        x: 0; y: 0
        width: Style.px(72); height: Style.px(72)
        pressAndHoldInterval: 5000
        onPressAndHold: root.serviceMode = true
    }

    LanguagePicker {
        objectName: "languagePicker"
        anchors.fill: parent
        visible: root.languageOpen
        languages: root.bridge.languages
        current: root.bridge.language
        onChosen: (code) => { root.languageOpen = false; root.bridge.setLanguage(code) }
        onDismissed: root.languageOpen = false
    }

    ServiceOverlay {
        objectName: "serviceOverlay"
        anchors.fill: parent
        visible: root.serviceMode
        service: root.service
        onLeaveRequested: (why) => { root.service.leave(why); root.serviceMode = false }
    }

    DimOverlay {
        id: dimOverlay
        objectName: "dimOverlay"
        anchors.fill: parent
        visible: opacity > 0
        opacity: root.dimmed ? 1 : 0
        active: root.dimmed
        stationName: root.bridge.stationName
        bridge: root.bridge
        onWoken: { root.dimmed = false; root.rearmDim() }
    }
}
