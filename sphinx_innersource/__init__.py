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
ENV_VERSION = 4

STATIC_DIR = Path(__file__).parent / "static"


def setup(app: Sphinx) -> dict[str, Any]:
    from . import collectors, compat, config, domain, i18n, literature, maps, navigation, process
    from .book import (
        adopters,
        catalogues,
        export,
        index_pages,
        languages,
        latex,
        pdf,
        shorturls,
        toctree,
        translation_status,
        validation,
    )
    from .directives import known_instance, pattern
    from .landing import buttons, calendar, frontmatter, hero, sharing

    for module in (compat, config, process, collectors, i18n, domain, pattern, known_instance,
                   validation, toctree, catalogues, adopters, literature, shorturls, export,
                   index_pages, languages, translation_status, pdf, latex, hero, calendar,
                   navigation, frontmatter, sharing, buttons):
        module.setup(app)
    maps.setup_maps(app)

    # Copied into _static with the theme's files, before any page is written.
    compat.add_static_dir(app, STATIC_DIR)
    app.add_css_file("sphinx-innersource.css")
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
