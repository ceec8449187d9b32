"""Build the kiosk's QML engine: types, QR provider, translations, windows.

How the QML module works (PySide6 6.12): the files under qml/ form the module
"Kiosk", registered from Python rather than by a qmldir: a qmldir module must
sit in a directory named after its URI (qml/Kiosk/...), which the repository
layout (qml/Main.qml, qml/screens, qml/components) does not have. Every *.qml
file is registered by its file name (qmlRegisterType; Style.qml as a
singleton), the Python types (StationBridge, SimControls) join the same URI
through QmlElement, and `engine.loadFromModule("Kiosk", "Main")` loads the
window. Every QML file just says `import Kiosk`.

No backend knowledge here: the bridge and the (optional) simulator controls
arrive ready-made.
"""
from __future__ import annotations

import logging
from pathlib import Path

from kiosk.ui import pyside  # noqa: F401,I001  (first: PySide6 without its per-import source scan)
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, QTranslator, QUrl
from PySide6.QtQml import QQmlApplicationEngine, qmlRegisterSingletonType, qmlRegisterType

from kiosk.ui import bridge as _bridge_module  # noqa: F401  (registers StationBridge)
from kiosk.ui import controls as _controls_module  # noqa: F401  (registers SimControls)
from kiosk.ui import service_bridge as _service_module  # noqa: F401  (registers ServiceBridge)
from kiosk.ui.bridge import StationBridge

log = logging.getLogger("kiosk.ui")

ROOT = Path(__file__).resolve().parents[2]
QML_DIR = ROOT / "qml"
I18N_DIR = ROOT / "assets" / "i18n"
URI = "Kiosk"
SINGLETONS = {"Style"}

_registered = False


def register_qml_module(qml_dir: Path = QML_DIR) -> None:
    """Register every QML file under qml_dir as a type of the module "Kiosk"
    (once per process: QML type registration is global)."""
    global _registered
    if _registered:
        return
    names: dict[str, Path] = {}
    for path in sorted(qml_dir.rglob("*.qml")):
        name = path.stem
        if name in names:
            raise RuntimeError(f"two QML files named {name}: {names[name]} and {path}")
        names[name] = path
        url = QUrl.fromLocalFile(str(path))
        if name in SINGLETONS:
            qmlRegisterSingletonType(url, URI, 1, 0, name)
        else:
            qmlRegisterType(url, URI, 1, 0, name)
    _registered = True


class Translations(QObject):
    """Swaps the QTranslator for the driver's language and retranslates."""

    def __init__(self, engine: QQmlApplicationEngine, i18n_dir: Path = I18N_DIR):
        super().__init__(engine)
        self._engine = engine
        self._dir = i18n_dir
        self._translator: QTranslator | None = None
        self.language = "en"

    def switch(self, language: str) -> None:
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.language = language
        qm = self._dir / f"kiosk_{language}.qm"
        if language != "en":   # the source texts are English
            translator = QTranslator(self)
            if qm.exists() and translator.load(str(qm)):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.warning("ui: no translations for %s (%s); run `make translations`",
                            language, qm)
        self._engine.retranslate()


class TouchWatcher(QObject):
    """Every press anywhere in a kiosk window is a touch for the journey
    (extends its timeouts) and wakes the dim overlay. Watching the window's
    events sees presses that buttons would otherwise swallow."""

    PRESSES = {QEvent.MouseButtonPress, QEvent.TouchBegin}

    def __init__(self, bridge: StationBridge):
        super().__init__(bridge)
        self._bridge = bridge

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in self.PRESSES:
            self._bridge.touch()
        return False


def _qr_at_first_receipt(engine: QQmlApplicationEngine, bridge: StationBridge) -> None:
    """Register the QR image provider when the first receipt is about to show,
    not at start: its base class (PySide6.QtQuick) loads the 9 MB QtOpenGL
    binding, which a driver waiting at the attract screen never needs. The
    bridge calls this before QML sees the new screen and asks for image://qr/..."""
    def before(screen: str) -> None:
        if screen == "receipt":
            bridge.set_screen_hook(None)
            ensure_qr_provider(engine)
    bridge.set_screen_hook(before)


def ensure_qr_provider(engine: QQmlApplicationEngine) -> None:
    """The "qr" image provider, once (the receipt screen or service mode's Show receipt)."""
    if not getattr(engine, "_qr_registered", False):
        from kiosk.ui.qr import QrImageProvider
        engine.addImageProvider("qr", QrImageProvider())
        engine._qr_registered = True


def create_ui(app, bridge: StationBridge, *, fullscreen: bool,
              size: tuple[int, int] | None = None, theme: str = "dark",
              dim_after_s: int = 60, motion: bool = True, rotation: int = 0,
              shown: bool = True, service=None,
              service_idle_s: float = 120) -> QQmlApplicationEngine:
    """Load the kiosk window. Returns the engine; keep a reference to it.

    fullscreen: station mode (fullscreen, no window frame); else a window of
    `size` (default 1280x800). dim_after_s: 0 disables the dim overlay.
    motion: False stops what moves by itself (for reproducible screenshots).
    rotation: [display] rotation, degrees clockwise (Main.qml turns the scene).
    shown: False loads the window without showing it (the kiosk shows it when
    the first snapshot has arrived: Main.qml's `shown`).
    """
    register_qml_module()
    engine = QQmlApplicationEngine()
    _qr_at_first_receipt(engine, bridge)
    translations = Translations(engine)
    bridge.set_language_hook(translations.switch)
    if bridge.language and bridge.language != "en":
        translations.switch(bridge.language)
    w, h = size or (1280, 800)
    if service is None:      # screenshots and tests: the pages without a backend
        service = _service_module.ServiceBridge(bridge)
    engine.setInitialProperties({
        "bridge": bridge,
        "service": service,
        "serviceIdleMs": int(service_idle_s * 1000),
        "fullscreenMode": bool(fullscreen),
        "initialWidth": w,
        "initialHeight": h,
        "theme": theme,
        "dimAfterMs": int(dim_after_s * 1000),
        "motion": bool(motion),
        "shown": bool(shown),
        "displayRotation": int(rotation),
    })
    engine.loadFromModule(URI, "Main")
    if not engine.rootObjects():
        raise RuntimeError("the kiosk QML did not load (see the QML warnings above)")
    window = engine.rootObjects()[0]
    service.set_qr_hook(lambda: ensure_qr_provider(engine))
    watcher = TouchWatcher(bridge)
    window.installEventFilter(watcher)
    engine._kiosk_refs = (translations, watcher)   # keep them alive
    return engine


def add_control_panel(engine: QQmlApplicationEngine, controls, theme: str = "dark") -> None:
    """The demo's simulator control panel, a second window of the same engine."""
    engine.setInitialProperties({"controls": controls, "theme": theme,
                                 "beside": kiosk_window(engine)})
    engine.loadFromModule(URI, "ControlPanel")
    if len(engine.rootObjects()) < 2:
        raise RuntimeError("the control panel QML did not load (see the QML warnings above)")


def kiosk_window(engine: QQmlApplicationEngine):
    """The kiosk's QQuickWindow (the first root object)."""
    return engine.rootObjects()[0]


def set_window_size(engine: QQmlApplicationEngine, width: int, height: int) -> None:
    win = kiosk_window(engine)
    win.resize(QSize(width, height))
