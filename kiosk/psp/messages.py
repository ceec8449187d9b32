"""One typed class per PSP command and reply, in a registry from code to class.

Simple messages declare their fields (name, width) and need no code; the few
with variable tails (Start Session, DOL replies, UI Request) say how their tail
is laid out. Adding a message is one class plus a test. `Codec` turns messages
into frames and back; it holds the configurable codes.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields, replace
from typing import ClassVar

from . import assumptions
from .framing import Direction, Frame, FrameError, encode_frame
from .tlv import TAG_NAMES, TAGS_BY_NAME, TlvError, decode_dol, decode_tlv, encode_dol, encode_tlv


def _byte(name: str, what: str, value: int) -> bytes:
    if not 0 <= value <= 0xFF:
        raise FrameError(f"{name}.{what} = {value} does not fit one byte")
    return bytes([value])


class DecodeError(FrameError):
    """A frame whose payload does not match its message's layout."""


class TerminalState(enum.IntEnum):
    OFFLINE = 0x01
    ONLINE = 0x02
    DISABLED = 0x04
    ENABLED = 0x08
    WAIT_CARD = 0x10
    WAIT_AUTH = 0x20


class ProtocolOption(enum.IntFlag):
    TRANSACTION_EVENTS = 0x01
    AUTHORIZATION_DOL = 0x02
    EXTENDED_BLOCK = 0x04
    DETAILED_RESULTS = 0x08
    DECLINED_DOL = 0x10


class TimeoutAction(enum.IntEnum):
    COMMIT = 0x00
    VOID = 0x01


class DeclineReason(enum.IntEnum):
    NOT_SET = 0x00
    CARD_READ_FAILURE = 0x01
    CARD_READ_TIMEOUT = 0x02
    HOST_ERROR = 0x03
    INVALID_MERCHANT = 0x04
    REFER_TO_ISSUER = 0x05
    INVALID_ACCOUNT = 0x06
    PIN_FAILURE = 0x07
    HOST_TIMEOUT = 0x08
    INSUFFICIENT_FUNDS = 0x09
    WITHDRAWAL_LIMIT = 0x0A
    WITHDRAWAL_FREQUENCY = 0x0B
    DATABASE_UNREACHABLE = 0x0C
    OTHER = 0xFF


class ResultCode(enum.IntEnum):
    OK = 0x00
    NOT_OK = 0x01


# Field widths for declared layouts: unsigned big-endian integers. [DOC]
U8, U32 = 1, 4


@dataclass(frozen=True)
class Message:
    CODE: ClassVar[int]
    DIRECTION: ClassVar[Direction]
    NAME: ClassVar[str]
    FIELDS: ClassVar[tuple[tuple[str, int], ...]] = ()

    def encode_payload(self) -> bytes:
        out = bytearray()
        for name, width in self.FIELDS:
            value = int(getattr(self, name))
            if not 0 <= value < 1 << (8 * width):
                raise FrameError(f"{self.NAME}.{name} = {value} does not fit {width} byte(s)")
            out += value.to_bytes(width, "big")
        return bytes(out)

    @classmethod
    def decode_payload(cls, payload: bytes) -> "Message":
        need = sum(w for _, w in cls.FIELDS)
        if len(payload) != need:
            raise DecodeError(f"{cls.NAME}: payload of {len(payload)} bytes, expected {need}")
        values, i = {}, 0
        for name, width in cls.FIELDS:
            values[name] = int.from_bytes(payload[i: i + width], "big")
            i += width
        return cls(**values)


# ---------------------------------------------------------------- DOL data

@dataclass(frozen=True)
class Dol:
    """TLV data returned by the terminal (card hash, masked PAN, brand, ...)."""
    items: tuple[tuple[int, bytes], ...] = ()

    def get(self, name: str) -> bytes | None:
        tag = TAGS_BY_NAME[name]
        for t, v in self.items:
            if t == tag:
                return v
        return None

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return None if value is None else value.decode("ascii", "replace")

    def named(self) -> dict[str, bytes]:
        return {TAG_NAMES.get(t, f"{t:X}"): v for t, v in self.items}

    @classmethod
    def of(cls, **values: str | bytes) -> "Dol":
        return cls(tuple((TAGS_BY_NAME[k], v.encode() if isinstance(v, str) else v)
                         for k, v in values.items()))


