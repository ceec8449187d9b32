"""Property tests for the PSP codec (hypothesis).

Strategies are derived from each message class: its declared FIELDS give the integer
widths; the other dataclass fields are drawn by type (Dol, strings, DOL tag lists, ...).
A new message class in HOST_MESSAGES / TERMINAL_MESSAGES is covered automatically;
one with a field of a new kind fails `test_every_registered_message_has_a_strategy`
until a strategy for that field is added below.
"""
from __future__ import annotations

import dataclasses
import typing

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.psp import messages as m
from kiosk.psp.framing import (Direction, Frame, FrameError, NORMAL_MAX_LENGTH, StreamDecoder,
                               encode_frame)
from kiosk.psp.messages import (HOST_MESSAGES, TERMINAL_MESSAGES, Codec, DecodeError, Dol,
                                Message, Unknown)
from kiosk.psp.tlv import (DEFAULT_DOL, TAG_NAMES, TlvError, decode_dol, decode_tlv,
                           encode_dol, encode_tag, encode_tlv)

ALL_MESSAGES = HOST_MESSAGES + TERMINAL_MESSAGES
PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- strategies


def uint(width: int) -> st.SearchStrategy[int]:
    return st.integers(0, (1 << (8 * width)) - 1)


@st.composite
def ber_tags(draw) -> int:
    """A valid BER tag: one byte whose low 5 bits are not all set, or a first byte
    with low 5 bits set, continuation bytes with bit 8 set and a last byte without."""
    known = draw(st.booleans())
    if known:
        return draw(st.sampled_from(sorted(TAG_NAMES)))
    if draw(st.booleans()):
        b = draw(st.integers(0, 0xFF).filter(lambda x: x & 0x1F != 0x1F))
        return b
    first = draw(st.integers(0, 7)) << 5 | 0x1F
    middle = draw(st.lists(st.integers(0x80, 0xFF), max_size=2))
    last = draw(st.integers(0, 0x7F))
    return int.from_bytes(bytes([first, *middle, last]), "big")


def tlv_items(max_total: int = 0xFF) -> st.SearchStrategy[tuple[tuple[int, bytes], ...]]:
    items = st.lists(st.tuples(ber_tags(), st.binary(max_size=60)), max_size=5).map(tuple)
    return items.filter(lambda it: len(encode_tlv(it)) <= max_total)


def dols() -> st.SearchStrategy[Dol]:
    return tlv_items().map(Dol)


def tag_lists() -> st.SearchStrategy[tuple[int, ...]]:
    return st.lists(ber_tags(), max_size=12).map(tuple).filter(lambda t: len(encode_dol(t)) <= 0xFF)


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=20)

# Strategies for fields that are not declared in FIELDS, by field name, then by type.
BY_NAME: dict[str, st.SearchStrategy] = {
    "session_id": uint(4),                       # SessionApproved: 4 B session id
    "reason": st.none() | uint(1),               # SessionDeclined: optional 1 B reason
    "payment_methods": st.none() | uint(1),      # Start Session / Read Card tail
    "present_card_message": st.none() | st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=128
    ).filter(lambda s: len(s.encode()) <= 128),
}
BY_TYPE: dict[object, st.SearchStrategy] = {
    Dol: dols(),
    Dol | None: st.none() | dols(),
    bytes: st.binary(max_size=40),
    str | None: st.none() | TEXT,
    bool | None: st.none() | st.booleans(),
    tuple[int, ...] | None: st.none() | tag_lists(),
    tuple[tuple[str, str], ...]: st.lists(st.tuples(TEXT, TEXT), max_size=6).map(tuple),
}


class NoStrategy(LookupError):
    pass


