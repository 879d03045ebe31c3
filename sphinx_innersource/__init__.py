"""sphinx-innersource: a pattern book of InnerSource patterns, built by Sphinx.

The package ``setup()`` only wires the capabilities, each of which lives in
a module of its own with its own ``setup(app)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: Bump when the data kept in the environment changes shape.
ENV_VERSION = 2

STATIC_DIR = Path(__file__).parent / "static"


def _copy_static(app: Sphinx, exception: Exception | None) -> None:
    """Copy the stylesheet into ``_static`` of HTML-like outputs.

    Copying (rather than appending to ``html_static_path``) leaves the
    configuration untouched, so incremental builds see no config change.
    """
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util.fileutil import copy_asset_file

    for path in STATIC_DIR.iterdir():
        if path.is_file():
            copy_asset_file(path, Path(app.outdir) / "_static", force=True)


def setup(app: Sphinx) -> dict[str, Any]:
    from . import (
        book,
        calendar_embed,
        config,
        domain,
        export,
        hero,
        i18n,
        instances,
        listings,
        literature,
        maps,
        patterns,
        shorturls,
        validation,
    )

    for module in (config, i18n, domain, patterns, instances, validation, book, listings,
                   literature, shorturls, export, hero, calendar_embed):
        module.setup(app)
    maps.setup_maps(app)

    app.connect("build-finished", _copy_static)
    app.add_css_file("sphinx-innersource.css")
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
