"""The shape of the generator: plain imports (no module loaded by name as if optional) and no import cycle
between its modules, so that data flow one way and a newcomer can follow them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module → the generator modules it imports at import time (not inside functions or TYPE_CHECKING)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module or ""
                candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            found.update(candidate for candidate in candidates if candidate in modules and candidate != name)
        graph[name] = found
    return graph


def test_no_module_is_loaded_by_name_as_if_optional() -> None:
    offenders = [str(path.relative_to(PACKAGE.parent)) for path in PACKAGE.rglob("*.py")
                 if "find_spec" in (text := path.read_text(encoding="utf-8")) or "import_module" in text]
    assert offenders == []


def test_no_import_cycle_between_the_generators_modules() -> None:
    graph = _imports()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for other in sorted(graph[node]):
            # a package importing its own submodules is how packages are made, not a cycle of the design
            if other.startswith(node + "."):
                continue
            if state.get(other) == 1:
                cycles.append(" → ".join([*trail[trail.index(other):], other]))
            elif other not in state:
                visit(other, [*trail, other])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