def _encode_dol_block(dol: Dol) -> bytes:
    data = encode_tlv(dol.items)
    if len(data) > 0xFF:
        raise FrameError(f"DOL data of {len(data)} bytes does not fit its length byte")
    return bytes([len(data)]) + data


def _decode_dol_block(name: str, payload: bytes) -> Dol:
    if not payload:
        raise DecodeError(f"{name}: missing DOL length")
    n = payload[0]
    if len(payload) != 1 + n:
        raise DecodeError(f"{name}: DOL length {n} but {len(payload) - 1} bytes follow")
    try:
        return Dol(decode_tlv(payload[1:]))
    except ValueError as e:
        raise DecodeError(f"{name}: {e}") from None


# ---------------------------------------------------------------- host -> terminal

@dataclass(frozen=True)
class Synchronize(Message):
    CODE, DIRECTION, NAME = 0x24, Direction.HOST, "Synchronize"


@dataclass(frozen=True)
class Protocol(Message):
    CODE, DIRECTION, NAME = 0x13, Direction.HOST, "Protocol"
    FIELDS = (("version", U8), ("options", U32))
    version: int = 3
    options: int = 0


@dataclass(frozen=True)
class Setup(Message):
    CODE, DIRECTION, NAME = 0x23, Direction.HOST, "Setup"
    FIELDS = (("session_timeout_s", U32), ("timeout_action", U8))
    session_timeout_s: int = 48 * 3600
    timeout_action: int = TimeoutAction.COMMIT


@dataclass(frozen=True)
class Enable(Message):
    CODE, DIRECTION, NAME = 0x12, Direction.HOST, "Enable"


@dataclass(frozen=True)
class Disable(Message):
    CODE, DIRECTION, NAME = 0x11, Direction.HOST, "Disable"


@dataclass(frozen=True)
class Reset(Message):
    CODE, DIRECTION, NAME = 0x55, Direction.HOST, "Reset"


@dataclass(frozen=True)
class GetStatus(Message):
    CODE, DIRECTION, NAME = 0x26, Direction.HOST, "Get Status"


@dataclass(frozen=True, kw_only=True)
class _CardRequest(Message):
    """Start Session and Read Card share an optional, contiguous tail: a field
    can only be sent when every field before it is. Unset fields are None; on
    encode, unset fields before a set one take their neutral value. [DOC]"""
    dol: tuple[int, ...] | None = None
    payment_methods: int | None = None      # 0x00/0xFF all, 0x02 EMV (Apollo)
    logo: str | None = None
    hide_amount: bool | None = None
    qr_url: str | None = None
    reference_text: str | None = None
    reference_text2: str | None = None
    present_card_message: str | None = None

    TAIL: ClassVar[tuple[str, ...]] = (
        "dol", "payment_methods", "logo", "hide_amount", "qr_url",
        "reference_text", "reference_text2", "present_card_message")
    NEUTRAL: ClassVar[dict] = {"dol": (), "payment_methods": 0xFF, "logo": "", "hide_amount": False,
                               "qr_url": "", "reference_text": "", "reference_text2": ""}

    def _encode_tail(self) -> bytes:
        present = [n for n in self.TAIL if getattr(self, n) is not None]
        if not present:
            return b""
        last = self.TAIL.index(present[-1])
        out = bytearray()
        for name in self.TAIL[: last + 1]:
            v = getattr(self, name)
            if v is None:
                v = self.NEUTRAL[name]
            if name == "dol":
                tags = encode_dol(tuple(v))
                out += _byte(self.NAME, "DOL list length", len(tags)) + tags
            elif name in ("payment_methods", "hide_amount"):
                out += _byte(self.NAME, name, int(v))
            else:
                text = v.encode(assumptions.TEXT_ENCODING)
                if b"\0" in text:
                    raise FrameError(f"{self.NAME}.{name} must not contain NUL")
                if name == "present_card_message" and len(text) > 128:
                    raise FrameError(f"{self.NAME}.present_card_message is {len(text)} bytes; at most 128")
                out += text + b"\0"   # NUL-terminated strings [DOC for logo/QR, INF for the rest]
        return bytes(out)

    @classmethod
    def _decode_tail(cls, data: bytes) -> dict:
        values: dict = {}
        i = 0
        for name in cls.TAIL:
            if i >= len(data):
                break
            if name == "dol":
                n = data[i]
                if i + 1 + n > len(data):
                    raise DecodeError(f"{cls.NAME}: DOL list of {n} bytes runs past the frame")
                try:
                    values[name] = decode_dol(data[i + 1: i + 1 + n])
                except TlvError as e:
                    raise DecodeError(f"{cls.NAME}: {e}") from None
                i += 1 + n
            elif name in ("payment_methods", "hide_amount"):
                values[name] = data[i] if name == "payment_methods" else bool(data[i])
                i += 1
            else:
                end = data.find(b"\0", i)
                if end < 0:
                    raise DecodeError(f"{cls.NAME}: {name} is not NUL-terminated")
                values[name] = data[i:end].decode(assumptions.TEXT_ENCODING, "replace")
                i = end + 1
        if i != len(data):
            raise DecodeError(f"{cls.NAME}: {len(data) - i} unexpected trailing bytes")
        return values

    def encode_payload(self) -> bytes:
        return super().encode_payload() + self._encode_tail()

    @classmethod
    def decode_payload(cls, payload: bytes) -> "Message":
        need = sum(w for _, w in cls.FIELDS)
        if len(payload) < need:
            raise DecodeError(f"{cls.NAME}: payload of {len(payload)} bytes, expected at least {need}")
        head = Message.decode_payload.__func__(cls, payload[:need])  # type: ignore[attr-defined]
        return replace(head, **cls._decode_tail(payload[need:]))


