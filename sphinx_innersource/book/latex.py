"""The front matter of the PDF: contents title, introduction, link texts.

Three things Sphinx's LaTeX output does that read badly in a pattern book:

- the table of contents is titled with the caption of the first toctree of
  the root page (Sphinx's rule), which in a pattern book names one group of
  patterns ("Patterns") although the contents list the whole book.  Here it
  keeps the title of the document language ("Contents", "Índice", ...); a
  book that wants its own sets ``\\contentsname`` in ``latex_elements``;
- the text of the root page before its first chapter has no heading, and the
  running footer of its pages still names the contents page.  Here it gets an
  unnumbered chapter "Introduction" (listed in the contents);
- a link without a text of its own to a page that is not part of this PDF
  (``{doc}`/reference/export``` in a book that is one of two PDFs, or a
  domain index) printed its raw target ("/reference/export").  Here it prints
  the title of its target, as it would if the target were in the PDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.nodes import clean_astext
from sphinx.util.texescape import escape

from ..i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Builders whose output is one document assembled from the pages.
ASSEMBLED = ("latex", "texinfo")


class LinkTextsForTheBook(SphinxPostTransform):
    """Give ``{doc}`` and ``{ref}`` links without a text of their own the title of
    their target, before the references are resolved (priority 10).

    Sphinx resolves them to that title when the target is part of the output
    document; when it is not (a page left out of this LaTeX document, a domain
    index, which LaTeX prints at the end without a label), it keeps the raw
    target.  The text set here is used in that case only.
    """

    default_priority = 5
    formats = ASSEMBLED

    def run(self, **kwargs: Any) -> None:
        std = self.env.get_domain("std")
        for xref in self.document.findall(addnodes.pending_xref):
            if xref.get("refdomain") != "std" or xref.get("refexplicit") or len(xref) != 1:
                continue
            title = ""
            if xref.get("reftype") == "doc":
                docname = docname_join(xref.get("refdoc", self.env.docname), xref["reftarget"])
                if docname in self.env.titles:
                    title = clean_astext(self.env.titles[docname])
            elif xref.get("reftype") == "ref":
                title = std.labels.get(xref["reftarget"], ("", "", ""))[2]
            text = xref[0]
            if title and isinstance(text, nodes.Element) and len(text) == 1 \
                    and isinstance(text[0], nodes.Text):
                text[0] = nodes.Text(title)


def _is_intro(node: nodes.Node) -> bool:
    """True for content a reader sees before the first chapter."""
    if isinstance(node, (nodes.title, nodes.target, nodes.comment, nodes.substitution_definition,
                         nodes.raw, addnodes.index, addnodes.toctree)):
        return False
    if isinstance(node, nodes.compound) and "toctree-wrapper" in node["classes"]:
        return False
    return not isinstance(node, nodes.Invisible)


def _chapters_start(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.section, addnodes.start_of_file)) or (
        isinstance(node, nodes.Element)
        and next(node.findall(addnodes.start_of_file), None) is not None)


def introduction_heading(title: str, engine: str) -> nodes.raw:
    """An unnumbered chapter (a section in a ``howto``), in the contents and the footers."""
    text = escape(title, engine)
    latex = (r"\ifdefined\chapter\chapter*{TITLE}\phantomsection"
             r"\addcontentsline{toc}{chapter}{TITLE}"
             r"\else\section*{TITLE}\phantomsection\addcontentsline{toc}{section}{TITLE}\fi"
             r"\markboth{TITLE}{TITLE}").replace("TITLE", text)
    return nodes.raw("", latex + "\n", format="latex")


class IntroductionHeading(SphinxPostTransform):
    """Put the introduction heading above the root page's own text, in LaTeX.

    The LaTeX builder post-transforms the whole document once, with the root
    page as the current document; its title is the document's title and is
    not printed.
    """

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        root = next(iter(self.document.findall(nodes.section)), None)
        if root is None or self.document.get("docname") != self.env.docname:
            return
        intro = False
        for child in root.children:
            if _chapters_start(child):
                break
            intro = intro or _is_intro(child)
        if intro:
            at = 1 if root.children and isinstance(root[0], nodes.title) else 0
            root.insert(at, introduction_heading(_("Introduction"),
                                                 self.config.latex_engine))


def contents_name(builder: Any, indexfile: str) -> str:
    """No contents title from a toctree caption: LaTeX's own for the language."""
    return ""


def keep_language_contents_name(app: Sphinx) -> None:
    # LaTeXBuilder.get_contentsname (public, undocumented; Sphinx 1.x to 9)
    # takes the title of the contents from the first toctree caption of the
    # root page; the writer sets it only when that is not empty.
    if app.builder.name == "latex" and hasattr(app.builder, "get_contentsname"):
        app.builder.get_contentsname = contents_name.__get__(app.builder)


def setup(app: Sphinx) -> None:
    app.add_post_transform(LinkTextsForTheBook)
    app.add_post_transform(IntroductionHeading)
    app.connect("builder-inited", keep_language_contents_name)
