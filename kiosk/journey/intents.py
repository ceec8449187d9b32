"""What the driver asks for on the screen. The UI sends these; the journey decides."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SelectConnector:
    connector_id: int


@dataclass(frozen=True)
class ChooseAmount:
    connector_id: int
    amount: int | None          # None: the default reservation


@dataclass(frozen=True)
class Back:
    """Leave the current choice (before any card interaction) or the detail view."""


@dataclass(frozen=True)
class RequestStop:
    connector_id: int           # then the same card must be tapped


@dataclass(frozen=True)
class CancelStop:
    connector_id: int


@dataclass(frozen=True)
class DismissReceipt:
    connector_id: int


@dataclass(frozen=True)
class SetLanguage:
    language: str


@dataclass(frozen=True)
class Touch:
    """Any touch: extends the timeouts of the screen the driver is reading."""


Intent = (SelectConnector | ChooseAmount | Back | RequestStop | CancelStop | DismissReceipt
          | SetLanguage | Touch)
