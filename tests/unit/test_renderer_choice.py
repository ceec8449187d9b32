"""[display] renderer = auto: OpenGL where there is a GPU, Qt Quick's software
renderer where OpenGL would be a software rasteriser. `decide` is pure: each
case states the machine and the answer a technician would expect."""
import os

import pytest

from kiosk.ui.renderer import decide, render_drivers

NO_ENV: dict = {}


@pytest.mark.parametrize("setting, env, platform, drivers, x_dri, renderer, because", [
    # configured: whatever the machine
    ("software", NO_ENV, "xcb", ["i915"], True, "software", "configured"),
    ("opengl", NO_ENV, "linuxfb", [], None, "opengl", "configured"),
    # a GPU-less HMI board (no DRM render node), on eglfs or under X11
    ("auto", NO_ENV, "eglfs", [], None, "software", "no GPU render node"),
    ("auto", NO_ENV, "xcb", [], False, "software", "no GPU render node"),
    # a render node with no GPU behind it (virtual GEM) is still llvmpipe
    ("auto", NO_ENV, "eglfs", ["vgem"], None, "software", "only vgem"),
    # Mesa told to rasterise in software, GPU or not
    ("auto", {"LIBGL_ALWAYS_SOFTWARE": "1"}, "eglfs", ["v3d"], None, "software", "LIBGL_ALWAYS_SOFTWARE"),
    ("auto", {"GALLIUM_DRIVER": "llvmpipe"}, "xcb", ["i915"], True, "software", "GALLIUM_DRIVER=llvmpipe"),
    ("auto", {"GALLIUM_DRIVER": "softpipe"}, "xcb", ["i915"], True, "software", "softpipe"),
    ("auto", {"LIBGL_ALWAYS_SOFTWARE": "0"}, "eglfs", ["v3d"], None, "opengl", "v3d"),
    # platforms without OpenGL in Qt
    ("auto", NO_ENV, "offscreen", ["i915"], None, "software", "offscreen platform has no OpenGL"),
    ("auto", NO_ENV, "linuxfb", ["v3d"], None, "software", "linuxfb"),
    # a GPU: a Raspberry Pi's v3d on eglfs, an Intel board under its own X server
    ("auto", NO_ENV, "eglfs", ["vc4", "v3d"], None, "opengl", "GPU: vc4, v3d"),
    ("auto", NO_ENV, "xcb", ["i915"], True, "opengl", "GPU: i915"),
    # a GPU, but an X server that cannot hand it out (Xvfb, a remote display)
    ("auto", NO_ENV, "xcb", ["i915"], False, "software", "no direct rendering"),
    # the technician set Qt's own variable: auto leaves it to Qt
    ("auto", {"QSG_RHI_BACKEND": "opengl"}, "eglfs", [], None, "qt", "QSG_RHI_BACKEND=opengl"),
    ("auto", {"QT_QUICK_BACKEND": "software"}, "xcb", ["i915"], True, "qt", "QT_QUICK_BACKEND"),
])
def test_auto_uses_the_gpu_only_where_there_is_one(setting, env, platform, drivers, x_dri,
                                                   renderer, because):
    choice = decide(setting, env=env, platform=platform, render_drivers=drivers,
                    x_direct_rendering=x_dri)
    assert choice.renderer == renderer
    assert because in choice.reason
    assert choice.setting == setting
    assert str(choice).startswith(f"{renderer} ({setting}: ")      # the log line


def test_an_unknown_setting_is_refused():
    with pytest.raises(ValueError, match="auto, software, opengl"):
        decide("vulkan", env={}, platform="xcb", render_drivers=[], x_direct_rendering=None)


def test_render_nodes_are_read_from_sysfs(tmp_path):
    """The layout of /sys/class/drm: renderD* -> device/driver -> .../drivers/NAME;
    card* nodes (display only) do not count."""
    drm = tmp_path / "drm"
    for node, driver in (("card0", "vc4"), ("renderD128", "v3d"), ("renderD129", "vgem")):
        device = tmp_path / "devices" / node
        (tmp_path / "drivers" / driver).mkdir(parents=True, exist_ok=True)
        device.mkdir(parents=True)
        os.symlink(tmp_path / "drivers" / driver, device / "driver")
        (drm / node).mkdir(parents=True)
        os.symlink(device, drm / node / "device")
    assert render_drivers(str(drm)) == ["v3d", "vgem"]
    assert render_drivers(str(tmp_path / "absent")) == []
