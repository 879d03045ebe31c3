"""The first ten minutes of a new user: the README and the installation pages work as written.

- The README's "Use it in your own book" blocks, one file each (named in
  their first line), make a book that builds with ``-W``.
- Every shell command of the README, ``docs/installation.md`` and
  ``docs/quickstart.md`` exists: each is checked against what it calls (the
  Python module, Sphinx's builders and options, the extras of
  ``pyproject.toml``, the Debian packages, our own CLI).  A command of a
  form the test does not know fails it, so a new one gets a check.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from importing import build, html

from sphinx_innersource.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["README.md", "docs/installation.md", "docs/quickstart.md"]
FENCE = re.compile(r"^(?P<fence>`{3,})(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
                   re.M | re.S)


def _section(text: str, heading: str) -> str:
    """From *heading* to the next level-2 heading outside a code block."""
    lines = text[text.index(heading):].splitlines(keepends=True)
    fence = ""
    for number, line in enumerate(lines[1:], start=1):
        ticks = re.match(r"`{3,}", line)
        if ticks and (not fence or ticks[0] == fence):
            fence = "" if fence else ticks[0]
        elif line.startswith("## ") and not fence:
            return "".join(lines[:number])
    return "".join(lines)


def _files_of(section: str) -> dict[str, str]:
    """Blocks whose first line names a file: ``# conf.py`` or ``<!-- name -->``."""
    files = {}
    for match in FENCE.finditer(section):
        first, _, rest = match["body"].partition("\n")
        named = re.fullmatch(r"#\s*(\S+\.py)|<!--\s*(\S+)\s*-->", first.strip())
        if named:
            files[named[1] or named[2]] = rest if named[2] else match["body"]
    return files


def test_readme_book_builds_with_W(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    files = _files_of(_section(readme, "## Use it in your own book"))
    assert set(files) == {"conf.py", "index.md", "patterns/trusted-committer.md"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, warnings, outdir = build(tmp_path)
    assert code == 0 and warnings.strip() == "", warnings
    page = html(outdir / "patterns" / "trusted-committer.html")
    assert page.select_one(".innersource-patlet").get_text().startswith("Contributors who")
    assert page.select_one(".innersource-organisation").get_text() == "Example Corp"
    index = html(outdir / "index.html")
    assert [a["href"] for a in index.select(".toctree-wrapper a")] == \
        ["patterns/trusted-committer.html"]


# -- the shell commands ---------------------------------------------------------------

def _commands(page: str) -> list[str]:
    commands = []
    text = (ROOT / page).read_text(encoding="utf-8")
    for match in FENCE.finditer(text):
        if match["lang"] not in {"bash", "sh", "shell", "console"}:
            continue
        for line in match["body"].splitlines():
            line = line.strip()
            if match["lang"] == "console":
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            if line and not line.startswith("#"):
                commands += [part.strip() for part in line.split("&&")]
    return commands


def _sphinx_targets() -> set[str]:
    from sphinx.cmd.make_mode import BUILDERS

    return {name for _colour, name, _what in BUILDERS} | {"clean"}


def _check_sphinx(args: list[str]) -> str | None:
    from sphinx.cmd.build import get_parser

    if args[:1] == ["-M"]:
        target, source = args[1], args[2]
        if target not in _sphinx_targets():
            return f"sphinx -M has no target {target!r}"
    else:
        try:
            parsed = get_parser().parse_args(args)
        except SystemExit:
            return f"sphinx does not take the arguments {args}"
        if parsed.builder not in _sphinx_targets():
            return f"sphinx has no builder {parsed.builder!r}"
        source = parsed.sourcedir
    if source != "." and not (ROOT / source).is_dir():
        return f"no folder {source!r} in the repository"
    return None


def _check_pip(args: list[str]) -> str | None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    for arg in args[1:]:
        if arg.startswith("-"):
            continue
        match = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", arg)
        if not match:
            return f"pip installs {arg!r}, not this project"
        missing = [e for e in (match[1] or "").split(",") if e and e not in extras]
        if missing:
            return f"pyproject.toml has no extra {missing}"
    return None


def _check_apt(args: list[str]) -> str | None:
    if not shutil.which("apt-cache"):
        return None  # not a Debian system: nothing to look the names up in
    for name in (a for a in args[1:] if not a.startswith("-")):
        known = subprocess.run(["apt-cache", "show", name], capture_output=True, check=False)
        if known.returncode != 0:
            return f"no Debian package {name!r}"
    return None


def _check(command: str) -> str | None:
    """None when the command exists as written, else what is wrong."""
    words = shlex.split(command)
    if words[:1] == ["sudo"]:
        words = words[1:]
    if words[:2] == ["python3", "-m"] and len(words) > 2:
        module, args = words[2], words[3:]
        if importlib.util.find_spec(module) is None:
            return f"no Python module {module!r}"
        if module == "sphinx":
            return _check_sphinx(args)
        if module == "pip" and args[:1] == ["install"]:
            return _check_pip(args)
        if module in {"pytest", "tox", "sphinx_innersource"}:
            return None
    if words[:2] == ["apt-get", "install"]:
        return _check_apt(words[1:])
    if words[:1] == ["sphinx-innersource"]:
        try:
            _parser().parse_args(words[1:])
        except SystemExit:
            return "sphinx-innersource does not take these arguments"
        return None
    return f"a command this test does not know how to check: {command!r}"


@pytest.mark.parametrize("page", PAGES)
def test_every_shell_command_exists(page):
    commands = _commands(page)
    assert commands, f"{page} has no shell command"
    problems = [f"{command}: {problem}" for command in commands
                if (problem := _check(command))]
    assert not problems, problems


@pytest.mark.parametrize(("command", "problem"), [
    ("make latexpdf", "does not know"),
    ("python3 -m sphinx -M pdf docs docs/_build", "no target 'pdf'"),
    ("python3 -m sphinx -b htm . _build", "no builder 'htm'"),
    ('python3 -m pip install -e ".[documentation]"', "no extra"),
    ("python3 -m sphinx -M latexpdf manual _build", "no folder 'manual'"),
])
def test_the_check_finds_commands_that_do_not_exist(command, problem):
    assert problem in (_check(command) or "")
