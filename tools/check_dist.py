"""Check the package as users get it (run by .ci/run; needs build, twine and the network).

    python tools/check_dist.py

1. build the sdist and, from it, the wheel (``python -m build``);
2. ``twine check --strict`` both;
3. the wheel must carry every file the package needs at run time: the
   modules, the stylesheets, the starter book's cover, the compiled ``.mo``
   catalogue of each language and the JSON Schema of ``patterns.json``;
4. install the wheel in a fresh virtual environment (its dependencies come
   from the package index), write the starter book with ``sphinx-innersource
   new`` and build it with ``sphinx-build -W``, in English and in Spanish
   (the installed catalogue must translate the labels).

Exit status 0 when all of that holds; the first failure stops with 1.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sphinx_innersource"
#: A label of the starter book's pages and its Spanish translation (es catalogue).
LABEL = ("Known instances by organisation", "Instancias conocidas por organización")


def run(*args: str | Path, cwd: Path | None = None) -> str:
    print("$", " ".join(map(str, args)), flush=True)
    result = subprocess.run(list(map(str, args)), cwd=cwd, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def needed_files() -> set[str]:
    """Paths (in the wheel) of everything the package reads at run time."""
    needed = {path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.py")}
    for folder in ("static", "cli/assets"):
        needed |= {path.relative_to(ROOT).as_posix() for path in (PACKAGE / folder).iterdir()}
    needed |= {path.with_suffix(".mo").relative_to(ROOT).as_posix()
               for path in (PACKAGE / "locale").glob("*/LC_MESSAGES/*.po")}
    needed |= {"sphinx_innersource/patterns.schema.json", "sphinx_innersource/py.typed"}
    return {name for name in needed if "__pycache__" not in name}


def check_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = sorted(needed_files() - names)
    if missing:
        sys.exit(f"{wheel.name} lacks: {', '.join(missing)}")
    if not any(name.endswith(".dist-info/entry_points.txt") for name in names):
        sys.exit(f"{wheel.name} has no entry points (the sphinx-innersource command)")
    mo = sorted(name for name in names if name.endswith(".mo"))
    print(f"{wheel.name}: {len(names)} files, all needed ones present; catalogues: "
          f"{', '.join(name.split('/')[2] for name in mo)}")


def check_installed(wheel: Path, work: Path) -> None:
    env = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", wheel)
    where = run(python, "-c", "import sphinx_innersource; print(sphinx_innersource.__file__)",
                cwd=work).strip()
    if not where.startswith(str(env)):
        sys.exit(f"the installed package is not the one imported: {where}")
    book = work / "book"
    run(env / "bin" / "sphinx-innersource", "new", book)
    for language, label in zip(("en", "es"), LABEL, strict=True):
        out = work / f"html-{language}"
        run(env / "bin" / "sphinx-build", "-W", "--keep-going", "-q", "-b", "html",
            "-D", f"language={language}", book, out, cwd=work)
        if not (out / "_static" / "sphinx-innersource.css").is_file():
            sys.exit(f"{out}: the stylesheet was not copied")
        pages = "".join(path.read_text(encoding="utf-8") for path in out.rglob("*.html"))
        if label not in pages:
            sys.exit(f"{out}: the label {label!r} is not on any page ({language} catalogue)")
    print(f"starter book built with -W from the installed wheel in {env}, in English "
          "and Spanish")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="innersource-dist-") as tmp:
        work = Path(tmp)
        dist = work / "dist"
        run(sys.executable, "-m", "build", "--outdir", dist, ROOT)
        files = sorted(dist.iterdir())
        run(sys.executable, "-m", "twine", "check", "--strict", *files)
        wheel = next(path for path in files if path.suffix == ".whl")
        print("built:", ", ".join(path.name for path in files))
        check_wheel(wheel)
        check_installed(wheel, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
