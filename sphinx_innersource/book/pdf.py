"""The PDF of a pattern book, whatever Unicode its pages hold.

Pattern pages hold box drawing in code blocks, arrows, emoji, zero-width
spaces, typographic quotes, accented letters of many languages, Greek,
Cyrillic, Japanese and Chinese.  pdflatex stops at the first character it
has no declaration for, and no single font has them all.  So a book that
sets ``latex_engine = "lualatex"`` (the importer and ``sphinx-innersource
new`` write that line) gets, from here, unless ``conf.py`` sets them itself:

- ``fontpkg``: Sphinx's own LuaLaTeX fonts (GNU FreeFont), each with a
  luaotfload fallback chain for the glyphs it lacks: CJK (Noto CJK), DejaVu
  (box drawing and arrows that FreeSans Bold lacks), colour emoji (Noto Color
  Emoji, which luaotfload reads only in HarfBuzz mode);
- ``babel`` instead of polyglossia: babel's LuaTeX code breaks lines between
  Han and Kana characters (``onchar=ids``), which no other setting does;
- ``latex_use_xindy = False`` when xindy is not installed, and then the
  index made by ``upmendex`` (TeX Live's Unicode makeindex) rather than
  ``makeindex``, which takes the first *byte* of an entry such as
  ``コアチーム`` or ``Éxito`` for its letter heading, a broken UTF-8
  sequence that stops LuaLaTeX (the ``latexmkrc`` Sphinx writes is changed
  when the LaTeX build finishes);
- for ``language = "ja"``, the ``report`` class instead of ``jsbook``.

A font that is not installed never stops the build: the LaTeX code leaves
it out of its chain (the characters only it has are then missing from the
PDF) and the LaTeX build warns with a ``pdf`` warning naming the Debian
package that has it.  ``innersource_latex_fonts = False`` turns all of this off.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from ..logs import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Font family -> the Debian package that installs it (named in the warning).
FONT_PACKAGES = {
    "FreeSerif": "fonts-freefont-otf",
    "FreeSans": "fonts-freefont-otf",
    "FreeMono": "fonts-freefont-otf",
    "DejaVu Sans": "fonts-dejavu-core",
    "DejaVu Sans Mono": "fonts-dejavu-core",
    "Noto Serif CJK JP": "fonts-noto-cjk",
    "Noto Sans CJK JP": "fonts-noto-cjk",
    "Noto Sans Mono CJK JP": "fonts-noto-cjk",
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "Noto Sans Mono CJK SC": "fonts-noto-cjk",
    "Noto Color Emoji": "fonts-noto-color-emoji",
}

# Defines \innersourcefallback: a luaotfload fallback chain of the fonts that
# are installed (a missing font in a chain would leave the main font empty).
# No "~" and no "%" in this Lua code: TeX reads it first.
_LUA_FALLBACK = r"""\directlua{
  function innersource_fallback(name, specs)
    local chain = {}
    for _, spec in ipairs(specs) do
      local font = spec:match("^[^:]+")
      if fonts.names.lookup_font_name({name = font}) then
        table.insert(chain, spec)
      else
        texio.write_nl("term and log", "sphinx-innersource: the font " .. font
          .. " is not installed; characters only it has are missing from the PDF")
      end
    end
    luaotfload.add_fallback(name, chain)
  end
}"""


def _families(language: str) -> dict[str, str]:
    """Main fonts and the CJK faces (Chinese glyph forms for a Chinese book)."""
    cjk = "SC" if language.startswith("zh") else "JP"
    return {"rm": "FreeSerif", "sf": "FreeSans", "tt": "FreeMono",
            "rm_cjk": f"Noto Serif CJK {cjk}", "sf_cjk": f"Noto Sans CJK {cjk}",
            "tt_cjk": f"Noto Sans Mono CJK {cjk}"}


def fallback_chains(language: str) -> dict[str, list[str]]:
    """Family key -> the luaotfload fallback specifications, in order."""
    f = _families(language)
    emoji = "Noto Color Emoji:mode=harf;"
    return {
        "rm": [f"{f['rm_cjk']}:mode=harf;", "DejaVu Sans:mode=node;", emoji],
        "sf": [f"{f['sf_cjk']}:mode=harf;", "DejaVu Sans:mode=node;", emoji],
        "tt": ["DejaVu Sans Mono:mode=node;", f"{f['tt_cjk']}:mode=harf;", emoji],
    }


def needed_fonts(language: str) -> list[str]:
    """Every font family the settings for *language* use."""
    names = [_families(language)[key] for key in ("rm", "sf", "tt")]
    for chain in fallback_chains(language).values():
        names += [spec.split(":", 1)[0] for spec in chain]
    return list(dict.fromkeys(names))


def latex_elements_for(language: str) -> dict[str, str]:
    """The ``latex_elements`` entries (``fontpkg``, ``babel``, ``polyglossia``)."""
    f = _families(language)
    lines = [_LUA_FALLBACK, r"\directlua{"]
    for key, chain in fallback_chains(language).items():
        specs = ", ".join(f'"{spec}"' for spec in chain)
        lines.append(f'  innersource_fallback("innersource{key}", {{{specs}}})')
    lines.append("}")
    commands = {"rm": r"\setmainfont", "sf": r"\setsansfont", "tt": r"\setmonofont"}
    for key, command in commands.items():
        scale = "Scale=0.9, " if key == "tt" else ""
        lines.append(
            rf"\IfFontExistsTF{{{f[key]}}}{{{command}{{{f[key]}}}"
            rf"[{scale}RawFeature={{fallback=innersource{key}}}]}}"
            rf"{{\typeout{{sphinx-innersource: the font {f[key]} is not installed}}}}")
    main = ", main" if language == "ja" else ""
    babel = "\n".join([r"\usepackage{babel}",
                       rf"\babelprovide[import{main}, onchar=ids]{{japanese}}"])
    return {"fontpkg": "\n".join(lines) + "\n", "babel": babel, "polyglossia": ""}


def apply_latex_settings(app: Sphinx, config: Config) -> None:
    """Fill the LaTeX settings the book did not set itself (``config-inited``)."""
    if not config.innersource_latex_fonts or config.latex_engine != "lualatex":
        return
    ours = latex_elements_for(config.language or "en")
    elements = dict(config.latex_elements)
    if "fontpkg" not in elements:
        elements["fontpkg"] = ours["fontpkg"]
    if "babel" not in elements and "polyglossia" not in elements:
        elements.update(babel=ours["babel"], polyglossia=ours["polyglossia"])
    config.latex_elements = elements
    if shutil.which("xindy") is None:
        config.latex_use_xindy = False  # it could not run anyway
    if config.language == "ja" and config.latex_docclass == {"manual": "jsbook",
                                                              "howto": "jreport"}:
        # Sphinx's default for Japanese needs pLaTeX classes (texlive-lang-japanese).
        config.latex_docclass = {"manual": "report", "howto": "article"}


#: The index command of the latexmkrc Sphinx writes without xindy, and ours.
MAKEINDEX = "$makeindex = 'makeindex -s python.ist"
UPMENDEX = "$makeindex = 'upmendex -s python.ist"


def use_upmendex(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: latexmk makes the index with upmendex (see above)."""
    config = app.config
    if (exception is not None or app.builder.format != "latex"
            or not config.innersource_latex_fonts or config.latex_engine != "lualatex"
            or config.latex_use_xindy or shutil.which("upmendex") is None):
        return
    rc = Path(app.outdir) / "latexmkrc"
    try:
        text = rc.read_text(encoding="utf-8")
    except OSError:
        return
    if MAKEINDEX in text:
        rc.write_text(text.replace(MAKEINDEX, UPMENDEX), encoding="utf-8")


