"""The ``{pattern}`` cross-reference role."""

from __future__ import annotations

from sphinx.roles import XRefRole

DOMAIN = "innersource"


class PatternXRefRole(XRefRole):
    """``{pattern}`id``` and ``{pattern}`text <id>```.

    Registered both as ``innersource:pattern`` and, for convenience, as the
    plain role ``pattern``; either way the reference belongs to this domain.
    Without an explicit title the link text is the pattern's title.
    """

    def run(self):
        self.refdomain, self.reftype = DOMAIN, "pattern"
        self.classes = ["xref", DOMAIN, f"{DOMAIN}-pattern"]
        if self.disabled:
            return self.create_non_xref_node()
        return self.create_xref_node()

    def process_link(self, env, refnode, has_explicit_title, title, target):
        return title.strip(), target.strip()
