"""PySide6, without its source scan of every module imported after it.

Once PySide6 is loaded, its `__feature__` import hook asks of every module
imported afterwards whether it uses PySide, by reading the module's whole source
with inspect.getsource (shibokensupport/feature.py, _mod_uses_pyside). For the
kiosk that is every backend module, asyncio and the rest: ~20 ms of start-up and
~4 MB of source lines kept in linecache for the life of the process. The kiosk
never selects a feature (`from __feature__ import snake_case`), so the answer
only needs to be right for modules that do; looking at a module's globals for
PySide objects answers it without reading a file.

Import this module before the first kiosk module that imports PySide6.
"""
from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs the hook this module tunes)


def _uses_pyside(module) -> bool:
    for value in list(vars(module).values()) if hasattr(module, "__dict__") else ():
        name = value.__name__ if isinstance(value, ModuleType) else \
            getattr(value, "__module__", None)
        if isinstance(name, str) and name.startswith(("PySide6", "shiboken6")):
            return True
    return False


def _install() -> bool:
    feature = sys.modules.get("shibokensupport.feature") or sys.modules.get("PySide6.support.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        return False             # another PySide: leave it alone
    feature._mod_uses_pyside = _uses_pyside
    return True


INSTALLED = _install()