@dataclass(frozen=True)
class StartSession(_CardRequest):
    CODE, DIRECTION, NAME = 0x34, Direction.HOST, "Start Session"
    FIELDS = (("amount", U32), ("reference", U32))
    amount: int = 0
    reference: int = 0


@dataclass(frozen=True)
class ReadCard(_CardRequest):
    CODE, DIRECTION, NAME = 0x41, Direction.HOST, "Read Card"
    FIELDS = (("reference", U32),)
    reference: int = 0


@dataclass(frozen=True)
class AuthSession(Message):
    CODE, DIRECTION, NAME = 0x36, Direction.HOST, "Auth Session"


@dataclass(frozen=True)
class CancelSession(Message):
    CODE, DIRECTION, NAME = 0x37, Direction.HOST, "Cancel Session"


@dataclass(frozen=True)
class CommitSession(Message):
    CODE, DIRECTION, NAME = 0x35, Direction.HOST, "Commit Session"
    FIELDS = tuple((n, U32) for n in assumptions.COMMIT_FIELDS)
    session_id: int = 0
    amount: int = 0


@dataclass(frozen=True)
class VoidSession(Message):
    CODE, DIRECTION, NAME = 0x33, Direction.HOST, "Void Session"
    FIELDS = (("session_id", U32),)
    session_id: int = 0


@dataclass(frozen=True)
class UpdateSession(Message):
    CODE, DIRECTION, NAME = 0x42, Direction.HOST, "Update Session"
    FIELDS = (("session_id", U32), ("amount", U32))
    session_id: int = 0
    amount: int = 0   # the new total, not the increment [DOC]


@dataclass(frozen=True)
class UiRequest(Message):
    """NUL-separated key/value strings shown on the terminal's application area."""
    CODE, DIRECTION, NAME = assumptions.DEFAULT_UI_REQUEST_CODE, Direction.HOST, "UI Request"
    pairs: tuple[tuple[str, str], ...] = ()

    def encode_payload(self) -> bytes:
        parts = []
        for k, v in self.pairs:
            for s in (k, v):
                if "\0" in s:
                    raise FrameError("UI Request strings must not contain NUL")
                parts.append(s.encode(assumptions.TEXT_ENCODING))
        return b"\0".join(parts) + (b"\0" if parts else b"")

    @classmethod
    def decode_payload(cls, payload: bytes) -> "UiRequest":
        if not payload:
            return cls(())
        if not payload.endswith(b"\0"):
            raise DecodeError("UI Request: not NUL-terminated")
        strings = [s.decode(assumptions.TEXT_ENCODING, "replace") for s in payload[:-1].split(b"\0")]
        if len(strings) % 2:
            raise DecodeError("UI Request: a key without a value")
        return cls(tuple(zip(strings[::2], strings[1::2])))


