"""What the supported version range promises, checked on whichever versions run the suite.

``tox -e lowest`` (every dependency at its declared lower bound), ``tox -e
sphinx8`` and ``tox -e latest`` run this module like the rest of the suite:
in each of them every test root, the literature book and this documentation
must build, as a user runs ``sphinx-build``, without an exception and
without a warning we did not mean.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import subprocess_env

ROOT = Path(__file__).resolve().parents[1]
ROOTS = ROOT / "tests" / "roots"
#: Roots that show our warnings on purpose (their own tests check which).
WARNING_ROOTS = {"test-domain", "test-literature-bad", "test-organisations", "test-sections",
                 "test-warnings"}
#: A located warning with a subtype of ours, or one of sphinxcontrib-bibtex's.
EXPECTED_WARNING = re.compile(
    r"^(\S[^:]*(:\d+)?: WARNING: .+ \[(innersource\.[a-z_-]+|ref\.pattern)\]"
    r"|WARNING: .+ \[bibtex\.[a-z_]+\])$")


def sphinx_build(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "-q", "--no-color", *map(str, args)],
                          capture_output=True, text=True, env=subprocess_env(), check=False,
                          cwd=ROOT)


def test_versions_running_are_in_the_declared_range():
    from importlib.metadata import version

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    python = ".".join(map(str, sys.version_info[:3]))
    assert Requirement(f"python{project['requires-python']}").specifier.contains(python)
    for text in project["dependencies"]:
        requirement = Requirement(text)
        assert requirement.specifier.contains(version(requirement.name), prereleases=True), \
            f"{requirement.name} {version(requirement.name)} is outside {requirement}"


def test_lowest_constraints_are_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "lower_bounds.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_python_classifiers_match_the_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    prefix = "Programming Language :: Python :: 3."
    minors = sorted(int(c.removeprefix(prefix)) for c in project["classifiers"]
                    if c.startswith(prefix))
    assert project["requires-python"] == f">=3.{minors[0]}"
    assert minors == list(range(minors[0], minors[-1] + 1))
    tox = (ROOT / "tox.ini").read_text(encoding="utf-8")
    for minor in minors:  # each is tested by one of the tox environments
        assert f"base_python = python3.{minor}" in tox


@pytest.mark.parametrize("root", sorted(p.name for p in ROOTS.iterdir() if p.is_dir()))
def test_every_test_root_builds(tmp_path, root):
    result = sphinx_build("-b", "html", ROOTS / root, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr
    if root in WARNING_ROOTS:
        assert lines, f"{root} is meant to warn"
        unexpected = [line for line in lines if not EXPECTED_WARNING.match(line)]
        assert unexpected == []
    else:
        assert lines == []


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_literature_book_builds_with_warnings_as_errors(tmp_path, builder):
    result = sphinx_build("-W", "--keep-going", "-b", builder, ROOTS / "test-literature",
                          tmp_path / builder)
    assert (result.returncode, result.stderr) == (0, "")


def test_documentation_builds_with_warnings_as_errors(tmp_path):
    pytest.importorskip("furo", reason="the documentation needs the docs extra (furo)")
    result = sphinx_build("-W", "--keep-going", "-b", "html", ROOT / "docs", tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "html" / "book" / "bibliography.html").is_file()
