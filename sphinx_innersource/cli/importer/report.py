"""The import report: every problem as ``file:line: level: message``, and the summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...core.model import Maturity
from ...core.organisations import VariantGroup

DEFAULT_UPSTREAM_URL = "https://patterns.innersourcecommons.org/p/"
DEFAULT_REPO_URL = "https://github.com/InnerSourceCommons/InnerSourcePatterns/blob/main/"
REPORT_FILE = "import-report.txt"
PAGES_DIR = "patterns"


# -- the report ---------------------------------------------------------------

@dataclass(order=True)
class Problem:
    file: str
    line: int
    message: str
    level: str = "warning"

    def render(self) -> str:
        return f"{self.file}:{self.line}: {self.level}: {self.message}"


@dataclass
class Report:
    language: str = "en"
    maturity: Counter = field(default_factory=Counter)
    instances: int = 0
    links_to_patterns: int = 0
    links_upstream: int = 0
    links_repo: int = 0
    images: int = 0
    fallbacks: list[str] = field(default_factory=list)
    #: one language of a book in several languages: the fallbacks are left out.
    site: bool = False
    problems: list[Problem] = field(default_factory=list)
    #: warning kinds of the extension conf.py silences, with the pages.
    suppressed: dict[str, list[str]] = field(default_factory=dict)
    #: names that look like spellings of one organisation (proposed for conf.py).
    organisations: list[VariantGroup] = field(default_factory=list)
    #: files of DEST moved aside rather than overwritten ("name -> name.orig (why)").
    kept_aside: list[str] = field(default_factory=list)

    def add(self, file: str, line: int, message: str, level: str = "warning") -> None:
        self.problems.append(Problem(file, line, message, level))

    @property
    def n_patterns(self) -> int:
        return sum(self.maturity.values())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def render(self) -> str:
        levels = ", ".join(f"{level.key} {self.maturity.get(level.key, 0)}" for level in Maturity)
        unknown = self.maturity.get("none", 0)
        lines = [
            f"Imported {self.n_patterns} pattern(s) (language: {self.language}): {levels}"
            + (f", without maturity {unknown}" if unknown else ""),
            f"Known instances: {self.instances}",
            f"Links rewritten: {self.links_to_patterns} to {{pattern}} references, "
            f"{self.links_upstream} to the upstream book (pattern not in the source), "
            f"{self.links_repo} to the upstream repository",
            f"Images copied: {self.images}",
        ]
        if self.fallbacks:
            lines.append(("Not translated, left to the English book: " if self.site else
                          "Not translated, imported in English: ") + ", ".join(self.fallbacks))
        if self.kept_aside:
            lines.append(f"Kept aside, not overwritten or deleted ({len(self.kept_aside)}):")
            lines.extend("  " + line for line in self.kept_aside)
        if self.organisations:
            lines.append(f"Organisation names grouped ({len(self.organisations)}; proposed in "
                         "conf.py as innersource_organisations, commented where unsure):")
            for group in self.organisations:
                spots = ", ".join(f"{f}:{n}" for places in group.names.values()
                                  for f, n, _id in places)
                lines.append(f"  {group.preferred()} <- {', '.join(group.aliases())}"
                             f"{'' if group.sure else ' (unsure)'} ({spots})")
        for kind, pages in sorted(self.suppressed.items()):
            lines.append(f"conf.py suppresses {kind} warnings for now (pages: "
                         f"{', '.join(sorted(set(pages)))}); fix them and remove the entry")
        if self.problems:
            lines.append(f"Could not map ({len(self.problems)}; the content stays in the page):")
            lines.extend("  " + p.render() for p in sorted(self.problems))
        else:
            lines.append("Everything was mapped.")
        return "\n".join(lines) + "\n"
