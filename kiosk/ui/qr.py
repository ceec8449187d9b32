"""`image://qr/<url-encoded text>`: the receipt QR code, drawn crisp.

The image is built straight from qrcode's module matrix (no PIL): every module
is an integer number of pixels and the image is never smoothed, so phones read
it from across a bay. The matrix already carries the 4-module quiet zone.
"""
from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

QUIET_ZONE = 4          # modules of white around the code (ISO/IEC 18004 minimum)
DEFAULT_SIDE = 320      # pixels, when QML gives no sourceSize


def qr_matrix(text: str) -> list[list[bool]]:
    """Rows of modules (True = dark), quiet zone included."""
    import qrcode           # at the first receipt, not at start-up
    from qrcode.constants import ERROR_CORRECT_M
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def qr_image(text: str, side: int = DEFAULT_SIDE) -> QImage:
    """A greyscale QImage of at most `side` pixels (but at least 1 px per module),
    each module an integer scale."""
    matrix = qr_matrix(text)
    n = len(matrix)
    scale = max(1, side // n)
    w = n * scale
    rows = bytearray()
    for row in matrix:
        line = bytearray()
        for dark in row:
            line += (b"\x00" if dark else b"\xff") * scale
        rows += bytes(line) * scale
    image = QImage(bytes(rows), w, w, w, QImage.Format_Grayscale8)
    return image.copy()        # own the pixels: `rows` is freed on return


class QrImageProvider(QQuickImageProvider):
    """Registered as "qr": Image { source: "image://qr/" + encodeURIComponent(url) }."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.Image)

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:  # noqa: A002
        text = unquote(id)
        side = DEFAULT_SIDE
        if requestedSize.isValid() and requestedSize.width() > 0:
            side = requestedSize.width()
            if requestedSize.height() > 0:
                side = min(side, requestedSize.height())
        image = qr_image(text, side) if text else QImage()
        if size is not None and not image.isNull():
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
