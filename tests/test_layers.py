"""The package reads as the pipeline: no module imports a layer above its own; no modules import each other.

Read from the source text (nothing is imported); imports under ``if TYPE_CHECKING:`` are annotations only and
do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import REPO

SRC = REPO / "src" / "sitrep"

# Bottom to top. A module may import its own layer and any layer below it.
LAYERS: list[set[str]] = [
    {"errors", "_version", "models", "terminal"},
    {"article", "textio"},
    {"records", "schema"},
    {"datafile"},
    {"nlp", "ontology", "stages"},
    {"actors", "framing", "dates"},
    {"quotes"},
    {"events"},
    {"places"},
    {"pipeline", "render"},
    {"store", "export", "ingest", "stories"},
    {"scale"},
    {"evaluate"},
    {"serve"},
    {"cli", "__main__", "sitrep"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def room(module: str) -> str:
    """The layer name of a module: the package below ``sitrep`` it sits in (``sitrep`` for the root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "sitrep"


def runtime_imports(path: Path) -> list[tuple[str, int]]:
    """``(module, line)`` for every ``sitrep`` import in ``path`` that runs (not under TYPE_CHECKING).

    ``from package import module`` counts as importing the module; relative imports are resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.append(
                    (
                        sub if (SRC.parent / sub.replace(".", "/")).exists() or _is_file(sub) else module,
                        node.lineno,
                    )
                )
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
    return [(m, line) for m, line in found if m == "sitrep" or m.startswith("sitrep.")]


def _is_file(module: str) -> bool:
    return (SRC.parent / (module.replace(".", "/") + ".py")).is_file()


GRAPH: dict[str, list[tuple[str, int]]] = {
    module_name(path): runtime_imports(path) for path in sorted(SRC.rglob("*.py"))
}


def test_every_module_has_a_layer() -> None:
    assert sorted({room(m) for m in GRAPH} - set(RANK)) == []


def test_no_import_runs_back_up() -> None:
    upward = [
        f"{module} (line {line}) imports {target}"
        for module, imports in GRAPH.items()
        for target, line in imports
        if RANK[room(target)] > RANK[room(module)]
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    edges = {m: {t for t, _ in imports if t in GRAPH and t != m} for m, imports in GRAPH.items()}
    cycles = []
    for start in edges:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for nxt in edges[node]:
                if nxt == start:
                    cycles.append(" -> ".join([*path, start]))
                elif nxt not in seen and nxt > start:  # report each cycle once, from its smallest module
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert cycles == []


@pytest.mark.parametrize("module", ["sitrep.article", "sitrep.records", "sitrep.stages"])
def test_the_shared_shapes_import_nothing_heavy(module: str) -> None:
    heavy = [t for t, _ in GRAPH[module] if room(t) not in {"errors", "_version", "article", "records"}]
    assert heavy == []