@dataclass(frozen=True)
class _Opaque(Message):
    """Commands whose payload layout is not public: carried as raw bytes."""
    data: bytes = b""

    def encode_payload(self) -> bytes:
        return self.data

    @classmethod
    def decode_payload(cls, payload: bytes) -> "Message":
        return cls(bytes(payload))


@dataclass(frozen=True)
class SelectLanguage(_Opaque):
    CODE, DIRECTION, NAME = 0x40, Direction.HOST, "Select Language"


@dataclass(frozen=True)
class GetReceipt(_Opaque):
    CODE, DIRECTION, NAME = 0x45, Direction.HOST, "Get Receipt"


@dataclass(frozen=True)
class RemoveSessions(_Opaque):
    CODE, DIRECTION, NAME = 0x56, Direction.HOST, "Remove Sessions"


# ---------------------------------------------------------------- terminal -> host

@dataclass(frozen=True)
class SynchronizeEcho(Message):
    CODE, DIRECTION, NAME = 0x24, Direction.TERMINAL, "Synchronize echo"


@dataclass(frozen=True)
class ProtocolEcho(Message):
    CODE, DIRECTION, NAME = 0x13, Direction.TERMINAL, "Protocol echo"
    FIELDS = (("version", U8), ("options", U32))
    version: int = 3
    options: int = 0


@dataclass(frozen=True)
class Status(Message):
    CODE, DIRECTION, NAME = assumptions.STATUS_REPLY_CODE, Direction.TERMINAL, "Status"
    FIELDS = (("state", U8), ("transaction_running", U8))
    state: int = TerminalState.OFFLINE
    transaction_running: bool = False

    def __post_init__(self):
        object.__setattr__(self, "transaction_running", bool(self.transaction_running))

    @property
    def state_name(self) -> str:
        try:
            return TerminalState(self.state).name
        except ValueError:
            return f"0x{self.state:02X}"


@dataclass(frozen=True)
class Result(Message):
    CODE, DIRECTION, NAME = 0x00, Direction.TERMINAL, "Result"
    FIELDS = (("code", U8),)
    code: int = ResultCode.OK

    @property
    def ok(self) -> bool:
        return self.code == ResultCode.OK


@dataclass(frozen=True)
class CardRead(Message):
    CODE, DIRECTION, NAME = 0x34, Direction.TERMINAL, "Card Read"
    dol: Dol = field(default_factory=Dol)

    def encode_payload(self) -> bytes:
        return _encode_dol_block(self.dol)

    @classmethod
    def decode_payload(cls, payload: bytes) -> "CardRead":
        return cls(_decode_dol_block(cls.NAME, payload))


@dataclass(frozen=True)
class SessionApproved(Message):
    CODE, DIRECTION, NAME = 0x31, Direction.TERMINAL, "Session Approved"
    session_id: int = 0
    dol: Dol = field(default_factory=Dol)

    def encode_payload(self) -> bytes:
        if not 0 <= self.session_id <= 0xFFFFFFFF:
            raise FrameError(f"{self.NAME}.session_id = {self.session_id} does not fit 4 byte(s)")
        return self.session_id.to_bytes(4, "big") + _encode_dol_block(self.dol)

    @classmethod
    def decode_payload(cls, payload: bytes) -> "SessionApproved":
        if len(payload) < 5:
            raise DecodeError(f"{cls.NAME}: payload of {len(payload)} bytes, expected at least 5")
        return cls(int.from_bytes(payload[:4], "big"), _decode_dol_block(cls.NAME, payload[4:]))


