"""PSP framing: preamble | length | 0x3C | header | payload | checksum.

Pure bytes in, frames out. `StreamDecoder` follows the framer contract
`decode(buffer) -> (used, frame)` and copes with any chunking of the stream.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from .assumptions import EXTENDED_LENGTH_BYTES

MAGIC = 0x3C
NORMAL_MAX_LENGTH = 0xFF   # one length byte: magic + header + payload
EXTENDED_MAX_LENGTH = 64 * 1024  # sanity bound: no PSP message comes near it


class Direction(enum.IntEnum):
    """The preamble says who sent the frame."""
    HOST = 0xCC       # host -> terminal
    TERMINAL = 0xAA   # terminal -> host


class FrameError(ValueError):
    """A frame that cannot be built or parsed, with what is wrong."""


@dataclass(frozen=True, slots=True)
class Frame:
    direction: Direction
    header: int
    payload: bytes = b""

    def __repr__(self) -> str:
        return f"Frame({self.direction.name}, 0x{self.header:02X}, {self.payload.hex(' ')})"


def checksum(data: bytes) -> int:
    """Sum of all preceding bytes, preamble included, modulo 256. [DOC]"""
    return sum(data) & 0xFF


def encode_frame(frame: Frame, extended: bool = False) -> bytes:
    if not 0 <= frame.header <= 0xFF:
        raise FrameError(f"header 0x{frame.header:X} does not fit one byte")
    length = len(frame.payload) + 2
    if extended:
        if length > EXTENDED_MAX_LENGTH:
            raise FrameError(f"payload of {len(frame.payload)} bytes is too long")
        length_field = length.to_bytes(EXTENDED_LENGTH_BYTES, "big")
    else:
        if length > NORMAL_MAX_LENGTH:
            raise FrameError(
                f"payload of {len(frame.payload)} bytes needs the extended block format")
        length_field = bytes([length])
    body = bytes([frame.direction]) + length_field + bytes([MAGIC, frame.header]) + frame.payload
    return body + bytes([checksum(body)])


class StreamDecoder:
    """Finds frames in a byte stream fed in arbitrary chunks.

    Bytes that cannot start a frame are skipped and counted; a frame with a bad
    checksum is dropped and counted (treated as "not received"), and the search
    resumes one byte after its preamble so a real frame hidden inside is found.
    """

    def __init__(self, accept: Direction | None = None, extended: bool = False):
        self.accept = accept          # None: either direction (sniffers, tests)
        self.extended = extended      # switched by Protocol option 0x04, cleared by Reset
        self.buffer = bytearray()
        self.skipped_bytes = 0
        self.bad_checksums = 0

    def _preambles(self) -> tuple[int, ...]:
        return (self.accept,) if self.accept is not None else (Direction.HOST, Direction.TERMINAL)

    def decode(self, buffer: bytes | bytearray) -> tuple[int, Frame | None]:
        """Framer contract: how many bytes of `buffer` are used, and the frame found.

        (0, None) means "need more bytes"; (n, None) means n bytes were garbage
        or a bad frame and are consumed.
        """
        preambles = self._preambles()
        if buffer and buffer[0] not in preambles:
            # Garbage: jump to the next byte that could start a frame (one C-level
            # search per preamble, not a Python step per byte).
            found = [i for i in (buffer.find(p) for p in preambles) if i > 0]
            return (min(found) if found else len(buffer)), None
        lbytes = EXTENDED_LENGTH_BYTES if self.extended else 1
        head = 1 + lbytes
        if len(buffer) < head + 1:
            return 0, None
        length = int.from_bytes(buffer[1:head], "big")
        limit = EXTENDED_MAX_LENGTH if self.extended else NORMAL_MAX_LENGTH
        if length < 2 or length > limit or buffer[head] != MAGIC:
            return 1, None   # not a frame start after all
        total = head + length + 1
        if len(buffer) < total:
            return 0, None
        if checksum(buffer[: total - 1]) != buffer[total - 1]:
            self.bad_checksums += 1
            return 1, None
        frame = Frame(Direction(buffer[0]), buffer[head + 1], bytes(buffer[head + 2: total - 1]))
        return total, frame

    def feed(self, data: bytes) -> list[Frame]:
        """Append bytes; return every complete frame now available."""
        self.buffer += data
        frames: list[Frame] = []
        while self.buffer:
            used, frame = self.decode(self.buffer)
            if used == 0:
                break
            del self.buffer[:used]
            if frame is None:
                self.skipped_bytes += used
            else:
                frames.append(frame)
        return frames

    def discard_partial(self) -> None:
        """Give up on a frame whose length never completes (called after a quiet
        gap): skip its preamble and look for frames in what follows."""
        if self.buffer:
            del self.buffer[:1]
            self.skipped_bytes += 1

    def reset(self) -> None:
        self.buffer.clear()
        self.extended = False
