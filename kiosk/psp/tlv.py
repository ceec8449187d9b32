"""BER-TLV for PSP's DOL data (Card Read, Session Approved, Declined DOL).

Tags are BER multi-byte tags (first byte with low 5 bits set continues; further
bytes continue while bit 8 is set); lengths are BER short or long form.
"""
from __future__ import annotations

TAG_NAMES: dict[int, str] = {
    0xDFF006: "card_hash",
    0xDFCA0B: "masked_pan",
    0xDFCA02: "host_response_code",
    0xDFCA03: "host_reference",
    0xDFCA07: "brand_id",
    0xDFCA08: "acquirer_id",
    0xDFCA09: "item_reference",
    0xDFCA0A: "brand_name",
    0xDFAA01: "acquirer_data",
    0xDFAA02: "gateway_data",
    0xDFAA70: "extended_card_hash",
    0xDFF002: "dff002",   # name not public
    0xDFF003: "dff003",   # name not public
}
TAGS_BY_NAME = {name: tag for tag, name in TAG_NAMES.items()}

# The DOL the host asks for in Start Session (tags only).
DEFAULT_DOL = (0xDFF006, 0xDFCA0B, 0xDFCA0A, 0xDFCA03, 0xDFCA02)


class TlvError(ValueError):
    pass


def encode_tag(tag: int) -> bytes:
    n = max(1, (tag.bit_length() + 7) // 8)
    return tag.to_bytes(n, "big")


def _read_tag(data: bytes, i: int) -> tuple[int, int]:
    if i >= len(data):
        raise TlvError("TLV ends inside a tag")
    start = i
    i += 1
    if data[start] & 0x1F == 0x1F:
        while True:
            if i >= len(data):
                raise TlvError("TLV ends inside a multi-byte tag")
            i += 1
            if not data[i - 1] & 0x80:
                break
    return int.from_bytes(data[start:i], "big"), i


def _encode_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _read_length(data: bytes, i: int) -> tuple[int, int]:
    if i >= len(data):
        raise TlvError("TLV ends before a length")
    first = data[i]
    if first < 0x80:
        return first, i + 1
    count = first & 0x7F
    if count == 0 or count > 3 or i + 1 + count > len(data):
        raise TlvError(f"bad TLV length form 0x{first:02X}")
    return int.from_bytes(data[i + 1: i + 1 + count], "big"), i + 1 + count


def encode_tlv(items: list[tuple[int, bytes]] | tuple[tuple[int, bytes], ...]) -> bytes:
    return b"".join(encode_tag(t) + _encode_length(len(v)) + v for t, v in items)


def decode_tlv(data: bytes) -> tuple[tuple[int, bytes], ...]:
    """All (tag, value) pairs in order; raises TlvError on truncation."""
    out = []
    i = 0
    while i < len(data):
        tag, i = _read_tag(data, i)
        length, i = _read_length(data, i)
        if i + length > len(data):
            raise TlvError(f"TLV value of tag {tag:X} runs past the data ({length} bytes)")
        out.append((tag, bytes(data[i: i + length])))
        i += length
    return tuple(out)


def encode_dol(tags: tuple[int, ...]) -> bytes:
    """A DOL request: tag list, no values."""
    return b"".join(encode_tag(t) for t in tags)


def decode_dol(data: bytes) -> tuple[int, ...]:
    tags = []
    i = 0
    while i < len(data):
        tag, i = _read_tag(data, i)
        tags.append(tag)
    return tuple(tags)
