"""The shape of the package (issue 12): sizes, import graph, the Sphinx-free core.

These tests read the source with :mod:`ast` (cheap) or import modules in
fresh interpreters (a few seconds in all), so they run in every CI job.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sphinx_innersource"
NAME = PACKAGE.name

#: No module is longer than this many lines.
MAX_MODULE_LINES = 400
#: Modules allowed to be longer, each with its reason (none since ``compat``
#: became a package of three modules).
LONG_MODULES: dict[str, str] = {}

#: No function or method is longer than this many lines.
MAX_FUNCTION_LINES = 60
#: Functions allowed to be longer (``module:qualified.name``), each with its reason.
LONG_FUNCTIONS: dict[str, str] = {
    f"{NAME}.core.ics:parse": "one pass over the RFC 5545 content lines (components, "
    "properties, parameters); split up, its state would travel between functions",
    f"{NAME}.core.ics:expand": "the recurrence (RRULE, RDATE, EXDATE) expansion as one "
    "loop, with its safety limits in sight",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))
           if "__pycache__" not in p.parts}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, *, module_level: bool) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of *tree* outside ``if TYPE_CHECKING:`` blocks.

    *module_level*: only those run when the module is imported (not those
    inside functions or classes' methods).
    """
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for stmt in child.orelse:
                    visit(ast.Module(body=[stmt], type_ignores=[]))
                continue
            if module_level and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                   ast.Lambda)):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            visit(child)

    visit(tree)
    return found


def imported_modules(name: str, *, module_level: bool = True) -> set[str]:
    """The modules (absolute names) that module *name* imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    result: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8")), module_level=module_level):
        if isinstance(node, ast.Import):
            result |= {alias.name for alias in node.names}
            continue
        if node.level:
            base = package.split(".")
            base = base[:len(base) - node.level + 1]
            target = ".".join([*base, *([node.module] if node.module else [])])
        else:
            target = node.module or ""
        # ``from .pkg import module`` imports that module (its package is a parent,
        # imported first anyway); ``from .pkg import name`` the package itself.
        submodules = {f"{target}.{alias.name}" for alias in node.names
                      if f"{target}.{alias.name}" in MODULES}
        result |= submodules
        if len(submodules) < len(node.names):
            result.add(target)
    return result


def graph(*, module_level: bool = True) -> dict[str, set[str]]:
    return {name: {m for m in imported_modules(name, module_level=module_level)
                   if m in MODULES and m != name}
            for name in MODULES}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of *edges* (as a path that ends where it starts), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles():
    """The package's import graph (module level, ``TYPE_CHECKING`` left out) is acyclic."""
    assert find_cycle(graph()) is None


def test_no_import_cycles_through_deferred_imports():
    """Not even through imports deferred into functions (they hid two cycles before)."""
    assert find_cycle(graph(module_level=False)) is None


def test_no_module_over_the_limit():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert set(long) <= set(LONG_MODULES), long
    assert all(name in long for name in LONG_MODULES), "an allowed long module got short"


def _functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{prefix}{node.name}", node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")


def test_no_function_over_the_limit():
    long = {}
    for name, path in MODULES.items():
        for qualname, node in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                long[f"{name}:{qualname}"] = length
    assert set(long) <= set(LONG_FUNCTIONS), {k: v for k, v in long.items()
                                               if k not in LONG_FUNCTIONS}
    assert all(name in long for name in LONG_FUNCTIONS), "an allowed long function got short"


CORE = sorted(name for name in MODULES if name.startswith(f"{NAME}.core"))


def test_core_imports_nothing_outside_core():
    """``core`` imports only the standard library and itself, at any level."""
    stdlib = sys.stdlib_module_names | {"__future__"}
    for name in CORE:
        for target in imported_modules(name, module_level=False):
            assert target.startswith(f"{NAME}.core") or target.split(".")[0] in stdlib, \
                f"{name} imports {target}"


#: Run in a fresh interpreter in which Sphinx and docutils cannot be imported.
BLOCKED = """
import importlib, json, sys

class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("sphinx", "docutils"):
            raise ImportError(f"{name} is blocked in this test")
        return None

sys.meta_path.insert(0, Blocked())
for name in MODULES:
    importlib.import_module(name)
from sphinx_innersource.cli import main
codes = [main(["lint", REPO + "/patterns"]), main(["import", REPO, DEST])]
print(json.dumps({"codes": codes,
                  "loaded": sorted(m for m in sys.modules
                                   if m.split(".")[0] in ("sphinx", "docutils"))}))
"""


def test_core_and_cli_work_without_sphinx_and_docutils(tmp_path):
    from test_importer_inputs import make_repo

    repo = make_repo(tmp_path / "repo")
    script = (f"MODULES = {CORE!r}\nREPO = {str(repo)!r}\nDEST = {str(tmp_path / 'book')!r}\n"
              + textwrap.dedent(BLOCKED))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome == {"codes": [0, 0], "loaded": []}, result.stdout
    assert (tmp_path / "book" / "patterns" / "alpha.md").is_file()


def test_the_blocker_blocks(tmp_path):
    """The same script fails when a core module imports Sphinx (so the test above can fail)."""
    script = ("MODULES = ['sphinx_innersource.logs']\nREPO = DEST = ''\n"
              + textwrap.dedent(BLOCKED))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode != 0 and "is blocked in this test" in result.stderr


