pragma Singleton
import QtQuick

// Colours, type scale, spacing and touch sizes for every screen.
// Main binds windowWidth/windowHeight/dark; everything scales from an
// 800x480 baseline so a 1280x800 or a 1080x1920 totem gets the same layout, larger.
QtObject {
    id: style

    property int windowWidth: 800
    property int windowHeight: 480
    property bool dark: true
    // false: nothing moves by itself (no spinner, nudge or fade), so the
    // screenshot gallery comes out the same on every run.
    property bool motion: true

    readonly property bool portrait: windowHeight > windowWidth
    // 1.0 at 800x480; the short side decides (a portrait 1080 wide panel ~2.25).
    readonly property real scale: Math.max(1.0, Math.min(Math.min(windowWidth, windowHeight) / 480,
                                                         Math.max(windowWidth, windowHeight) / 800))
    function px(v) { return Math.round(v * scale) }

    // ---- spacing and sizes
    readonly property int gapXS: px(4)
    readonly property int gapS: px(8)
    readonly property int gap: px(16)
    readonly property int gapL: px(24)
    readonly property int gapXL: px(40)
    readonly property int margin: px(portrait ? 28 : 24)
    readonly property int radius: px(16)
    readonly property int radiusS: px(10)
    readonly property int touchMin: px(64)          // WCAG/ISO: fingers at a charger wear gloves
    readonly property int buttonHeight: px(68)
    readonly property int topBarHeight: px(64)
    readonly property int iconS: px(24)
    readonly property int iconM: px(36)
    readonly property int iconL: px(portrait ? 96 : 72)
    readonly property int border: Math.max(1, px(1))

    // ---- type scale (pixel sizes at 800x480: 13 15 18 22 30 44)
    readonly property string fontFamily: Qt.application.font.family
    readonly property int fontCaption: px(13)
    readonly property int fontSmall: px(15)
    readonly property int fontBody: px(18)
    readonly property int fontLead: px(22)
    readonly property int fontTitle: px(30)
    readonly property int fontDisplay: px(44)

    // ---- animation
    readonly property int animFast: 120
    readonly property int animNormal: 220

    // ---- colours. Every text/background pair below is checked >= 4.5:1 (tests/ui).
    readonly property var darkPalette: ({
        bg: "#0b0f14", surface: "#151b23", surfaceHigh: "#1f2731", border: "#2d3744",
        text: "#f3f6f9", textMuted: "#a9b3c0",
        accent: "#34d17f", accentFg: "#04150b", accentText: "#4fe093", accentSoft: "#12301f",
        danger: "#c62828", dangerFg: "#ffffff", dangerText: "#ff8a8a", dangerSoft: "#3a1416",
        warning: "#ffb547", warningFg: "#1e1300", warningText: "#ffc266", warningSoft: "#33260c",
        info: "#6cb6ff", infoSoft: "#102437",
        scrim: "#cc000000", dim: "#e6000000", qrBg: "#ffffff", qrFg: "#000000"
    })
    readonly property var lightPalette: ({
        bg: "#f2f4f7", surface: "#ffffff", surfaceHigh: "#e6eaef", border: "#cfd6df",
        text: "#0b0f14", textMuted: "#4a5463",
        accent: "#0b7a44", accentFg: "#ffffff", accentText: "#0a6b3c", accentSoft: "#dcf3e6",
        danger: "#c62828", dangerFg: "#ffffff", dangerText: "#b3261e", dangerSoft: "#fde4e2",
        warning: "#ffb547", warningFg: "#1e1300", warningText: "#7a4700", warningSoft: "#fff0d6",
        info: "#1f5fa8", infoSoft: "#e0ecfa",
        scrim: "#99000000", dim: "#e6000000", qrBg: "#ffffff", qrFg: "#000000"
    })
    readonly property var c: dark ? darkPalette : lightPalette

    readonly property color bg: c.bg
    readonly property color surface: c.surface
    readonly property color surfaceHigh: c.surfaceHigh
    readonly property color borderColor: c.border
    readonly property color text: c.text
    readonly property color textMuted: c.textMuted
    readonly property color accent: c.accent
    readonly property color accentFg: c.accentFg
    readonly property color accentText: c.accentText
    readonly property color accentSoft: c.accentSoft
    readonly property color danger: c.danger
    readonly property color dangerFg: c.dangerFg
    readonly property color dangerText: c.dangerText
    readonly property color dangerSoft: c.dangerSoft
    readonly property color warning: c.warning
    readonly property color warningFg: c.warningFg
    readonly property color warningText: c.warningText
    readonly property color warningSoft: c.warningSoft
    readonly property color info: c.info
    readonly property color infoSoft: c.infoSoft
    readonly property color scrim: c.scrim
    readonly property color dim: c.dim

    // Foreground/background pairs that carry text, per theme: [name, fg, bg].
    function contrastPairs(p) {
        return [
            ["text/bg", p.text, p.bg], ["text/surface", p.text, p.surface],
            ["text/surfaceHigh", p.text, p.surfaceHigh],
            ["textMuted/bg", p.textMuted, p.bg], ["textMuted/surface", p.textMuted, p.surface],
            ["textMuted/surfaceHigh", p.textMuted, p.surfaceHigh],
            ["accentFg/accent", p.accentFg, p.accent], ["accentText/bg", p.accentText, p.bg],
            ["accentText/surface", p.accentText, p.surface],
            ["accentText/accentSoft", p.accentText, p.accentSoft],
            ["dangerFg/danger", p.dangerFg, p.danger], ["dangerText/bg", p.dangerText, p.bg],
            ["dangerText/surface", p.dangerText, p.surface],
            ["dangerText/dangerSoft", p.dangerText, p.dangerSoft],
            ["warningFg/warning", p.warningFg, p.warning],
            ["warningText/warningSoft", p.warningText, p.warningSoft],
            ["warningText/surface", p.warningText, p.surface],
            ["text/warningSoft", p.text, p.warningSoft], ["text/dangerSoft", p.text, p.dangerSoft],
            ["text/infoSoft", p.text, p.infoSoft], ["text/accentSoft", p.text, p.accentSoft],
            ["qrFg/qrBg", p.qrFg, p.qrBg]
        ]
    }
    readonly property var allContrastPairs: ({ dark: contrastPairs(darkPalette),
                                               light: contrastPairs(lightPalette) })
}
