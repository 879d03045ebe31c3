"""Running Graphviz: the SVG inlined in HTML pages, the PDF included by LaTeX.

The program and its extra arguments are Sphinx's own settings
``graphviz_dot`` and ``graphviz_dot_args`` (of ``sphinx.ext.graphviz``), so a
book that configures Graphviz once configures it for the maps too.  The
layout engine is a graph attribute of the DOT source (``layout=neato``), so
it does not depend on other programs of the Graphviz suite being on the
``PATH``.

Why not the HTML and LaTeX visitors of ``sphinx.ext.graphviz``: its HTML
output puts the SVG in an ``<object>``, where a link opens inside the
object unless it targets ``_top`` and where the page's stylesheet (light or
dark mode) cannot reach; when ``dot`` cannot run it logs a warning that
names no page and shows the DOT source as text; and its LaTeX visitor then
writes ``\\sphinxincludegraphics{None}``, which breaks the PDF.  Here a
failure is a :class:`DotError`, which the caller turns into one located
warning and the plain list.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

#: Seconds a layout may take before it counts as failed.
TIMEOUT = 120


class DotError(Exception):
    """Graphviz could not draw a graph; the message says why."""


def dot_command(config) -> list[str]:
    return [str(config.graphviz_dot or "dot"), *map(str, config.graphviz_dot_args or ())]


def run_dot(command: list[str], code: str, fmt: str, cwd: str | Path | None = None) -> bytes:
    """The output of ``dot -T<fmt>`` for *code*, or :class:`DotError`."""
    try:
        result = subprocess.run([*command, f"-T{fmt}"], input=code.encode("utf-8"),
                                capture_output=True, timeout=TIMEOUT, check=False, cwd=cwd)
    except OSError as exc:
        raise DotError(f"the Graphviz program {command[0]!r} cannot be run "
                       f"({exc.strerror or exc})") from exc
    except subprocess.TimeoutExpired as exc:
        raise DotError(f"Graphviz took more than {TIMEOUT} s") from exc
    if result.returncode != 0 or not result.stdout:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DotError(f"{command[0]!r} failed (exit status {result.returncode})"
                       + (f": {message[0]}" if message else ""))
    return result.stdout


def _q(name: str, ns: str = SVG_NS) -> str:
    return f"{{{ns}}}{name}"


def inline_svg(data: bytes, *, label: str, classes: str) -> str:
    """Graphviz's SVG, made fit for a place inside an HTML page.

    The XML prolog and comments are dropped, the ``<svg>`` gets *classes*,
    an accessible name (*label*) and a minimum width (75 % of its natural
    width: a narrow screen scrolls rather than shrinks the text further),
    and the ``<title>`` of each node and edge (Graphviz writes the DOT name
    there, which browsers show on hover) becomes its tooltip.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise DotError(f"Graphviz wrote SVG that cannot be read ({exc})") from exc
    for group in root.iter(_q("g")):
        if not {"node", "edge"} & set(group.get("class", "").split()):
            continue
        title = group.find(_q("title"))
        link = group.find(f".//{_q('a')}")
        tooltip = link.get(_q("title", XLINK_NS)) if link is not None else None
        if title is not None and tooltip:
            title.text = tooltip
    width = root.get("width", "")
    root.set("class", classes)
    root.set("role", "img" if not root.findall(f".//{_q('a')}[@{_q('href', XLINK_NS)}]")
             else "group")
    root.set("aria-label", label)
    if re.fullmatch(r"\d+(\.\d+)?pt", width):
        root.set("style", f"min-width: {0.75 * float(width[:-2]):.0f}pt")
    return ET.tostring(root, encoding="unicode")


def svg_classes(kind: str) -> str:
    return f"innersource-graph-svg innersource-pattern-{kind}-svg"


def svg_path(cache: Path, command: list[str], code: str, label: str, kind: str) -> Path:
    """Where *cache* keeps the page-ready SVG of *code* drawn by *command*."""
    return cache / f"{_key(command, chr(0).join((code, label, kind)))}.svg"


def store_svg(path: Path, text: str) -> None:
    """Write atomically (parallel writers may store the same drawing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def page_svg(command: list[str], code: str, label: str, kind: str, cache: Path) -> str:
    """The SVG of *code* made by :func:`inline_svg`, kept in *cache* (a folder
    of the doctree directory) under a hash of what it depends on: a page
    written again with an unchanged drawing (the navigation changed, say)
    costs no Graphviz run and no parsing."""
    path = svg_path(cache, command, code, label, kind)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = inline_svg(run_dot(command, code, "svg"), label=label, classes=svg_classes(kind))
    store_svg(path, text)
    return text


def _key(command: list[str], code: str) -> str:
    return hashlib.sha1("\0".join([*command, code]).encode("utf-8"),
                        usedforsecurity=False).hexdigest()


def pdf_file(command: list[str], code: str, folder: Path, cwd: Path | None = None) -> str:
    """Write the PDF of *code* into *folder* (once: the name is a hash of the
    source and the command) and return its file name."""
    name = f"innersource-graph-{_key(command, code)}.pdf"
    path = folder / name
    if not path.is_file():
        data = run_dot(command, code, "pdf", cwd)
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return name
