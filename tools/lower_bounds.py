"""Write the pip constraints of the ``lowest`` tox environment from pyproject.toml.

    python tools/lower_bounds.py          # write constraints/lowest.txt
    python tools/lower_bounds.py --check  # exit 1 when the file is out of date

Every requirement of ``[project.dependencies]`` and of the extras that the
``lowest`` environment installs (EXTRAS) is pinned to its declared lower
bound (``>=X`` or ``~=X`` becomes ``==X``), so that ``tox -e lowest`` tests
exactly what pyproject.toml promises.  A requirement without a lower bound
is an error: the promise would be untested.  Dependencies of our
dependencies are left to pip (the newest release that fits).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
OUTPUT = ROOT / "constraints" / "lowest.txt"
#: The extras ``tox -e lowest`` installs (keep in step with tox.ini).
EXTRAS = ("test", "docs")
HEADER = """\
# Every dependency of sphinx-innersource at its declared lower bound: the
# constraints of `tox -e lowest` (Python {python}).
# Generated from pyproject.toml by tools/lower_bounds.py; do not edit.
"""


def lower_bound(requirement: Requirement) -> str:
    """The version a requirement's ``>=``/``~=``/``==`` specifier starts at."""
    bounds = [spec.version for spec in requirement.specifier
              if spec.operator in (">=", "~=", "==")]
    if len(bounds) != 1:
        raise SystemExit(f"pyproject.toml: {requirement} needs exactly one lower bound "
                         "(>=, ~= or ==) to be tested by tox -e lowest")
    return bounds[0]


def python_lower_bound(project: dict) -> str:
    requires = Requirement(f"python{project['requires-python']}")
    return lower_bound(requires)


def constraints(pyproject: dict) -> str:
    project = pyproject["project"]
    requirements = list(project["dependencies"])
    for extra in EXTRAS:
        requirements += project["optional-dependencies"][extra]
    pins: dict[str, str] = {}
    for text in requirements:
        requirement = Requirement(text)
        name = requirement.name.lower()
        version = lower_bound(requirement)
        if pins.setdefault(name, version) != version:
            raise SystemExit(f"pyproject.toml: {name} has two lower bounds, "
                             f"{pins[name]} and {version}")
    lines = [f"{name}=={version}" for name, version in sorted(pins.items())]
    return HEADER.format(python=python_lower_bound(project)) + "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    wanted = constraints(tomllib.loads(PYPROJECT.read_text(encoding="utf-8")))
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != wanted:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run python tools/lower_bounds.py",
                  file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(wanted, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
