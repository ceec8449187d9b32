"""Every PSP value that is inferred [INF] or where Payter's own pages disagree.

One place, so that a single edit fixes them once a real terminal or the full
specification says otherwise. Each is a default; the config can override the
ones marked configurable.
"""

# Baud rate: the v1 spec says 57600, newer Apollo settings default to 115200. [DOC conflict]
DEFAULT_BAUD = 115200

# UI Request header: frames show 0x28, one DOC table lists 0x40 (which is also
# Select Language). Configurable; default 0x28. [DOC conflict]
DEFAULT_UI_REQUEST_CODE = 0x28

# Status reply header: public code answers with 0x26, one DOC table says 0x00. [CODE]
STATUS_REPLY_CODE = 0x26

# Commit Session field order: session id, then final amount. [INF]
COMMIT_FIELDS = ("session_id", "amount")

# UI Request template and keys mirrored on the Apollo display. The layout name
# and element names are [INF]: the public frames show the form, not the set.
UI_TEMPLATE = "message"
UI_KEY_TITLE = "comp.title.value"
UI_KEY_TEXT = "comp.text.value"

# Text on the wire (UI Request strings, Start Session messages) is UTF-8: the
# public frames are ASCII only, and prompts carry "€", "…", "·" and no-break
# spaces inside amounts. [INF]
TEXT_ENCODING = "utf-8"

# What a terminal does with a bad checksum is not public: we treat it as
# "frame not received" (no reply). [INF]
BAD_CHECKSUM_GETS_REPLY = False

# Extended block format: 4-byte big-endian length field. [DOC]
EXTENDED_LENGTH_BYTES = 4