def field_strategy(cls: type[Message], f: dataclasses.Field) -> st.SearchStrategy:
    widths = dict(cls.FIELDS)
    if f.name in widths:
        return uint(widths[f.name])
    if f.name in BY_NAME:
        return BY_NAME[f.name]
    hint = typing.get_type_hints(cls, vars(m))[f.name]
    if hint in BY_TYPE:
        return BY_TYPE[hint]
    raise NoStrategy(f"{cls.__name__}.{f.name}: {hint!r} — add a strategy to BY_NAME/BY_TYPE")


# Combinations of field values a message refuses to encode (FrameError), by class.
# Each has its own test below; the round trips draw only encodable messages.
ENCODABLE = {
    m.SessionDeclined: lambda msg: msg.reason is not None or msg.dol is None,
}


def message_strategy(cls: type[Message]) -> st.SearchStrategy[Message]:
    s = st.builds(cls, **{f.name: field_strategy(cls, f)
                          for f in dataclasses.fields(cls) if f.init})
    return s.filter(ENCODABLE[cls]) if cls in ENCODABLE else s


def test_session_declined_dol_without_reason_is_refused():
    with pytest.raises(FrameError):
        m.SessionDeclined(reason=None, dol=Dol()).encode_payload()


def canonical(msg: Message) -> Message:
    """Start Session / Read Card send unset tail fields before a set one as their
    neutral value (contiguous optional tail [DOC]); decode returns that value."""
    if isinstance(msg, m._CardRequest):
        present = [n for n in msg.TAIL if getattr(msg, n) is not None]
        if present:
            last = msg.TAIL.index(present[-1])
            fill = {n: msg.NEUTRAL[n] for n in msg.TAIL[: last + 1] if getattr(msg, n) is None}
            msg = dataclasses.replace(msg, **fill)
        if msg.dol is not None:
            msg = dataclasses.replace(msg, dol=tuple(msg.dol))
    return msg


any_message = st.one_of([message_strategy(cls) for cls in ALL_MESSAGES])


# ---------------------------------------------------------------- coverage of the registries

def test_registries_are_complete_and_unambiguous():
    defined = {obj for obj in vars(m).values()
               if isinstance(obj, type) and issubclass(obj, Message)
               and "CODE" in vars(obj) and obj is not Unknown}
    assert defined == set(ALL_MESSAGES), "a message class missing from HOST/TERMINAL_MESSAGES"
    keys = [(cls.DIRECTION, cls.CODE) for cls in ALL_MESSAGES]
    assert len(keys) == len(set(keys)), "two messages share a direction and code"
    assert all(cls.DIRECTION == Direction.HOST for cls in HOST_MESSAGES)
    assert all(cls.DIRECTION == Direction.TERMINAL for cls in TERMINAL_MESSAGES)


@pytest.mark.parametrize("cls", ALL_MESSAGES, ids=lambda c: c.__name__)
def test_every_registered_message_has_a_strategy(cls):
    message_strategy(cls)   # raises NoStrategy for a field nobody taught the tests
    declared = {name for name, _ in cls.FIELDS}
    assert declared <= {f.name for f in dataclasses.fields(cls)}, "FIELDS names a non-field"


# ---------------------------------------------------------------- round trips

def _roundtrip(cls: type[Message], data, extended: bool) -> None:
    codec = Codec()
    msg = data.draw(message_strategy(cls), label="message")
    payload = msg.encode_payload()
    if not extended and len(payload) + 2 > NORMAL_MAX_LENGTH:
        with pytest.raises(FrameError):
            codec.encode(msg, extended=False)
        return
    raw = codec.encode(msg, extended=extended)
    dec = StreamDecoder(accept=cls.DIRECTION, extended=extended)
    frames = dec.feed(raw)
    assert frames == [Frame(cls.DIRECTION, codec.code_of(msg), payload)]
    assert dec.skipped_bytes == dec.bad_checksums == 0 and not dec.buffer
    back = codec.decode(frames[0])
    assert type(back) is cls
    assert back == canonical(msg)
    assert codec.encode(back, extended=extended) == raw


