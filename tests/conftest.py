"""Fixtures shared by the unit, integration and UI tests."""
from __future__ import annotations

import pytest
from receipt_helpers import ReceiptService


@pytest.fixture
def receipt_service(tmp_path):
    """receipt_service(**options) -> a started ReceiptService (start=False: not yet)."""
    made: list[ReceiptService] = []

    def make(start: bool = True, **options) -> ReceiptService:
        service = ReceiptService(tmp_path / f"receipt-service{len(made)}", **options)
        made.append(service)
        return service.start() if start else service

    yield make
    for service in made:
        service.stop()
