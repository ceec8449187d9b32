"""Work-arounds for the PySide6 build we run on.

PySide6 6.12.0: `SignalInstance.emit()` returns True without taking a reference
to it, so every emit from Python drops one reference to True; after a few
thousand emits CPython aborts ("Fatal Python error: bool_dealloc"). `emit()`
below detects the bug once and gives the reference back, so it is harmless on
a fixed PySide. Use it for every signal emitted from Python code.
"""
from __future__ import annotations

import ctypes
import sys
import threading

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None

_lock = threading.Lock()
_leaks: bool | None = None


class _Probe(QObject):
    ping = Signal()


def _detect() -> bool:
    probe = _Probe()
    n = 16
    before = sys.getrefcount(True)
    for _ in range(n):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):          # give back what the probe took
        _incref(True)
    return lost >= n


def emit_leaks() -> bool:
    """True when this PySide drops a reference on every emit."""
    global _leaks
    if _leaks is None:
        with _lock:
            if _leaks is None:
                _leaks = _detect()
    return _leaks


def emit(signal, *args) -> None:
    """signal.emit(*args), without PySide 6.12.0's reference leak."""
    result = signal.emit(*args)
    if emit_leaks() and isinstance(result, bool):
        _incref(result)


# --------------------------------------------------------------------------- None/True/False

def singletons_leak() -> bool:
    """True on CPython < 3.12, where PySide6 6.12.0's missing references to None
    (every void method called from Python) and True (every emit) are fatal.
    From 3.12 on these objects are immortal and the bug is harmless."""
    return sys.version_info < (3, 12)


class RefcountGuard:
    """Tops the reference counts of None, True and False back up to where they
    were when the guard started. Those objects are never freed, so an extra
    reference costs nothing; a missing one aborts the interpreter. Call
    `check()` often (create_ui runs it from a 200 ms QTimer on the UI thread).
    The real fix: run on Python 3.12 or newer, or a PySide6 without the bug."""

    def __init__(self) -> None:
        self._baseline = {id(o): (o, sys.getrefcount(o)) for o in (None, True, False)}

    def check(self) -> int:
        """Give back what was lost since the last check; returns how many."""
        restored = 0
        for obj, base in self._baseline.values():
            lost = base - sys.getrefcount(obj)
            for _ in range(max(0, lost)):
                _incref(obj)
            restored += max(0, lost)
        return restored


_guard: RefcountGuard | None = None
PAD = 1 << 20      # extra references given once to None, True and False


def install_refcount_guard(parent: QObject | None = None, interval_ms: int = 200):
    """Start the guard on a QTimer (once per process; no-op on Python >= 3.12).
    Returns the timer, or None when no guard is needed."""
    global _guard
    if not singletons_leak():
        return None
    from PySide6.QtCore import QTimer
    if _guard is None:
        # What is lost after the last check (engine and timer gone, interpreter
        # shutting down) would otherwise bring None to zero while objects still
        # hold it: "none_dealloc" at exit. A head start no process can lose.
        # (ob_refcnt is a PyObject's first field on CPython < 3.12; one write
        # instead of a million Py_IncRef calls, which would cost ~1 s at start.)
        for obj in (None, True, False):
            ctypes.c_ssize_t.from_address(id(obj)).value += PAD
        _guard = RefcountGuard()
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.timeout.connect(_guard.check)
    timer.start()
    return timer


def refcount_guard() -> RefcountGuard | None:
    return _guard
