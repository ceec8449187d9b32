"""Which Qt Quick renderer draws the kiosk: `[display] renderer`.

    auto      OpenGL where there is a GPU; Qt Quick's software renderer where the
              only OpenGL would be a software rasteriser (Mesa's llvmpipe/softpipe)
    software  Qt Quick's software renderer (QPainter, no OpenGL at all)
    opengl    OpenGL, whatever implements it

Why: on an HMI board without a GPU, Qt takes OpenGL through llvmpipe, which maps
libLLVM and the rest of Mesa (about 90 MB of the kiosk's distinct memory) and
costs ~120 ms before the first frame, to draw flat rectangles and text that the
software renderer draws as well. The decision must be made before the first
window exists and must not itself load Mesa, so `auto` looks at the machine
(DRM render nodes, Mesa's environment, the X server's extensions) rather than
creating a GL context to ask it.

`decide` is pure (the facts come in as arguments); `detect` gathers the facts,
`apply` tells Qt, `current` is what service status shows.
"""
from __future__ import annotations

import logging
import os

from kiosk.config import RENDERERS as SETTINGS  # auto, software, opengl

log = logging.getLogger("kiosk.ui")

SOFTWARE_RASTERISERS = ("llvmpipe", "softpipe", "swrast")
# DRM drivers with a render node but no GPU behind it (a render node is how Mesa
# finds hardware; these would still rasterise on the CPU).
VIRTUAL_DRM_DRIVERS = ("vgem", "vkms")
# Qt's own variables: a technician who sets one has decided; `auto` defers.
QT_OVERRIDES = ("QT_QUICK_BACKEND", "QSG_RHI_BACKEND")
# Platforms that have no OpenGL of their own in Qt 6 (offscreen: none in this
# build; Qt draws with the software renderer whatever is asked).
NO_GL_PLATFORMS = ("offscreen", "minimal", "linuxfb", "vnc")


class Choice:
    """What was decided and why, one line for the log and service status."""

    __slots__ = ("setting", "renderer", "reason", "active")

    def __init__(self, setting: str, renderer: str, reason: str):
        self.setting = setting          # the configured value
        self.renderer = renderer        # "software" | "opengl" | "qt" (left to Qt's environment)
        self.reason = reason
        self.active = ""                # what the window really renders with, once it has drawn

    def as_dict(self) -> dict:
        return {"setting": self.setting, "renderer": self.renderer, "reason": self.reason,
                "active": self.active}

    def __str__(self) -> str:
        shown = self.active or self.renderer
        return f"{shown} ({self.setting}: {self.reason})"

    def __repr__(self) -> str:
        return f"Choice({self.as_dict()!r})"


def decide(setting: str, *, env: dict, platform: str, render_drivers: list[str],
           x_direct_rendering: bool | None) -> Choice:
    """The renderer for `setting` on a machine described by:
    env: the environment; platform: Qt's platform plugin ("xcb", "eglfs", ...);
    render_drivers: the kernel drivers of the DRM render nodes (/dev/dri/renderD*);
    x_direct_rendering: on X11, whether the X server offers DRI3 or DRI2 (None: not X11)."""
    if setting == "software":
        return Choice(setting, "software", "configured")
    if setting == "opengl":
        return Choice(setting, "opengl", "configured")
    if setting != "auto":
        raise ValueError(f"renderer must be one of {', '.join(SETTINGS)}, not {setting!r}")
    for name in QT_OVERRIDES:
        if env.get(name):
            return Choice(setting, "qt", f"{name}={env[name]} is set")
    if platform in NO_GL_PLATFORMS:
        return Choice(setting, "software", f"the {platform} platform has no OpenGL")
    if env.get("LIBGL_ALWAYS_SOFTWARE", "") not in ("", "0", "false"):
        return Choice(setting, "software", "LIBGL_ALWAYS_SOFTWARE is set (OpenGL would be llvmpipe)")
    gallium = env.get("GALLIUM_DRIVER", "")
    if gallium in SOFTWARE_RASTERISERS:
        return Choice(setting, "software", f"GALLIUM_DRIVER={gallium} (a software rasteriser)")
    gpus = [d for d in render_drivers if d not in VIRTUAL_DRM_DRIVERS]
    if not gpus:
        found = f" (only {', '.join(render_drivers)})" if render_drivers else ""
        return Choice(setting, "software",
                      f"no GPU render node{found}: OpenGL would be llvmpipe")
    if x_direct_rendering is False:
        return Choice(setting, "software", f"the X server offers no direct rendering (DRI3/DRI2) "
                                           f"to the {gpus[0]} GPU: OpenGL would be llvmpipe")
    return Choice(setting, "opengl", f"GPU: {', '.join(gpus)}")


# ------------------------------------------------------------ facts about this machine

