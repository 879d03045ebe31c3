"""The build process: Python's garbage collector, tuned while Sphinx builds.

An incremental build of a large book reads a few pages but loads, keeps and
saves the whole environment: for 5,000 patterns, millions of Python objects
(Sphinx's tables of contents, titles and index entries, and the
extension's records of every pattern and known instance).  Python's cyclic
garbage collector runs whenever 700 new container objects have been made, and
each of its full passes walks every object the process holds, however long it
has lived.  Measured on the benchmark book of 5,000 patterns
(``docs/scaling.md``), the collector took more than half of the time of an
incremental build after a one-line edit; plain MyST pays the same, in a
smaller share.

With ``innersource_tune_gc`` (on by default) the collector's thresholds
change from ``config-inited`` (before Sphinx loads the environment) to
``build-finished``, when Python's thresholds are put back:

* a young collection waits for 5,000 new objects instead of 700.  A build
  makes millions of short-lived objects in cycles (every doctree: a node
  points to its parent and its children), which only the collector frees.
  Much larger batches cost more, not less: a young generation of 50,000
  objects no longer fits in the processor's caches;
* a full collection, which walks every object the process holds, waits for
  100 middle ones instead of 10, so that loading and saving the environment
  of an incremental build set it off once at most.

Measured on the benchmark book (``bench/bench.py``, ``docs/scaling.md``):
the full build of 1,000 patterns spends 5.3 s in the collector with Python's
thresholds (4.0 s in full collections), 3.2 to 3.6 s with 50,000/20/20 (the
setting before this one) and 1.1 to 2.1 s with these; the full build of
5,000 patterns took 133 s with these (12 s in the collector, 690 MB at the
peak) against 168 s with 50,000/20/20 (20 s, 818 MB); an incremental build
after a one-line edit of the 5,000-pattern book spends about 1.2 s in the
collector with either.  Command-line tools with large heaps tune the
collector too (mypy, for one).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CONFIG = "innersource_tune_gc"

#: The thresholds while a book is built (Python's default: 700, 10, 10).
BUILD_THRESHOLDS = (5_000, 20, 100)

#: The thresholds found before a build changed them (put back when it ends).
_BEFORE: list[tuple[int, ...]] = []


def tune(app: Sphinx, config: Config) -> None:
    """``config-inited``: the build's thresholds, unless the book says otherwise."""
    if config[CONFIG] is True and gc.get_threshold() != BUILD_THRESHOLDS:
        _BEFORE[:] = [gc.get_threshold()]
        gc.set_threshold(*BUILD_THRESHOLDS)


def restore(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: Python's thresholds as they were before the build."""
    if _BEFORE:
        gc.set_threshold(*_BEFORE.pop())


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", tune)
    app.connect("build-finished", restore, priority=900)  # after every other handler
    return {"parallel_read_safe": True, "parallel_write_safe": True}
