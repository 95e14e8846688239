"""The shape of the code, held by a test: which part may import which, no import circle,
no hidden imports, small modules in small folders.

Read from the source with `ast` (every import, at module level or inside a function), so a
change that breaks a rule fails here with the file and line, not in review.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "intents")
MAX_MODULE_LINES = 400
MAX_MODULES_PER_FOLDER = 15


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported (a module, not a name inside one)
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py")
                  if "migrations" not in p.parts)


MODULES = {module_name(p): p for p in source_files()}


def _resolve(name: str) -> str | None:
    """The module of ours that `name` is, or is in (`a.b.C` -> `a.b`)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(path: Path) -> Iterator[Import]:
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(me, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            for alias in node.names:
                # `from a import b` imports module a.b when there is one, else a name of a.
                yield Import(me, f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base, node.lineno)


ALL_IMPORTS = [imp for path in MODULES.values() for imp in imports_of(path)]


def _where(imp: Import) -> str:
    return f"{MODULES[imp.module].relative_to(ROOT)}:{imp.line}: {imp.module} imports {imp.target}"


# (importer prefix, imported prefix, why): the "never" arrows of the intended structure.
NEVER = [
    ("assistant.mail", "assistant.service", "an adapter is driven; it takes callables"),
    ("assistant.mail", "assistant.store", "the adapter keeps no books"),
    ("assistant.mail", "sqlalchemy", "the adapter keeps no books"),
    ("assistant.service", "assistant.web", "use cases know no screen"),
    ("assistant.service", "assistant.commands", "use cases know no CLI"),
    ("assistant.service", "assistant.cli", "use cases know no CLI"),
    ("assistant.core", "assistant.store", "the core is pure"),
    ("assistant.core", "assistant.mail", "the core is pure"),
    ("assistant.core", "assistant.service", "the core is pure"),
    ("assistant.core", "intents", "pure core, own types"),
    ("assistant.core", "sqlalchemy", "the core is pure"),
    ("intents", "assistant.store", "reading needs no database"),
    ("intents", "assistant.mail", "reading needs no server"),
    ("intents", "sqlalchemy", "reading needs no database"),
    ("assistant.store", "assistant.service", "the store serves"),
    ("assistant.store", "assistant.web", "no screen in the store"),
    ("assistant.rendering", "assistant.service", "renderers turn values into text and bytes"),
    ("assistant.rendering", "assistant.store", "renderers turn values into text and bytes"),
]


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize(("importer", "imported", "why"), NEVER, ids=[f"{a} -/-> {b}" for a, b, _ in NEVER])
def test_never_imports(importer: str, imported: str, why: str) -> None:
    found = [_where(i) for i in ALL_IMPORTS if _under(i.module, importer) and _under(i.target, imported)]
    assert not found, f"{why}:\n" + "\n".join(found)


def test_apscheduler_lives_in_the_scheduling_module_only() -> None:
    found = {i.module for i in ALL_IMPORTS if _under(i.target, "apscheduler")}
    assert found == {"assistant.scheduling"}


def test_no_hidden_imports() -> None:
    """importlib / find_spec / __import__ hide what a module needs from readers and tools."""
    found = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
            if name in ("import_module", "find_spec", "__import__"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert not found, "\n".join(found)


def test_no_import_circle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in ALL_IMPORTS:
        target = _resolve(imp.target)
        if target is not None and target != imp.module:
            graph[imp.module].add(target)
    circles = [scc for scc in _strongly_connected(graph) if len(scc) > 1]
    assert not circles, "import circles:\n" + "\n".join(" <-> ".join(sorted(c)) for c in circles)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively (the graph has a few hundred nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    scc = set()
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        scc.add(top)
                        if top == node:
                            break
                    found.append(scc)
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_modules_are_small() -> None:
    big = [f"{p.relative_to(ROOT)}: {n} lines" for p in MODULES.values()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not big, "\n".join(big)


def test_folders_hold_few_modules() -> None:
    per_folder: dict[Path, int] = defaultdict(int)
    for path in MODULES.values():
        per_folder[path.parent] += 1
    crowded = [f"{folder.relative_to(ROOT)}: {n} modules" for folder, n in per_folder.items()
               if n > MAX_MODULES_PER_FOLDER]
    assert not crowded, "\n".join(crowded)


def test_business_time_is_read_only_at_the_edges() -> None:
    """One clock: only the command line and the web app read the wall clock for business time."""
    found = []
    for name, path in MODULES.items():
        if _under(name, "assistant.commands") or _under(name, "assistant.web"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                owner_name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
                if (owner_name, node.func.attr) in (("datetime", "now"), ("date", "today"), ("time", "time"),
                                                   ("datetime", "utcnow")):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {owner_name}.{node.func.attr}()")
    assert not found, "\n".join(found)
