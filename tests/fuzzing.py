"""Building blocks of the fuzz tests (``test_fuzz.py``): strategies and a tiny builder.

Every example builds one small project in a temporary folder with
:class:`~sphinx.testing.util.SphinxTestApp` (``freshenv=True``) and cleans
it up.  :func:`check_build` asserts what must hold for *any* input: the
build ends, and every warning line names the file it is about.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from helpers import build_app, strip_ansi, write_files
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

# -- profiles -------------------------------------------------------------------------

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
             HealthCheck.filter_too_much]
#: ``ci`` (default): few examples, derandomized, so CI is reproducible and quick.
settings.register_profile("ci", max_examples=20, deadline=None, derandomize=True,
                          suppress_health_check=_SUPPRESS, print_blob=True)
#: ``edge`` (the tox environments at the edges of the supported versions, where
#: the point is that every test runs, not how deep the fuzzing goes): fewer examples.
settings.register_profile("edge", max_examples=5, deadline=None, derandomize=True,
                          suppress_health_check=_SUPPRESS, print_blob=True)
#: ``large`` (``HYPOTHESIS_PROFILE=large``, ``tox -e fuzz``): many random examples.
settings.register_profile("large", max_examples=300, deadline=None,
                          suppress_health_check=_SUPPRESS, print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")


def profile(ci: int | None = None) -> settings:
    """Settings of the selected profile; *ci* overrides the examples of ``ci``
    (and caps those of ``edge``)."""
    if PROFILE == "ci" and ci is not None:
        return settings(settings.get_profile("ci"), max_examples=ci)
    if PROFILE == "edge" and ci is not None:
        return settings(settings.get_profile("edge"), max_examples=min(ci, 5))
    return settings(settings.get_profile(PROFILE))


# -- text ----------------------------------------------------------------------

CONTROL = [chr(c) for c in range(32) if c != 10] + [
    "\x7f", "\x85", "\u00a0", "\u2028", "\u2029", "\u200b", "\u200d", "\u202e", "\u2066",
    "\ufeff", "\ufffd", "\ufffe", "\U0001f600", "\U000e0001", "\u0301", "\uff1a", "\uff0f",
]
MARKUP = [
    "`", "``", "```", ":::", "::::", "*x*", "**", "_", "__init__", "[a](b)", "[a](javascript:x)",
    "<b>", "</div>", "<script>alert(1)</script>", "<!--", "-->", "&amp;", "&#58;", "{pattern}`x`",
    "{pattern}`t <alpha>`", "{cite:p}`k`", "{ref}`x`", "{doc}`/index`", "$x$", "$$", "|sub|",
    "\\", "\\\\", "%", "#", "# ", "- ", "1. ", "> ", "---", "{#id}", "(label)=", "[^1]", "\r",
    "\t", "  ", "\n", "\n\n", "{", "}", "{{", "}}", "\"", "'", ":", ": ", ";", ",", "|", "=",
    ".. note::", ":::{note}", "```{pattern}", "\\x00", "%s", "%(x)s", "{0}", "${x}", "..",
    "../", "/etc/passwd", "C:\\x", "~", "@", "\u0000",
]
SCHEMES = [
    "http", "https", "HTTPS", "mailto", "javascript", "JaVaScRiPt", "data", "file", "ftp",
    "vbscript", "tel", "ssh", "about", "blob", "chrome", "webcal", "x-y.z+1", "a",
]
HOSTS = ["example.com", "calendar.google.com", "calendar.google.com.evil.example",
         "user@example.com", "example.com:99999", "[::1]", "xn--n3h.example", "\u2603.example",
         "", "localhost:8080", "example.com:0x"]


def _url(scheme: str, sep: str, host: str, path: str) -> str:
    return f"{scheme}{sep}{host}{path}"


urls = st.builds(
    _url,
    st.sampled_from([*SCHEMES, ""]),
    st.sampled_from(["://", ":", ":/", ":///", "//", "\uff1a//", ""]),
    st.sampled_from(HOSTS),
    st.sampled_from(["", "/", "/a b", "/x?y=1&z=<b>", "/%00", "/\u202e", "/\"><x>", "/../..",
                     "#frag", "?src=a%40b.c", "/calendar/embed?src=a@b.c&ctz=Mars/X"]),
)

#: Parts of URLs aimed at the URL policy: credentials, broken hosts and ports,
#: look-alike and invisible characters.
USERINFO = ["", "user@", "a:b@", "trusted.example@", "@", "x%40y@"]
POLICY_HOSTS = [
    "example.org", "EXAMPLE.org", "b\u00fccher.example", "[::1]", "[::1", "::1]", "[2001:db8::1]",
    "[x]", "a..b", "a.b.", ".a", "-a.example", "a_b.example", "\u0430pple.example",
    "trusted\u3002example", "trusted.example\u2215evil", "evil\u200d.example",
    "x" * 64 + ".example", "\u6f22\u5b57.example", "127.0.0.1", "", " ", "a b",
]
PORTS = ["", ":", ":0", ":1", ":443", ":65535", ":65536", ":99999", ":x", ":-1", ":4 4"]
PATHS = ["", "/", "/a/b", "/\u65e5\u672c", "/%E2%80%AE", "/\u202e", "/a\u2044b", "/?q=<b>",
         "/#x", "/'\"", "/@evil.example", "/\\evil", "?subject=hi", "/x\x00"]
#: Characters to insert at random into a URL.
SPICE = ["@", ":", "/", "\\", "[", "]", "%", "#", "?", " ", "\t", "\u200b", "\u202e",
         "\u2066", "\uff0f", "\uff1a", "\u2215", "\u3002", "\uff0e", "\u0430", "\x00"]

url_parts = st.builds(
    lambda scheme, sep, user, host, port, path: f"{scheme}{sep}{user}{host}{port}{path}",
    st.sampled_from(["https", "http", "HTTPS", "mailto", "javascript", "ftp", "data", ""]),
    st.sampled_from(["://", ":", ":/", ":///", "//", "\uff1a//", ""]),
    st.sampled_from(USERINFO), st.sampled_from(POLICY_HOSTS), st.sampled_from(PORTS),
    st.sampled_from(PATHS))


def _insert(url: str, position: int, char: str) -> str:
    position %= len(url) + 1
    return url[:position] + char + url[position:]


def policy_urls(seeds: list[str]) -> st.SearchStrategy[str]:
    """URLs built from parts, seeds (the shared hostile and safe lists) with a
    random character inserted, and random text."""
    mutated = st.builds(_insert, st.sampled_from(seeds), st.integers(0, 200),
                        st.sampled_from(SPICE))
    return st.one_of(url_parts, urls, st.sampled_from(seeds), mutated, st.text(max_size=40))


#: Names that become file names: case variants, dotless i, sigmas, long ones.
NAME_PIECES = ["id", "ID", "Id", "\u0131d", "\u0130d", "\u017fx", "sx", "\u03c3a", "\u03c2a",
               "caf\u00e9", "cafe\u0301", "\uff49d", "\u212a", "k", "\u6f22" * 84,
               "\u6f22" * 85, "n" * 251, "n" * 300, "a-b", "a b", "a/b", "..", "x"]
file_names = st.one_of(st.sampled_from(NAME_PIECES),
                       st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=3)
                       .map("".join),
                       st.text(min_size=1, max_size=12))

#: Very long values: 10,000 characters of a short random text repeated.
huge = st.text(min_size=1, max_size=6).map(lambda s: (s * (10_000 // len(s) + 1))[:10_000])

pieces = st.lists(st.one_of(st.sampled_from(MARKUP), st.sampled_from(CONTROL), urls,
                            st.text(max_size=8)), max_size=8).map("".join)

nasty = st.one_of(
    st.just(""),
    st.text(max_size=30),
    pieces,
    urls,
    huge,
    st.sampled_from(MARKUP + CONTROL),
)
#: One line (MyST ``:name: value`` options and directive arguments).
nasty_line = nasty.map(lambda s: re.sub(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", " ", s))

#: Ids that are valid and stay distinct once slugified.
def unique_ids(n: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True), min_size=n,
                    max_size=n, unique=True).map(lambda ids: [f"p{i}-{x}" for i, x in
                                                              enumerate(ids)])


# -- MyST rendering --------------------------------------------------------------

def options_block(options: dict[str, str], style: str) -> list[str]:
    """The option lines of a MyST directive: ``colon`` (``:k: v``) or ``yaml``."""
    if not options:
        return []
    if style == "colon":
        return [f":{k}: {v}".rstrip() if v else f":{k}:" for k, v in options.items()]
    ascii_only = style == "yaml"
    return ["---", *(f"{k}: {json.dumps(v, ensure_ascii=ascii_only)}"
                     for k, v in options.items()), "---"]


def myst_directive(name: str, argument: str = "", options: dict[str, str] | None = None,
                   body: str = "", style: str = "yaml", fence: int = 3) -> str:
    head = ":" * fence + "{" + name + "}" + (f" {argument}" if argument else "")
    lines = [head, *options_block(options or {}, style)]
    if body:
        lines.append(body)
    lines.append(":" * fence)
    return "\n".join(lines)


# -- building ----------------------------------------------------------------------

class RecordingIO(StringIO):
    """A warning stream that keeps each log record's text apart."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[str] = []

    def write(self, text: str) -> int:
        self.records.append(text)
        return super().write(text)


