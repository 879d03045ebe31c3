"""Other builders: LaTeX (and PDF), text, man, texinfo and epub."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import sphinx
from helpers import read, subprocess_env, warnings_of

PATLET = "Reviews pile up on a few people. Rotate the reviewer role weekly."


@pytest.mark.sphinx("latex", testroot="builders", freshenv=True)
def test_latex_contains_patlet_maturity_and_instance(app):
    app.build()
    assert warnings_of(app) == []
    tex = read(app, "builderbook.tex")
    # The summary is a framed topic holding the patlet and the metadata.
    start = tex.index(r"\begin{sphinxtopic}")
    end = tex.index(r"\end{sphinxtopic}")
    summary = tex[start:end]
    assert PATLET in summary
    assert r"\sphinxlineitem{Maturity}" in summary
    assert r"\DUrole{innersource-maturity-structured}{Structured}" in summary
    assert r"\DUrole{innersource-author}{Rota Author}" in summary
    # The known instance is an admonition with the organisation and its year; the
    # organisation is linked from Sphinx 9 on (earlier LaTeX writers drop links
    # in titles).
    organisation = (r"\sphinxhref{https://orchard.example/rota}{Orchard Systems}"
                    if sphinx.version_info >= (9,) else "Orchard Systems")
    assert (r"\begin{sphinxadmonition}{note}{Known instance: "
            rf"{organisation} (2022)}}") in tex
    assert r"Orchard Systems rotates reviewers \sphinxstyleemphasis{every Monday}." in tex


@pytest.mark.latex
@pytest.mark.sphinx("latex", testroot="builders", srcdir="builders-pdf", freshenv=True)
def test_latex_pdf_is_produced(app_params, tmp_path):
    if not shutil.which("latexmk"):
        pytest.skip("latexmk is not installed")
    srcdir = Path(app_params.kwargs["srcdir"])
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(srcdir), str(out), "-q"],
        capture_output=True, text=True, check=False, timeout=600, env=subprocess_env(),
    )
    pdf = out / "latex" / "builderbook.pdf"
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        flat = " ".join(text.split())
        assert "Rotate the reviewer role weekly" in flat
        assert "Structured" in flat
        assert "Orchard Systems" in flat


def _without_man_escapes(man: str) -> str:
    """Man page text without link and font escapes (docutils before 0.22 writes
    a link as \\X'tty: link URL'\\fI\\%text\\fP\\X'tty: link')."""
    return re.sub(r"\\f[A-Z]|\\%", "", re.sub(r"\\X'[^']*'", "", man))


#: builder -> (output file, how the output is read, what it holds)
PLAIN_OUTPUTS = {
    "text": ("review-rota.txt", str,
             ["Maturity:\n   Structured", "Known instance: Orchard Systems (2022)",
              "every Monday"]),
    "man": ("builderbook.1", _without_man_escapes,
            [".B Maturity\nStructured", "Known instance: Orchard Systems", "(2022)"]),
    "texinfo": ("builderbook.texi", str,
                ["@*Maturity: \nStructured",
                 "@quotation Known instance: Orchard Systems (2022)"]),
}


@pytest.mark.parametrize("builder", sorted(PLAIN_OUTPUTS))
def test_plain_output_builders(make_app, rootdir, tmp_path, builder):
    """text, man and texinfo carry the patlet, the maturity and the instance."""
    name, reading, expected = PLAIN_OUTPUTS[builder]
    srcdir = tmp_path / "builders"
    shutil.copytree(rootdir / "test-builders", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert warnings_of(app) == []
    output = reading(read(app, name))
    assert PATLET in output
    for fragment in expected:
        assert fragment in output


@pytest.mark.sphinx("epub", testroot="builders", freshenv=True)
def test_epub_builder(app):
    app.build()
    assert warnings_of(app) == []
    epubs = list(Path(app.outdir).glob("*.epub"))
    assert len(epubs) == 1
    with zipfile.ZipFile(epubs[0]) as archive:
        page = archive.read("review-rota.xhtml").decode("utf-8")
    assert PATLET in page
    assert 'class="innersource-badge innersource-maturity-structured">Structured<' in page
    assert "Orchard Systems" in page and 'id="known-instance-orchard-systems"' in page
