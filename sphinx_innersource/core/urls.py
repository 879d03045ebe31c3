"""The one URL policy: every URL the extension emits is checked here.

A URL from the author (a ``known-instance`` ``:url:``, a hero button or
image, a calendar, an event of an ``.ics`` file, a work of a ``.bib`` file,
a base URL given to the importer...) is either emitted exactly as written
or refused, never "repaired": a repaired URL could lead somewhere the author
did not mean.  :func:`url_problem` says why a URL is refused:

* a scheme other than those the caller allows (``https``/``http`` by
  default; ``mailto:`` only where a caller allows it, and only with an
  address), or no scheme at all;
* invisible characters (controls, zero-width and bidirectional-override
  characters, spaces) and look-alikes: full-width or compatibility forms,
  and characters that pass for ``/``, ``.``, ``:`` or ``@``;
* quotes, angle brackets and the other characters no URL we write needs;
* credentials (``https://trusted.example@evil.example/`` reads as the host
  ``trusted.example`` but leads to ``evil.example``);
* no host, a malformed host (``https://[::1/``, empty labels, characters no
  host name has), a host mixing Latin, Cyrillic or Greek letters, an
  invalid port;
* for a frame, a host that is not in the list the caller gives.

The module imports nothing of Sphinx (the importer uses it);
:func:`checked_url` is the helper for code running in a build: it emits the
located warning (subtype ``url``) and returns the URL or ``None``.  A new
URL-taking input (people's links in ``:authors:``, organisation URLs of a
registry) calls :func:`checked_url` and adds itself to the hostile-URL
tests (``tests/hostile.py``).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

from .paths import hidden_characters

#: The schemes of a web link, the default of every check.
WEB = ("https", "http")
#: A link a reader follows: the web, or an e-mail address.
LINK = ("https", "http", "mailto")

#: Characters a reader takes for ``/``, ``\``, ``.``, ``:``, ``@``, ``#`` or
#: ``?`` and that are not changed by compatibility folding (those that are,
#: such as the full-width solidus, are refused as look-alikes anyway).
CONFUSABLES = frozenset(
    "\u2044\u2215\u29f8\u2571\u27cb\u1735\u3033\u2afd"  # slashes
    "\u29f9\u2216\u2572\u27cd"  # backslashes
    "\u3002\uff61\u0701\u0702\u06d4\ua4f8\ua60e\u2e3c\u00b7\u2219\u22c5"  # dots
    "\u2236\ua789\u02d0\u0589\u05c3\u16ec\u1361"  # colons
    "\ufe6b"  # at sign
)

#: Characters that never belong in a URL we emit.
_FORBIDDEN = frozenset("\"'<>`\\{}|^")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_ADDRESS = re.compile(r"^[^@\s/?#,]+@[^@\s/?#,]+\.[^@\s/?#,]+$")
#: Scripts whose letters look alike: a host label should not mix them.
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def scheme_of(text: str) -> str | None:
    """The scheme *text* starts with, after compatibility folding.

    Folding (NFKC) maps look-alikes such as the full-width colon to ASCII,
    so ``javascript\\uff1aalert(1)`` counts as having the scheme ``javascript``.
    """
    match = _SCHEME.match(unicodedata.normalize("NFKC", text))
    return match.group(1).lower() if match else None


def looks_like_url(text: str) -> bool:
    """Whether *text* is meant as a URL (it has a scheme or starts with ``//``)."""
    return scheme_of(text) is not None or text.startswith("//")


def _text_problem(url: str) -> str | None:
    """Characters that make *url* look like another URL, or break out of an attribute."""
    hidden = hidden_characters(url, allow_space=True)
    if hidden:
        return f"it contains invisible or control characters ({', '.join(hidden)})"
    if " " in url:
        return "it contains spaces (write them as %20)"
    if unicodedata.normalize("NFKC", url) != url:
        return "it contains look-alike (full-width or compatibility) characters"
    confusable = sorted({f"U+{ord(c):04X}" for c in url if c in CONFUSABLES})
    if confusable:
        return ("it contains characters that look like / . : or @ "
                f"({', '.join(confusable)})")
    bad = sorted(set(url) & _FORBIDDEN)
    if bad:
        return f"it contains the characters {' '.join(bad)}"
    return None


def _split(url: str) -> tuple[SplitResult | None, str | None]:
    """The parts of *url*, or the reason it cannot be parsed (never an exception)."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        return None, f"it cannot be parsed ({exc})"
    if port == 0:
        return None, "its port 0 is not a port a link can use"
    return parts, None


def _scripts(label: str) -> set[str]:
    found = set()
    for char in label:
        if char.isalpha():
            name = unicodedata.name(char, "")
            found.update(s for s in _LOOKALIKE_SCRIPTS if name.startswith(s + " "))
    return found


def host_problem(host: str) -> str | None:
    """Why the host name *host* (as :attr:`SplitResult.hostname` gives it) is refused."""
    if not host:
        return "it has no host name"
    if ":" in host:  # an IPv6 address; urlsplit checked the brackets
        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return f"the host {host!r} is not a valid IPv6 address"
        return None
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    for label in labels:
        if not label:
            return f"the host {host!r} has an empty part (two dots in a row)"
        if not all(c.isalnum() or c in "-_" or unicodedata.category(c)[0] == "M"
                   for c in label):
            return f"the host {host!r} contains characters that no host name has"
        if len(_scripts(label)) > 1:
            return (f"the host {host!r} mixes Latin, Cyrillic or Greek letters, like a "
                    "look-alike of another host")
    try:
        host.encode("idna")
    except UnicodeError:
        return f"the host {host!r} is not a valid host name (a part is too long)"
    return None


def _mailto_problem(parts: SplitResult) -> str | None:
    addresses = [a for a in parts.path.split(",") if a.strip()]
    if not addresses:
        return "the mailto: URL has no address"
    for address in addresses:
        if not _ADDRESS.match(address.strip()):
            return f"{address.strip()!r} is not an e-mail address (name@example.org)"
    return None


def url_problem(url: str, schemes: tuple[str, ...] = WEB,
                hosts: list[str] | tuple[str, ...] | None = None) -> str | None:
    """Why *url* is refused, or ``None`` when it may be emitted as it is.

    *schemes* are the schemes the caller allows; with *hosts*, the host
    must be one of them (compared without case).
    """
    if not url:
        return "the URL is empty"
    problem = _text_problem(url)
    if problem:
        return problem
    scheme = scheme_of(url)
    if scheme is None:
        return "it is not an absolute URL (it has no scheme such as https:)"
    if scheme not in schemes:
        return f"the scheme {scheme!r} is not allowed (allowed: {', '.join(schemes)})"
    parts, problem = _split(url)
    if parts is None:
        return problem
    if scheme == "mailto":
        return _mailto_problem(parts)
    if "@" in parts.netloc:
        return "it contains a user name or password before the host"
    problem = host_problem(parts.hostname or "")
    if problem:
        return problem
    if hosts is not None:
        allowed = {h.lower() for h in hosts}
        if (parts.hostname or "").lower() not in allowed:
            return (f"the host {parts.hostname!r} is not in innersource_embed_hosts "
                    f"(allowed: {', '.join(sorted(allowed)) or 'none'})")
    return None