#: Imports each module given on the command line in a fresh interpreter, two at a time.
ALONE = """
import subprocess, sys
from concurrent.futures import ThreadPoolExecutor

def one(name):
    result = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True,
                            text=True, check=False)
    return name, result.returncode, result.stderr[-2000:]

with ThreadPoolExecutor(2) as pool:
    for name, code, err in pool.map(one, sys.argv[1:]):
        if code:
            print(f"{name}: {err}")
"""


def test_every_module_imports_alone():
    """Each module imports in an interpreter of its own (no hidden import-order needs)."""
    result = subprocess.run([sys.executable, "-c", ALONE, *MODULES], capture_output=True,
                            text=True, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["sphinx_innersource.__main__"])
def test_module_names_are_found(name):
    assert name in MODULES


def test_only_the_bibtex_adapter_imports_bibtex_and_pybtex():
    """sphinxcontrib-bibtex and pybtex are reached through ``literature/bibtex.py`` only
    (and the compatibility package, for their undocumented parts)."""
    importers = {name for name in MODULES
                 for target in imported_modules(name, module_level=False)
                 if target.split(".")[0] == "pybtex" or target.startswith("sphinxcontrib.bibtex")}
    assert importers == {f"{NAME}.literature.bibtex", f"{NAME}.compat.bibtex"}


# -- private APIs of other libraries only in the compat package -------------------------

#: Names that usually hold a Sphinx or docutils object in our code (parameters,
#: ``self.`` attributes of directives, transforms and collectors).
SPHINX_OBJECTS = {"app", "env", "builder", "config", "document", "inliner", "state",
                  "state_machine", "reporter", "settings", "translator", "registry",
                  "events", "project", "tags"}
#: Uses allowed outside the compat package (``module: what``, as the test reports them),
#: each with its reason.
PRIVATE_ALLOWED: dict[str, str] = {}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def _third_party(module: str) -> bool:
    top = module.split(".")[0]
    return top != NAME and top not in sys.stdlib_module_names and top != "__future__"


def _chain_base(node: ast.expr) -> tuple[str | None, str | None]:
    """The first name of ``a.b.c`` and, for ``self.x.y``, the ``x``."""
    second = None
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        inner = node.func if isinstance(node, ast.Call) else node.value
        if isinstance(node, ast.Attribute) and isinstance(inner, ast.Name):
            second = node.attr
        node = inner
    return (node.id if isinstance(node, ast.Name) else None), second


def private_uses(path: Path) -> list[str]:
    """``line: what`` for each private attribute of another library's object in *path*."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    foreign: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            foreign |= {(a.asname or a.name).split(".")[0] for a in node.names
                        if _third_party(a.name)}
        elif isinstance(node, ast.ImportFrom) and not node.level and _third_party(node.module):
            for alias in node.names:
                foreign.add(alias.asname or alias.name)
                if _is_private(alias.name):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
    owners = foreign | SPHINX_OBJECTS

    def owned(expr: ast.expr) -> bool:
        base, second = _chain_base(expr)
        return base in owners or (base == "self" and second in SPHINX_OBJECTS)

    for node in ast.walk(tree):
        attribute = isinstance(node, ast.Attribute) and _is_private(node.attr) and owned(
            node.value)
        by_name = (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                   and node.func.id in {"getattr", "setattr", "hasattr", "delattr"}
                   and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
                   and isinstance(node.args[1].value, str)
                   and _is_private(node.args[1].value) and owned(node.args[0]))
        if attribute or by_name:
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and _is_private(node.value) and node.value.isidentifier()
              and node.value.lstrip("_") and any(
                  isinstance(parent, ast.Call) and node in parent.args
                  and isinstance(parent.func, ast.Attribute)
                  and isinstance(parent.func.value, ast.Attribute)
                  and parent.func.value.attr == "__dict__" and owned(parent.func.value.value)
                  for parent in ast.walk(tree))):
            found.append(f"{node.lineno}: {node.value!r} through __dict__")
    return found


def test_private_apis_of_other_libraries_only_in_compat():
    """Sphinx, docutils, sphinxcontrib-bibtex, pybtex, ...: their private names
    (one leading underscore) are used in the ``compat`` package only, where each
    has its reason, its versions and a test (issue 12, point 5)."""
    compat = f"{NAME}.compat"
    assert {name for name in MODULES if name.startswith(compat)} == {
        compat, f"{compat}.bibtex", f"{compat}.navigation"}
    found = [f"{name}:{use}" for name, path in MODULES.items()
             if name != compat and not name.startswith(compat + ".")
             for use in private_uses(path)
             if f"{name}: {use.split(': ', 1)[1]}" not in PRIVATE_ALLOWED]
    assert found == []


def test_private_api_scan_finds_each_kind(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(textwrap.dedent("""\
        from docutils.parsers.rst import roles
        from sphinx.locale import _TranslationProxy, _
        import sphinx.util as su

        def f(env, app, x):
            roles._roles.get("x")
            env._app.builder
            su._private()
            getattr(app, "_hidden", None)
            app.builder.__dict__.pop("_get_local_toctree", None)
            x._ours, _("label"), env.app, app.__class__

        class D:
            def run(self):
                return self.env._app, self.other._fine
        """), encoding="utf-8")
    uses = [use.split(": ", 1)[1] for use in private_uses(source)]
    assert sorted(uses) == sorted([
        "from sphinx.locale import _TranslationProxy", "roles._roles", "env._app",
        "su._private", "getattr(app, '_hidden', None)", "'_get_local_toctree' through __dict__",
        "self.env._app"])