def installed_families() -> set[str] | None:
    """The font families fontconfig knows, or None when it cannot be asked."""
    if shutil.which("fc-list") is None:
        return None
    try:
        done = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                              timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip() for line in done.stdout.splitlines() for name in line.split(",")}


def check_fonts(app: Sphinx) -> None:
    """Warn, once per LaTeX build, about each font the PDF needs but cannot find."""
    config = app.config
    if (app.builder.format != "latex" or not config.innersource_latex_fonts
            or config.latex_engine != "lualatex"
            or config.latex_elements.get("fontpkg") != latex_elements_for(
                config.language or "en")["fontpkg"]):
        return
    families = installed_families()
    if families is None:
        return
    missing = [name for name in needed_fonts(config.language or "en") if name not in families]
    for name in missing:
        warn(f"the font {name!r} is not installed; the PDF is built without it, and the "
             f"characters only it has are missing. Fix: install it (Debian: apt-get install "
             f"{FONT_PACKAGES[name]}), or set innersource_latex_fonts = False and choose "
             f"fonts in latex_elements", subtype="pdf")


def setup(app: Sphinx) -> None:
    # After the check of innersource_* values (400), before Sphinx's own
    # checks of latex_* values (800).
    app.connect("config-inited", apply_latex_settings, priority=500)
    app.connect("builder-inited", check_fonts)
    app.connect("build-finished", use_upmendex)
