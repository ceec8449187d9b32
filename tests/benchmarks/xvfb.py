"""A private Xvfb for a benchmark or a test: a real X11 server on a display
number it picks itself (-displayfd), so engineers sharing a machine never collide.

    with Xvfb((1280, 800)) as display:      # ":7"
        subprocess.run([...], env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})

`Xvfb.missing()` says why there can be none here (None when there can).
"""
from __future__ import annotations

import os
import select
import shutil
import subprocess
import time

START_S = 10.0


class Xvfb:
    def __init__(self, size: tuple[int, int] = (1280, 800)):
        self.size = size
        self.proc: subprocess.Popen | None = None
        self.display = ""
        self._fd: int | None = None

    @staticmethod
    def missing() -> str | None:
        if shutil.which("Xvfb") is None:
            return "no Xvfb here (Debian: apt install xvfb)"
        from kiosk.ui.run import missing_xcb_library
        lib = missing_xcb_library()
        if lib:
            return f"Qt's xcb plugin cannot load: {lib} is missing"
        return None

    def __enter__(self) -> str:
        read_fd, write_fd = os.pipe()
        w, h = self.size
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                                      f"{w}x{h}x24", "-nolisten", "tcp"], pass_fds=(write_fd,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        # The read end stays open while the server runs: Xvfb writes the number
        # and its newline separately and dies ("Cannot write display number")
        # when the reader has gone in between.
        self._fd = read_fd
        number, deadline = b"", time.monotonic() + START_S
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([read_fd], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(read_fd, 32) if ready else b""
            if not chunk:
                break
            number += chunk
        number = number.decode().strip()
        if not number:
            self.__exit__()
            raise RuntimeError(f"Xvfb gave no display within {START_S:.0f} s")
        self.display = f":{number}"
        # Connectable (a last check that it did not die after writing the number).
        from kiosk.ui.renderer import x_direct_rendering
        deadline = time.monotonic() + START_S
        while x_direct_rendering(self.display) is None:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.__exit__()
                raise RuntimeError(f"Xvfb on {self.display} took no connection within {START_S:.0f} s")
            time.sleep(0.02)
        return self.display

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(START_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