@pytest.mark.parametrize("cls", ALL_MESSAGES, ids=lambda c: c.__name__)
@PROPS
@given(data=st.data())
def test_roundtrip_normal_block(cls, data):
    _roundtrip(cls, data, extended=False)


@pytest.mark.parametrize("cls", ALL_MESSAGES, ids=lambda c: c.__name__)
@settings(PROPS, max_examples=25)
@given(data=st.data())
def test_roundtrip_extended_block(cls, data):
    _roundtrip(cls, data, extended=True)


@PROPS
@given(msg=any_message, ui_code=st.sampled_from([0x28, 0x40]))
def test_roundtrip_with_ui_request_code(msg, ui_code):
    """With the UI Request on 0x40 it wins that code from Select Language [DOC conflict]."""
    codec = Codec(ui_request_code=ui_code)
    assume(len(msg.encode_payload()) <= 253)
    (frame,) = StreamDecoder().feed(codec.encode(msg))
    if ui_code == 0x40 and isinstance(msg, m.SelectLanguage):
        try:   # shadowed: its bytes are read as a UI Request
            assert isinstance(codec.decode(frame), m.UiRequest)
        except DecodeError:
            pass
        return
    assert codec.decode(frame) == canonical(msg)


@PROPS
@given(fields=st.data())
def test_declared_field_out_of_range_is_a_frame_error(fields):
    cls = fields.draw(st.sampled_from([c for c in ALL_MESSAGES if c.FIELDS]))
    name, width = fields.draw(st.sampled_from(cls.FIELDS))
    bad = fields.draw(st.integers(min_value=1 << (8 * width)) | st.integers(max_value=-1))
    msg = cls(**{name: bad})
    assume(getattr(msg, name) == bad)   # Status coerces transaction_running to bool
    with pytest.raises(FrameError):
        msg.encode_payload()


# ---------------------------------------------------------------- TLV / DOL

@PROPS
@given(items=st.lists(st.tuples(ber_tags(), st.binary(max_size=300)), max_size=6).map(tuple))
def test_tlv_roundtrip(items):
    data = encode_tlv(items)
    assert decode_tlv(data) == items
    assert encode_tlv(decode_tlv(data)) == data


@PROPS
@given(tags=st.lists(ber_tags(), max_size=20).map(tuple))
def test_dol_roundtrip(tags):
    data = encode_dol(tags)
    assert decode_dol(data) == tags
    assert all(decode_dol(encode_tag(t)) == (t,) for t in tags)


def test_default_dol_and_known_tags_are_three_bytes():
    assert decode_dol(encode_dol(DEFAULT_DOL)) == DEFAULT_DOL
    assert all(len(encode_tag(t)) == 3 for t in TAG_NAMES)


def test_tlv_long_length_form():
    item = ((0xDFAA01, bytes(200)),)
    data = encode_tlv(item)
    assert data[:5] == bytes.fromhex("DF AA 01 81 C8")
    assert decode_tlv(data) == item


@PROPS
@given(data=st.binary(max_size=64))
def test_tlv_decode_of_garbage_raises_only_tlv_error(data):
    for decode in (decode_tlv, decode_dol):
        try:
            decode(data)
        except TlvError:
            pass


# ---------------------------------------------------------------- decode of arbitrary payloads

def _headers():
    keys = [(cls.DIRECTION, cls.CODE) for cls in ALL_MESSAGES]
    return st.sampled_from(keys) | st.tuples(st.sampled_from(list(Direction)), uint(1))


