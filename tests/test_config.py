"""Configuration values that cannot be used are reported, and the build goes on."""

from __future__ import annotations

import pytest
from helpers import warnings_of

BAD = {
    "innersource_sections_min_maturity": "mature",
    "innersource_min_instances": {"structured": 1, "golden": 5, "validated": "three"},
    "innersource_book_maturity": ["structured", "shiny"],
    "innersource_required_sections": ["Problem", 42, ()],
}


@pytest.mark.sphinx("html", testroot="basic", confoverrides=BAD, freshenv=True)
def test_bad_config_values_warn_with_the_value(app):
    app.build()
    warnings = [w for w in warnings_of(app) if "[innersource.config]" in w]
    assert all("/conf.py:" in w and "Fix:" in w for w in warnings)
    text = "\n".join(warnings)
    assert "innersource_sections_min_maturity = 'mature'" in text
    assert "the key 'golden'" in text
    assert "innersource_min_instances['validated'] = 'three'" in text
    assert "'shiny'" in text
    assert "the entry 42" in text and "the entry ()" in text
    assert len(warnings) == 6
    # The rest of the book is built as usual.
    assert (app.outdir / "alpha.html").is_file()


@pytest.mark.sphinx("html", testroot="basic",
                    confoverrides={**BAD, "suppress_warnings": ["innersource.config"]},
                    freshenv=True)
def test_config_warnings_can_be_silenced(app):
    app.build()
    assert not [w for w in warnings_of(app) if "innersource.config" in w]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_defaults_give_no_config_warning(app):
    app.build()
    assert warnings_of(app) == []


def test_config_warnings_point_at_the_line_in_conf_py(make_app, tmp_path):
    import shutil

    from conftest import ROOTS

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ninnersource_sections_min_maturity = "mature"\n')
    line = len((src / "conf.py").read_text(encoding="utf-8").splitlines())
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    warnings = [w for w in warnings_of(app) if "[innersource.config]" in w]
    assert len(warnings) == 1
    assert f"conf.py:{line}: WARNING" in warnings[0]
