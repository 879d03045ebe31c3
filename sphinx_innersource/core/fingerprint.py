"""The one helper that decides "the data this page shows changed".

Pages that show data gathered from other pages (the generated toctrees, the
catalogues, the book's bibliography) must be written again when that data
changes, and only then.  Each keeps a fingerprint of what it showed in the
previous build and compares it with the current one through :func:`changed`.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from typing import Any


def fingerprint(value: Any) -> str:
    """A short stable digest of *value* (built from its ``repr``: use plain data,
    tuples, lists, dicts with sorted items, strings and numbers)."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def changed(store: MutableMapping[str, str], key: str, value: Any) -> bool:
    """Whether *value* differs from what *key* showed last time; remembers it in *store*."""
    digest = fingerprint(value)
    if store.get(key) == digest:
        return False
    store[key] = digest
    return True
