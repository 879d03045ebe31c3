"""Smoke-level checks of a small, valid book (detailed tests live beside)."""

from __future__ import annotations

import pytest
from helpers import built_page


@pytest.mark.sphinx("html", testroot="basic")
def test_basic_book_builds_without_warnings(app):
    page = built_page(app, "alpha.html")
    summary = page.select_one("aside.innersource-pattern-summary")
    assert summary is not None
    assert "reusable" in summary.select_one(".innersource-patlet").get_text()
    assert summary.select_one(".innersource-badge").get_text() == "Structured"
    block = page.select_one("div.innersource-known-instance")
    assert block is not None and "Example Corp" in block.get_text()