def render_drivers(sys_drm: str = "/sys/class/drm") -> list[str]:
    """Kernel driver of each DRM render node, e.g. ["i915"], ["v3d"], ["vgem"]."""
    out = []
    try:
        names = sorted(n for n in os.listdir(sys_drm) if n.startswith("renderD"))
    except OSError:
        return out
    for name in names:
        try:
            out.append(os.path.basename(os.readlink(os.path.join(sys_drm, name, "device", "driver"))))
        except OSError:
            out.append("unknown")
    return out


def x_direct_rendering(display: str | None = None) -> bool | None:
    """Whether the X server offers DRI3 or DRI2 (Mesa's ways to a GPU under X11);
    None when there is no X server to ask or libxcb is missing. One short extra
    connection through libxcb (which Qt's xcb plugin loads anyway), no GL."""
    import ctypes
    import ctypes.util
    name = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    xcb.xcb_query_extension.restype = ctypes.c_uint
    xcb.xcb_query_extension.argtypes = [ctypes.c_void_p, ctypes.c_uint16, ctypes.c_char_p]
    xcb.xcb_query_extension_reply.restype = ctypes.POINTER(ctypes.c_uint8)
    xcb.xcb_query_extension_reply.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_void_p]
    libc = ctypes.CDLL(None)
    libc.free.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode() if display else None, None)
    try:
        if not conn or xcb.xcb_connection_has_error(conn):
            return None
        cookies = [xcb.xcb_query_extension(conn, len(n), n) for n in (b"DRI3", b"DRI2")]
        present = False
        for cookie in cookies:
            reply = xcb.xcb_query_extension_reply(conn, cookie, None)
            if reply:
                present = present or bool(reply[8])   # xcb_query_extension_reply_t.present
                libc.free(ctypes.cast(reply, ctypes.c_void_p))
        return present
    finally:
        if conn:
            xcb.xcb_disconnect(conn)


def qt_platform(env: dict) -> str:
    """The platform plugin Qt will load (before QGuiApplication exists)."""
    name = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if name:
        return name
    if env.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb" if env.get("DISPLAY") else "eglfs"


def detect(setting: str, env: dict | None = None) -> Choice:
    env = dict(os.environ if env is None else env)
    platform = qt_platform(env)
    drivers = render_drivers()
    x_dri = None
    # Only worth a connection when it can change the answer: a GPU, under X11.
    if setting == "auto" and platform == "xcb" and any(d not in VIRTUAL_DRM_DRIVERS for d in drivers):
        x_dri = x_direct_rendering(env.get("DISPLAY"))
    return decide(setting, env=env, platform=platform, render_drivers=drivers,
                  x_direct_rendering=x_dri)


# ------------------------------------------------------------ telling Qt, and remembering

_current: Choice | None = None
_ours: dict[str, str] = {}      # environment variables apply() set, not a technician

# Qt's own switches, read when the first window is created. Setting them rather
# than calling QQuickWindow.setGraphicsApi keeps PySide6.QtQuick (whose import
# drags in the 9 MB QtOpenGL binding) out of the process until a receipt needs it.
ENV_FOR = {"software": ("QT_QUICK_BACKEND", "software"), "opengl": ("QSG_RHI_BACKEND", "opengl")}


def apply(choice: Choice, env=os.environ) -> Choice:
    """Tell Qt Quick (before the first window is created) and remember the choice."""
    global _current
    if choice.renderer in ENV_FOR:
        for name in QT_OVERRIDES:              # the configured renderer wins
            if env.get(name) and name != ENV_FOR[choice.renderer][0]:
                del env[name]
        name, value = ENV_FOR[choice.renderer]
        env[name] = _ours[name] = value
    _current = choice
    log.info("ui: renderer %s", choice)
    return choice


def choose(setting: str) -> Choice:
    """detect + apply: what the kiosk calls once, before its window."""
    theirs = {k: v for k, v in os.environ.items() if _ours.get(k) != v}
    return apply(detect(setting, theirs))


# GraphicsInfo.api / QSGRendererInterface::GraphicsApi
APIS = {0: "unknown", 1: "software", 2: "openvg", 3: "opengl", 4: "direct3d11", 5: "vulkan",
        6: "metal", 7: "null", 8: "direct3d12"}


def note_active(window) -> str:
    """What `window` (the kiosk's Main.qml) really renders with, after its first
    frame: Qt falls back to software where OpenGL cannot start (offscreen)."""
    active = APIS.get(window.property("graphicsApi"), "unknown")
    if _current is not None:
        _current.active = active
        if _current.renderer in ENV_FOR and active != _current.renderer:
            log.warning("ui: asked Qt Quick for %s, it renders with %s", _current.renderer, active)
    return active


def current() -> Choice | None:
    """The renderer this process chose (service status shows it); None before the window."""
    return _current
