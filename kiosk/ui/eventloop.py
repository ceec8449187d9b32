"""qasync, without QtWidgets.

qasync imports PySide6.QtWidgets at import time only to call
QApplication.instance() and processEvents(), which QGuiApplication has too; the
kiosk has no widgets, and that import maps the 6 MB QtWidgets binding and the
8 MB libQt6Widgets (~5 MB of distinct memory) for nothing. `qasync()` imports
qasync with QGuiApplication standing in for QtWidgets' QApplication, then lets
go of the stand-in, so a real `import PySide6.QtWidgets` later still works.
"""
from __future__ import annotations

import sys
import types


def qasync():
    """The qasync module (imported once, without QtWidgets)."""
    if "qasync" in sys.modules:
        return sys.modules["qasync"]
    from PySide6.QtGui import QGuiApplication
    name = "PySide6.QtWidgets"
    if name in sys.modules:                # someone has the real one already
        import qasync as module
        return module
    stand_in = types.ModuleType(name)
    stand_in.QApplication = QGuiApplication
    sys.modules[name] = stand_in
    try:
        import qasync as module
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
    return module
