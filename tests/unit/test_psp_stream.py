"""The PSP stream decoder: garbage, split reads, several frames per read, bad checksums,
lengths that never complete, the extended block format.

Decoder API as found in kiosk/psp/framing.py:
- feed(data) returns every complete frame now in the buffer; bytes that cannot start a
  frame and bad frames are consumed and counted in skipped_bytes (a bad checksum also in
  bad_checksums; the search resumes one byte after its preamble).
- A frame whose length runs past what arrived is held (feed returns nothing, even for
  valid frames behind it) until enough bytes arrive or discard_partial() is called.
  discard_partial() only drops the held preamble (counted as skipped); it returns no
  frames: the frames behind it come out of the next feed() (feed(b"") is enough).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.psp.framing import MAGIC, Direction, Frame, StreamDecoder, checksum, encode_frame
from kiosk.psp.messages import (Codec, Dol, ProtocolEcho, ProtocolOption, Result, SessionApproved,
                                Status, TerminalState)

STREAM = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PREAMBLES = (Direction.HOST, Direction.TERMINAL)
AVOID = {MAGIC, *PREAMBLES}


def drain(dec: StreamDecoder) -> list[Frame]:
    """End of stream: give up on any held partial frame, as the client does after a
    quiet gap, and collect what follows it."""
    out = []
    for _ in range(100_000):
        if not dec.buffer:
            return out
        dec.discard_partial()
        out += dec.feed(b"")
    raise AssertionError("drain did not empty the buffer")


def feed_chunks(dec: StreamDecoder, data: bytes, cuts: list[int]) -> list[Frame]:
    out = []
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    for a, b in zip(points, points[1:]):
        out += dec.feed(data[a:b])
    return out + drain(dec)


# ---------------------------------------------------------------- strategies

# Payloads up to 40 bytes keep every length field below 0x3C, so garbage ending in
# a preamble can never read a real frame's length byte as the magic.
frames = st.builds(Frame, st.sampled_from(PREAMBLES), st.integers(0, 0xFF),
                   st.binary(max_size=40))
# Garbage without the magic byte cannot start a frame: every garbage byte is skipped.
clean_garbage = st.lists(st.integers(0, 0xFF).filter(lambda b: b != MAGIC), min_size=1,
                         max_size=20).map(bytes)
safe_byte = st.integers(0, 0xFF).filter(lambda b: b not in AVOID)
# A frame with a wrong checksum and no preamble/magic byte after its magic.
corrupt_frames = st.tuples(st.sampled_from(PREAMBLES), safe_byte,
                           st.lists(safe_byte, max_size=30).map(bytes), st.integers(1, 0xFF))


def _build(items, extended: bool):
    """Stream bytes, the valid frames in it, and how many bad checksums it holds."""
    data, expected, bad, garbage = bytearray(), [], 0, 0
    for kind, item in items:
        if kind == "frame":
            data += encode_frame(item, extended)
            expected.append(item)
        elif kind == "garbage":
            data += item
            garbage += len(item)
        else:
            direction, header, payload, delta = item
            raw = bytearray(encode_frame(Frame(direction, header, payload), extended))
            raw[-1] = (raw[-1] + delta) & 0xFF
            if raw[-1] in AVOID:
                continue
            data += raw
            bad += 1
            garbage += len(raw)
    return bytes(data), expected, bad, garbage


stream_items = st.lists(st.one_of(
    st.tuples(st.just("frame"), frames),
    st.tuples(st.just("garbage"), clean_garbage),
    st.tuples(st.just("corrupt"), corrupt_frames)), max_size=12)
cuts = st.lists(st.integers(0, 2000), max_size=15)


# ---------------------------------------------------------------- properties

@pytest.mark.parametrize("extended", [False, True], ids=["normal", "extended"])
@STREAM
@given(items=stream_items, split=cuts)
def test_finds_every_valid_frame_in_garbage_at_any_split(extended, items, split):
    data, expected, bad, garbage = _build(items, extended)
    dec = StreamDecoder(extended=extended)
    assert feed_chunks(dec, data, split) == expected
    assert dec.bad_checksums == bad
    assert dec.skipped_bytes == garbage
    assert not dec.buffer


# Anything at all between frames, including cut frames and the magic byte. A cut frame
# can swallow the start of the next one; the decoder must resync. By chance (1/256 per
# try) the bytes it swallowed may carry a valid checksum: then a spurious frame comes
# out, and the swallowed real frame is lost. That is the protocol's limit, not a bug.
def _cut_frame(t) -> bytes:
    frame, cut, extended = t
    raw = encode_frame(frame, extended)
    return raw[: max(1, len(raw) - cut)]   # a frame that lost its last `cut` bytes


any_garbage = st.one_of(
    st.binary(min_size=1, max_size=24),
    st.tuples(frames, st.integers(1, 60), st.booleans()).map(_cut_frame),
)


@pytest.mark.parametrize("extended", [False, True], ids=["normal", "extended"])
@STREAM
@given(items=st.lists(st.one_of(st.tuples(st.just("frame"), frames),
                                st.tuples(st.just("garbage"), any_garbage)), max_size=10),
       split=cuts)
def test_arbitrary_garbage_never_raises_and_accounts_for_every_byte(extended, items, split):
    data = b"".join(encode_frame(x, extended) if k == "frame" else x for k, x in items)
    expected = [x for k, x in items if k == "frame"]
    dec = StreamDecoder(extended=extended)
    out = feed_chunks(dec, data, split)
    # Every byte is either in a frame that came out or counted as skipped.
    assert dec.skipped_bytes + sum(len(encode_frame(f, extended)) for f in out) == len(data)
    spurious = [f for f in out if f not in expected]
    if not spurious:
        assert out == expected
    else:   # a real frame can only be lost inside a spurious one
        assert len(out) - len(spurious) <= len(expected)


@STREAM
@given(data=st.binary(max_size=300), split=cuts, extended=st.booleans(),
       accept=st.sampled_from([None, *PREAMBLES]))
def test_pure_garbage_never_raises(data, split, extended, accept):
    dec = StreamDecoder(accept=accept, extended=extended)
    out = feed_chunks(dec, data, split)
    assert all(isinstance(f, Frame) for f in out)
    assert accept is None or all(f.direction == accept for f in out)
    assert dec.skipped_bytes + sum(len(encode_frame(f, extended)) for f in out) == len(data)


# ---------------------------------------------------------------- examples

STATUS = Frame(Direction.TERMINAL, 0x26, bytes([0x10, 0x01]))
OK = Frame(Direction.TERMINAL, 0x00, b"\x00")
APPROVED = Codec().to_frame(SessionApproved(42, Dol.of(card_hash="ab" * 20,
                                                          masked_pan="476173******0119")))


def test_frame_split_at_every_point():
    raw = encode_frame(APPROVED)
    for cut in range(len(raw) + 1):
        dec = StreamDecoder()
        assert dec.feed(raw[:cut]) == ([APPROVED] if cut == len(raw) else [])
        assert dec.feed(raw[cut:]) == ([] if cut == len(raw) else [APPROVED])
        assert dec.skipped_bytes == 0 and not dec.buffer


def test_frame_fed_one_byte_at_a_time():
    raw = encode_frame(STATUS) + encode_frame(APPROVED) + encode_frame(OK)
    dec = StreamDecoder(accept=Direction.TERMINAL)
    out = []
    for b in raw:
        out += dec.feed(bytes([b]))
    assert out == [STATUS, APPROVED, OK]


def test_several_frames_in_one_read():
    frames_ = [STATUS, OK, APPROVED, STATUS, Frame(Direction.TERMINAL, 0x33)]
    dec = StreamDecoder()
    assert dec.feed(b"".join(encode_frame(f) for f in frames_)) == frames_
    assert dec.skipped_bytes == 0 and dec.bad_checksums == 0 and not dec.buffer


def test_garbage_before_a_preamble_is_skipped_and_counted():
    dec = StreamDecoder(accept=Direction.TERMINAL)
    assert dec.feed(b"\x00\x13\xff\x3c" + encode_frame(STATUS)) == [STATUS]
    assert dec.skipped_bytes == 4
    # A preamble byte not followed by a frame (no magic) is skipped too.
    assert dec.feed(b"\xaa\x05\x01" + encode_frame(OK)) == [OK]
    assert dec.skipped_bytes == 7
    assert dec.bad_checksums == 0


def test_frames_of_the_other_direction_are_skipped():
    host = encode_frame(Frame(Direction.HOST, 0x26))
    dec = StreamDecoder(accept=Direction.TERMINAL)
    assert dec.feed(host + encode_frame(STATUS) + host) == [STATUS]
    assert dec.skipped_bytes == 2 * len(host)
    assert StreamDecoder().feed(host) == [Frame(Direction.HOST, 0x26)]


def test_bad_checksum_is_dropped_and_counted():
    bad = bytearray(encode_frame(STATUS))
    bad[-1] ^= 0x01
    dec = StreamDecoder()
    assert dec.feed(bytes(bad) + encode_frame(OK)) == [OK]
    assert dec.bad_checksums == 1
    assert dec.skipped_bytes == len(bad)   # resync byte by byte over the bad frame


def test_real_frame_hidden_inside_a_bad_frame_is_found():
    inner = encode_frame(OK)
    outer = bytearray(encode_frame(Frame(Direction.TERMINAL, 0x26, inner)))
    outer[-1] ^= 0xFF
    assert outer[-1] not in PREAMBLES
    dec = StreamDecoder()
    assert dec.feed(bytes(outer)) == [OK]
    assert dec.bad_checksums == 1
    assert dec.skipped_bytes == len(outer) - len(inner)


def test_decode_contract():
    dec = StreamDecoder()
    raw = encode_frame(STATUS)
    assert dec.decode(b"") == (0, None)
    assert dec.decode(raw[:3]) == (0, None)               # need more bytes
    assert dec.decode(b"\x00\x01" + raw) == (2, None)      # garbage before a preamble
    assert dec.decode(b"\xaa\x01\x3c") == (1, None)        # length below 2: no frame
    assert dec.decode(raw) == (len(raw), STATUS)
    assert dec.decode(raw + raw) == (len(raw), STATUS)
    assert dec.skipped_bytes == 0    # decode() itself counts nothing but bad checksums


def test_length_that_never_completes_holds_following_frames_until_discarded():
    partial = bytes([0xAA, 0x20, MAGIC, 0x26, 0x01])   # says 0x20 bytes, 3 arrived
    dec = StreamDecoder(accept=Direction.TERMINAL)
    assert dec.feed(partial + encode_frame(OK)) == []  # held behind the partial frame
    assert len(dec.buffer) == len(partial) + len(encode_frame(OK))
    assert dec.discard_partial() is None               # returns no frames itself
    assert dec.skipped_bytes == 1                      # only the preamble so far
    assert dec.feed(b"") == [OK]                       # the next feed resyncs
    assert dec.skipped_bytes == len(partial)
    assert not dec.buffer
    dec.discard_partial()                              # empty buffer: no-op
    assert dec.skipped_bytes == len(partial)


def test_length_that_never_completes_then_enough_bytes_arrive():
    """Without discard_partial, once the claimed length is there the checksum fails
    and the decoder resyncs: the real frame inside is still found."""
    partial = bytes([0xAA, 0x20, MAGIC, 0x26, 0x01])
    ok = encode_frame(OK)
    fill = bytes(2 + 0x20 + 1 - len(partial) - len(ok))
    stream = partial + ok + fill
    assert checksum(stream[:-1]) != stream[-1]
    dec = StreamDecoder()
    assert dec.feed(partial + ok) == []
    assert dec.feed(fill + encode_frame(STATUS)) == [OK, STATUS]
    assert dec.bad_checksums == 1
    assert dec.skipped_bytes == len(partial) + len(fill)


def test_extended_length_that_never_completes():
    partial = bytes([0xAA, 0x00, 0x00, 0x10, 0x00, MAGIC, 0x31])   # 4096 bytes announced
    ok = encode_frame(OK, extended=True)
    dec = StreamDecoder(extended=True)
    assert dec.feed(partial + ok) == []
    dec.discard_partial()
    assert dec.feed(b"") == [OK]
    assert dec.skipped_bytes == len(partial)


def test_extended_block_format_stream():
    codec = Codec()
    msgs = [Status(TerminalState.ENABLED, False), Result(0), codec.decode(APPROVED),
            SessionApproved(7, Dol(((0xDFAA01, bytes(240)), (0xDFCA0B, b"1234"))))]
    raw = b"".join(codec.encode(x, extended=True) for x in msgs)
    assert len(codec.encode(msgs[-1], extended=True)) > 258   # longer than a normal block
    dec = StreamDecoder(accept=Direction.TERMINAL, extended=True)
    out = []
    for i in range(0, len(raw), 7):
        out += dec.feed(raw[i:i + 7])
    assert [codec.decode(f) for f in out] == msgs
    # A normal-format decoder sees no frame in that stream.
    normal = StreamDecoder(accept=Direction.TERMINAL)
    assert [f for f in normal.feed(raw) + drain(normal) if f in out] == []


def test_switch_to_extended_after_protocol_echo_and_back_on_reset():
    """The Protocol echo itself stays in the normal format; the frames after it are
    extended; Reset restores normal. [DOC]"""
    codec = Codec()
    echo = ProtocolEcho(3, ProtocolOption.EXTENDED_BLOCK | ProtocolOption.AUTHORIZATION_DOL)
    dec = StreamDecoder(accept=Direction.TERMINAL)
    (frame,) = dec.feed(codec.encode(echo))
    assert codec.decode(frame) == echo
    dec.extended = True
    assert dec.feed(codec.encode(Result(0), extended=True)) == [OK]
    dec.feed(codec.encode(Result(0), extended=True)[:4])     # a partial frame pending
    dec.reset()
    assert not dec.extended and not dec.buffer
    assert dec.feed(codec.encode(Result(0))) == [OK]