@dataclass(frozen=True)
class SessionDeclined(Message):
    """Reason only with option 0x08; a DOL block after it only with option 0x10. [DOC; tail INF]"""
    CODE, DIRECTION, NAME = 0x32, Direction.TERMINAL, "Session Declined"
    reason: int | None = None
    dol: Dol | None = None

    def encode_payload(self) -> bytes:
        if self.reason is None:
            if self.dol is not None:
                raise FrameError("Session Declined: a DOL needs a reason byte before it")
            return b""
        return _byte(self.NAME, "reason", self.reason) + (
            b"" if self.dol is None else _encode_dol_block(self.dol))

    @classmethod
    def decode_payload(cls, payload: bytes) -> "SessionDeclined":
        if not payload:
            return cls()
        dol = _decode_dol_block(cls.NAME, payload[1:]) if len(payload) > 1 else None
        return cls(payload[0], dol)

    @property
    def reason_name(self) -> str:
        if self.reason is None:
            return "not given"
        try:
            return DeclineReason(self.reason).name.lower()
        except ValueError:
            return f"0x{self.reason:02X}"


@dataclass(frozen=True)
class SessionCancelled(Message):
    CODE, DIRECTION, NAME = 0x33, Direction.TERMINAL, "Session Cancelled"


@dataclass(frozen=True)
class TransactionEvent(Message):
    CODE, DIRECTION, NAME = 0x38, Direction.TERMINAL, "Transaction Event"
    FIELDS = (("state", U8),)
    state: int = 0


HOST_MESSAGES: tuple[type[Message], ...] = (
    Synchronize, Protocol, Setup, Enable, Disable, Reset, GetStatus, StartSession, ReadCard,
    AuthSession, CancelSession, CommitSession, VoidSession, UpdateSession, UiRequest,
    SelectLanguage, GetReceipt, RemoveSessions)
TERMINAL_MESSAGES: tuple[type[Message], ...] = (
    SynchronizeEcho, ProtocolEcho, Status, Result, CardRead, SessionApproved, SessionDeclined,
    SessionCancelled, TransactionEvent)


@dataclass(frozen=True)
class Unknown(Message):
    """A frame whose code no registered message has: kept, never dropped silently."""
    NAME: ClassVar[str] = "Unknown"
    code: int = 0
    direction: Direction = Direction.TERMINAL
    data: bytes = b""


class Codec:
    """Messages <-> frames and bytes, with the configurable codes applied."""

    def __init__(self, ui_request_code: int = assumptions.DEFAULT_UI_REQUEST_CODE):
        self.ui_request_code = ui_request_code
        self.registry: dict[tuple[Direction, int], type[Message]] = {
            (cls.DIRECTION, cls.CODE): cls for cls in HOST_MESSAGES + TERMINAL_MESSAGES}
        # A UI Request moved onto another code (0x40 in one DOC table) wins that code.
        del self.registry[(Direction.HOST, UiRequest.CODE)]
        self.registry[(Direction.HOST, ui_request_code)] = UiRequest

    def code_of(self, msg: Message) -> int:
        return self.ui_request_code if isinstance(msg, UiRequest) else msg.CODE

    def to_frame(self, msg: Message) -> Frame:
        if isinstance(msg, Unknown):
            return Frame(msg.direction, msg.code, msg.data)
        return Frame(msg.DIRECTION, self.code_of(msg), msg.encode_payload())

    def encode(self, msg: Message, extended: bool = False) -> bytes:
        return encode_frame(self.to_frame(msg), extended)

    def decode(self, frame: Frame) -> Message:
        """The typed message of a frame; Unknown for an unregistered code.
        Raises DecodeError when a known code's payload is malformed."""
        cls = self.registry.get((frame.direction, frame.header))
        if cls is None:
            return Unknown(frame.header, frame.direction, frame.payload)
        return cls.decode_payload(frame.payload)

    def name_of(self, frame: Frame) -> str:
        cls = self.registry.get((frame.direction, frame.header))
        return cls.NAME if cls else f"Unknown 0x{frame.header:02X}"


def message_fields(msg: Message) -> dict:
    """The message's values by name (for logs and tests)."""
    return {f.name: getattr(msg, f.name) for f in fields(msg)}