BASE_CONF = """\
extensions = {extensions!r}
myst_enable_extensions = ["colon_fence", "deflist"]
innersource_calendar_now = "2026-01-01T00:00:00+00:00"
suppress_warnings = ["myst.header"]
"""


@dataclass
class Result:
    app: SphinxTestApp
    srcdir: Path
    outdir: Path
    records: list[str] = field(default_factory=list)

    @property
    def index(self):
        return self.app.env.get_domain("innersource").index

    def export(self) -> dict:
        return json.loads((self.outdir / "patterns.json").read_text(encoding="utf-8"))


@contextmanager
def built(files: dict[str, str | bytes], builder: str = "pseudoxml", *,
          extensions: tuple[str, ...] = ("myst_parser", "sphinx_innersource"),
          conf_extra: str = "", prepare: Callable[[Path], None] | None = None,
          ) -> Iterator[Result]:
    """Build *files* (name -> content) with *builder*; yield the result."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        srcdir = Path(tmp) / "src"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(
            BASE_CONF.format(extensions=list(extensions)) + conf_extra, encoding="utf-8")
        write_files(srcdir, files)
        if prepare is not None:
            prepare(srcdir)
        warning = RecordingIO()
        app = build_app(SphinxTestApp(builder, srcdir=srcdir, freshenv=True, warning=warning,
                                      status=StringIO()))
        yield Result(app, srcdir, Path(app.outdir), warning.records)


_RECORD = re.compile(r"^(?P<loc>.*?): (?P<level>WARNING|ERROR|CRITICAL): ", re.DOTALL)


def check_build(result: Result) -> None:
    """Every warning names a file of the project (``file:line`` or ``file:``)."""
    for raw in result.records:
        text = strip_ansi(raw)
        if not text.strip():
            continue
        assert "Traceback" not in text, text
        match = _RECORD.match(text)
        assert match, f"unlocated warning: {text!r}"
        location = match.group("loc")
        assert location.startswith(str(result.srcdir)), f"unlocated warning: {text!r}"