def _payloads_for(direction: Direction, header: int):
    """Arbitrary bytes, plus near-valid ones: a valid payload of that code, cut or extended."""
    cls = Codec().registry.get((direction, header))
    anything = st.binary(max_size=80)
    if cls is None:
        return anything
    valid = message_strategy(cls).map(lambda msg: msg.encode_payload())
    mutated = st.tuples(valid, st.integers(0, 300), st.binary(max_size=6)).map(
        lambda t: t[0][: t[1]] + t[2])
    def _poke(t):
        payload, index, value = t
        if not payload:
            return payload
        index %= len(payload)
        return payload[:index] + bytes([value]) + payload[index + 1:]
    poked = st.tuples(valid, st.integers(0, 300), uint(1)).map(_poke)   # one byte changed
    options = [anything, valid, mutated, poked]
    if issubclass(cls, m._CardRequest):   # head, then a DOL tag list of arbitrary bytes
        head = st.binary(min_size=sum(w for _, w in cls.FIELDS), max_size=sum(w for _, w in cls.FIELDS))
        options.append(st.tuples(head, st.binary(max_size=8), st.binary(max_size=8)).map(
            lambda t: t[0] + bytes([len(t[1])]) + t[1] + t[2]))
    return st.one_of(options)


def _check_decode(direction: Direction, header: int, payload: bytes) -> None:
    codec = Codec()
    try:
        msg = codec.decode(Frame(direction, header, payload))
    except DecodeError:
        return
    assert isinstance(msg, Message)
    if isinstance(msg, Unknown):
        assert (msg.code, msg.direction, msg.data) == (header, direction, payload)
    else:
        assert msg.DIRECTION == direction


@pytest.mark.parametrize("cls", ALL_MESSAGES, ids=lambda c: c.__name__)
@settings(PROPS, max_examples=45)
@given(data=st.data())
def test_decode_of_arbitrary_payload_returns_message_or_decode_error(cls, data):
    payload = data.draw(_payloads_for(cls.DIRECTION, cls.CODE), label="payload")
    _check_decode(cls.DIRECTION, cls.CODE, payload)


@settings(PROPS, max_examples=150)
@given(header=_headers(), payload=st.binary(max_size=80))
def test_decode_of_arbitrary_frame_returns_message_or_decode_error(header, payload):
    _check_decode(*header, payload)


# Start Session / Read Card carry an optional DOL tag list; a malformed tag in it
# must be a DecodeError like every other malformed payload (found by the fuzz test).
@pytest.mark.parametrize("cls", [m.StartSession, m.ReadCard], ids=lambda c: c.__name__)
def test_card_request_with_truncated_dol_tag_raises_decode_error(cls):
    head = bytes(sum(w for _, w in cls.FIELDS))
    frame = Frame(Direction.HOST, cls.CODE, head + b"\x01\x1f")   # DOL list: one cut tag byte
    with pytest.raises(DecodeError):
        Codec().decode(frame)


@settings(PROPS, max_examples=200)
@given(payload=st.binary(max_size=40), header=uint(1), direction=st.sampled_from(list(Direction)))
def test_any_frame_encodes_and_decodes(payload, header, direction):
    frame = Frame(direction, header, payload)
    for extended in (False, True):
        assert StreamDecoder(extended=extended).feed(encode_frame(frame, extended)) == [frame]


# Values outside a field's width must be refused with FrameError, as declared FIELDS are
# (test_declared_field_out_of_range_is_a_frame_error), never truncated: 0x100 payment
# methods must not go out as 0x00 ("all methods").
_OUT_OF_RANGE = [
    pytest.param(m.StartSession(amount=1, reference=1, payment_methods=0x102),
                 id="StartSession.payment_methods=0x102 silently sent as 0x02"),
    pytest.param(m.SessionApproved(session_id=1 << 32), id="SessionApproved.session_id=2**32"),
    pytest.param(m.SessionDeclined(reason=0x100), id="SessionDeclined.reason=0x100"),
    pytest.param(m.StartSession(dol=tuple(TAG_NAMES) * 7), id="StartSession.dol list > 255 bytes"),
]


@pytest.mark.parametrize("msg", _OUT_OF_RANGE)
def test_out_of_range_tail_values_are_a_frame_error(msg):
    with pytest.raises(FrameError):
        msg.encode_payload()
