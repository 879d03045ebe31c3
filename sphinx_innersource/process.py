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

With ``innersource_tune_gc`` (on by default) the collector waits for 50,000
new objects instead of 700 and runs its older generations half as often,
from ``config-inited`` (before Sphinx loads the environment) to
``build-finished``, when Python's thresholds are put back.  Garbage is still
collected; a build only holds it a little longer (the 5,000-pattern book
peaked about 8 % higher).  Command-line tools with large heaps do the same
(mypy, for one).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CONFIG = "innersource_tune_gc"

#: The thresholds while a book is built (Python's default: 700, 10, 10).
BUILD_THRESHOLDS = (50_000, 20, 20)

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
