"""``sphinx-innersource lint``: check upstream pattern files without a build.

The checks and their messages are those of the extension (:mod:`.checks`):
a missing patlet, a section the template requires, fewer known instances
than the maturity (the folder) needs.  Each problem is printed as
``file:line: message``; the exit code is 1 when there is one, so the
command fits a pre-commit hook or a CI job.

With ``--conf`` (a book's ``conf.py``, or its folder), known instances are
counted per organisation as the build counts them: the names the book's
registry (``innersource_organisations``) lists as aliases of one
organisation count once.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.checks import (
    maturity_message,
    missing_sections,
    needed_instances,
    patlet_message,
    sections_apply,
    sections_message,
)
from ..core.model import Maturity
from ..core.organisations import Registry, read_registry, sure_key
from ..core.upstream import (
    UnreadableFile,
    UpstreamFile,
    language_of,
    maturity_of,
    pattern_record,
    read_text,
    split_file,
)
from .importer.convert import project_config
from .importer.instances import instances_of, organisations_of


@dataclass(order=True)
class Finding:
    file: str
    line: int
    message: str
    error: bool = True

    def render(self) -> str:
        return f"{self.file}:{self.line}: {'' if self.error else 'note: '}{self.message}"


def expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        else:
            files.append(path)
    return files


def count_instances(upstream: UpstreamFile, known_orgs: list[str],
                    translated: bool = False, registry: Registry | None = None) -> int:
    """Known instances of the file, one per organisation, as the importer finds them
    (:func:`~.importer.instances.instances_of`); the aliases of one organisation in
    *registry* count once."""
    found = instances_of(upstream, known_orgs, translated)
    if registry is None:
        return len(found)
    return len({sure_key(registry.canonical(i.organisation)) for i in found})


CONF_NAME = "innersource_organisations"


def load_registry(conf: Path) -> tuple[Registry | None, list[Finding]]:
    """The registry of the book whose ``conf.py`` is *conf* (or is in the folder
    *conf*), and what is wrong with it, as findings located in that file."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    from ..config import conf_location

    path = conf / "conf.py" if conf.is_dir() else conf
    shown = str(path)
    if not path.is_file():
        return None, [Finding(shown, 1, "no such file. Fix: give the conf.py of the book "
                              "(or its folder) to --conf")]
    try:
        namespace = eval_config_file(path, Tags())
    except Exception as exc:  # Sphinx turns a SystemExit of conf.py into a ConfigError
        message = " ".join(str(exc).split()) or type(exc).__name__
        return None, [Finding(shown, 1, f"cannot be read: {message}. Fix: make "
                              "'sphinx-build' accept this conf.py first")]
    registry, problems = read_registry(namespace.get(CONF_NAME, {}))
    line = conf_location(path.parent, CONF_NAME).line or 1 if path.name == "conf.py" else 1
    return registry, [Finding(shown, line, CONF_NAME + problem) for problem in problems]


def _original(path: Path) -> tuple[Maturity | None, list[str]]:
    """Maturity folder and organisations of the English original of a translation.

    As in the importer, the organisations named by the original help to
    recognise the known instances of a translation written as plain prose.
    """
    parts = path.resolve().parts
    if "translation" not in parts:
        return None, []
    root = Path(*parts[: parts.index("translation")])
    for candidate in sorted((root / "patterns").rglob(path.name)):
        rel = candidate.relative_to(root).as_posix()
        try:
            original = split_file(candidate, rel, read_text(candidate))
        except UnreadableFile:
            original = None
        return maturity_of(rel), organisations_of(original) if original else []
    return None, []


def lint_file(path: Path, shown: str, registry: Registry | None = None) -> list[Finding]:
    try:
        text = read_text(path)
    except UnreadableFile as exc:
        return [Finding(shown, exc.line, str(exc))]
    if not text.strip():
        return [Finding(shown, 1, "empty file. Fix: write the pattern from the template "
                        "(## Title, ## Patlet, ## Problem, ...) or delete the file")]
    posix = path.resolve().as_posix()
    upstream = split_file(path, posix, text)
    if not upstream.is_pattern:
        return [Finding(shown, 1, "no '## Title' section: not a pattern in the upstream "
                        "template; not checked", error=False)]
    findings: list[Finding] = []
    language = language_of(posix)
    original_maturity, known_orgs = _original(path) if language else (None, [])
    maturity = maturity_of(posix) or original_maturity
    pattern = pattern_record(upstream, maturity)
    title_line = pattern.lineno or 1
    config = project_config(language)
    for section, first in upstream.duplicates():
        findings.append(Finding(shown, section.line, f"section {section.title!r} repeats the "
                                f"one at line {first.line}. Fix: merge them"))
    if not pattern.title:
        findings.append(Finding(shown, title_line, "the Title section is empty. Fix: write the "
                                "pattern's name under '## Title'"))
    if not pattern.patlet:
        patlet = upstream.first("patlet")
        findings.append(Finding(shown, patlet.line if patlet else title_line,
                                patlet_message(pattern.id)))
    n = count_instances(upstream, known_orgs, translated=language is not None,
                        registry=registry)
    if sections_apply(pattern, config):
        missing = missing_sections(pattern, n, config)
        if missing:
            findings.append(Finding(shown, title_line, sections_message(pattern.id, missing)))
    needed = needed_instances(pattern, config)
    if n < needed:
        section = upstream.first("instances")
        findings.append(Finding(shown, section.line if section else title_line,
                                maturity_message(pattern, n, needed)))
    return sorted(findings)


def run_lint(paths: list[Path], out=None, conf: Path | None = None) -> int:
    out = out or sys.stdout
    errors = 0
    registry = None
    if conf is not None:
        registry, findings = load_registry(conf)
        for finding in findings:
            out.write(finding.render() + "\n")
            errors += finding.error
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        out.write(f"{path}:1: no such file or directory\n")
    files = expand([p for p in paths if p.exists()])
    errors += len(missing)
    for path in files:
        for finding in lint_file(path, str(path), registry):
            out.write(finding.render() + "\n")
            errors += finding.error
    checked = len(files)
    out.write(f"{checked} file(s) checked, {errors} problem(s)\n")
    return 1 if errors else 0
