"""What every directive of the extension shares.

:func:`repair_options` repairs the option values a YAML block decoded into lone
UTF-16 surrogates, :func:`checked_url` applies the URL policy
(:mod:`~sphinx_innersource.core.urls`) to a URL of the page and warns where it is refused.
"""

from __future__ import annotations

from typing import Any

from ..core.paths import repair_surrogates
from ..core.urls import WEB, url_problem
from ..logs import warn


def repair_options(directive: Any) -> None:
    """Repair the surrogates of a directive's option values, with a warning for lone ones."""
    for name, value in list(directive.options.items()):
        if isinstance(value, str):
            fixed, lone = repair_surrogates(value)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            pairs = [repair_surrogates(v) for v in value]
            fixed, lone = [p[0] for p in pairs], any(p[1] for p in pairs)
        else:
            continue
        directive.options[name] = fixed
        if lone:
            warn(f"{directive.name}: :{name}: contains an invalid escape (a lone UTF-16 "
                 "surrogate such as \\ud800); it is replaced by U+FFFD. Fix: write the "
                 "character itself or a complete \\U0001F600-style escape",
                 subtype="option", location=directive.get_location())


def checked_url(url: str, *, what: str, location: Any, schemes: tuple[str, ...] = WEB,
                hosts: list[str] | tuple[str, ...] | None = None,
                outcome: str = "not linked",
                fix: str = "use an absolute https:// URL") -> str | None:
    """*url* if the policy allows it; else ``None`` and a located ``url`` warning.

    *what* names the element (``known instance 'Acme'``), *outcome* what
    happens to it, *fix* how to correct the URL.
    """
    problem = url_problem(url, schemes, hosts)
    if problem is None:
        return url
    warn(f"{what}: URL {url!r} is refused and {outcome}: {problem}. Fix: {fix}",
         subtype="url", location=location)
    return None
