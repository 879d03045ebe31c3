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
import json
import os
import re
import subprocess
import tempfile
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from .dot import TARGET

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


def run_dot(command: list[str], code: str, fmt: str) -> bytes:
    """The output of ``dot -T<fmt>`` for *code*, or :class:`DotError`."""
    return _run([*command, f"-T{fmt}"], code)


def _run(command: list[str], code: str) -> bytes:
    """The standard output of *command* given *code*, or :class:`DotError`
    (also when it writes nothing and no file named by ``-o``)."""
    try:
        result = subprocess.run(command, input=code.encode("utf-8"),
                                capture_output=True, timeout=TIMEOUT, check=False)
    except OSError as exc:
        raise DotError(f"the Graphviz program {command[0]!r} cannot be run "
                       f"({exc.strerror or exc})") from exc
    except subprocess.TimeoutExpired as exc:
        raise DotError(f"Graphviz took more than {TIMEOUT} s") from exc
    written = [Path(command[i + 1]) for i, arg in enumerate(command[:-1]) if arg == "-o"]
    empty = not all(p.is_file() and p.stat().st_size for p in written) if written \
        else not result.stdout
    if result.returncode != 0 or empty:
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


def store_text(path: Path, text: str) -> None:
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
    store_text(path, text)
    return text


def _key(command: list[str], code: str) -> str:
    return hashlib.sha1("\0".join([*command, code]).encode("utf-8"),
                        usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class PdfDrawing:
    """A drawing as a PDF file of the LaTeX output folder."""

    name: str
    #: Its size in PostScript points (LaTeX's ``bp``); 0 when unknown.
    width: float = 0
    height: float = 0
    #: (target, x, y, width, height) of each linked node, in ``bp`` from the
    #: bottom left corner of the page.
    links: tuple[tuple[str, float, float, float, float], ...] = ()


def pdf_file(command: list[str], code: str, folder: Path) -> PdfDrawing:
    """Write the PDF of *code* into *folder* (once: the name is a hash of the
    source and the command), with where its linked nodes are (from the
    same layout, in Graphviz's JSON output, kept beside it)."""
    stem = f"innersource-graph-{_key(command, code)}"
    path, boxes = folder / f"{stem}.pdf", folder / f"{stem}.links.json"
    try:
        if path.is_file():
            return PdfDrawing(path.name, **json.loads(boxes.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        pdf, layout = Path(tmp, "drawing.pdf"), Path(tmp, "layout.json")
        try:
            _run([*command, "-Tpdf", "-o", str(pdf), "-Tjson", "-o", str(layout)], code)
            found = _link_boxes(pdf.read_bytes(), json.loads(layout.read_text(encoding="utf-8")))
        except (DotError, OSError, ValueError, KeyError, TypeError):
            # A Graphviz without JSON output (before 2.40): the image without links.
            pdf.write_bytes(run_dot(command, code, "pdf"))
            found = {}
        store_text(boxes, json.dumps(found))
        os.replace(pdf, path)
    return PdfDrawing(path.name, **found)


_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


def _link_boxes(pdf: bytes, layout: dict) -> dict:
    """The page size of *pdf* and the boxes of the nodes of *layout* (Graphviz's
    ``-Tjson``) that have a target; the drawing is centred on the page."""
    match = _MEDIA_BOX.search(pdf)
    if not match:
        return {}
    x0, y0, x1, y1 = map(float, match.groups())
    width, height = x1 - x0, y1 - y0
    bx0, by0, bx1, by1 = map(float, layout["bb"].split(","))
    dx, dy = (width - (bx1 - bx0)) / 2 - bx0, (height - (by1 - by0)) / 2 - by0
    links = []
    for node in layout.get("objects", ()):
        target = node.get(TARGET)
        if not target or "pos" not in node:
            continue
        x, y = map(float, node["pos"].split(",")[:2])
        w, h = float(node["width"]) * 72, float(node["height"]) * 72
        links.append((target, round(x - w / 2 + dx, 2), round(y - h / 2 + dy, 2),
                      round(w, 2), round(h, 2)))
    return {"width": width, "height": height, "links": links}
