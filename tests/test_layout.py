"""The package's structure holds: every module on a floor, imports only going down, no circles, no
private names imported across modules, no module over 500 lines.

The floors are read from the docstrings (igfapp/__init__.py for the app's modules and packages,
each package's __init__ for its own modules), so the documents and the code cannot drift apart. The
imports are read from the code (every `import`/`from … import` of igfapp, inside functions too).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import igfapp

APP = Path(igfapp.__file__).parent
FLOOR_LINE = re.compile(r"^Floor (\d+)\s+(.+)$", re.MULTILINE)
MAX_LINES = 500


def floors_in(package: Path) -> dict[str, int]:
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    found = {}
    for number, names in FLOOR_LINE.findall(doc):
        for name in names.split(","):
            found[name.strip()] = int(number)
    return found


def modules() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def dotted(path: Path) -> str:
    """igfapp/kinds/articles.py -> 'kinds.articles'; a package's __init__ -> the package."""
    parts = list(path.relative_to(APP).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {dotted(p): p for p in modules()}


def imported(path: Path) -> list[tuple[str, list[str]]]:
    """(igfapp module imported, names taken from it) for every import in `path`."""
    return imports_in(dotted(path), path.read_text(), is_package=path.name == "__init__.py")


def imports_in(module: str, source: str, *, is_package: bool = False) -> list[tuple[str, list[str]]]:
    here = module.split(".") if module else []
    package = here if is_package else here[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(a.name.removeprefix("igfapp."), []) for a in node.names if a.name.startswith("igfapp.")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] + ([node.module] if node.module else [])
                target = ".".join(base)
            elif (node.module or "").startswith("igfapp"):
                target = node.module.removeprefix("igfapp").removeprefix(".")
            else:
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}" if target else alias.name
                if candidate in MODULES:  # `from . import articles`: the module itself
                    found.append((candidate, []))
                else:
                    found.append((target, [alias.name]))
    return found


def place(module: str) -> tuple[str, ...]:
    """The chain of units a module sits in: 'kinds.articles' -> ('kinds', 'kinds.articles')."""
    parts = module.split(".")
    return tuple(".".join(parts[: i + 1]) for i in range(len(parts)))


def floor_of(unit: str) -> int:
    parent = unit.rpartition(".")[0]
    floors = floors_in(APP / parent.replace(".", "/")) if parent else floors_in(APP)
    name = unit.rpartition(".")[2]
    assert name in floors, f"{unit} is on no floor: add it to {parent or 'igfapp'}/__init__.py's docstring"
    return floors[name]


def packages() -> list[str]:
    return sorted({dotted(p) for p in modules() if p.name == "__init__.py"})


def test_every_module_and_package_is_on_exactly_one_floor():
    for package in packages():
        folder = APP / package.replace(".", "/") if package else APP
        listed = [name for name, _ in sorted(floors_in(folder).items())]
        present = sorted(
            {p.stem for p in folder.glob("*.py") if p.name != "__init__.py"}
            | {p.name for p in folder.iterdir() if (p / "__init__.py").exists() and p.name != "migrations"}
        )
        assert sorted(listed) == present, f"{package or 'igfapp'}: floors list {sorted(listed)}, modules are {present}"


def upward_imports(module: str, imports: list[tuple[str, list[str]]]) -> list[str]:
    """What `module` imports from its own floor or above, each said in words."""
    wrong = []
    for target, _ in imports:
        mine, theirs = place(module), place(target)
        if not target or target in mine or target.startswith(f"{module}."):
            continue  # itself, a package it sits in (its __init__), or (a package) one of its own modules
        shared = 0
        while shared < min(len(mine), len(theirs)) and mine[shared] == theirs[shared]:
            shared += 1
        # The first units where the two paths part are siblings in one package (or the app).
        a, b = mine[shared], theirs[shared]
        if floor_of(b) >= floor_of(a):
            wrong.append(f"{module} imports {target}: {b} (floor {floor_of(b)}) is not below {a} (floor {floor_of(a)})")
    return wrong


def test_imports_only_go_down():
    wrong = [line for module, path in MODULES.items() for line in upward_imports(module, imported(path))]
    assert not wrong, "\n".join(wrong)


def test_an_import_back_up_is_seen():
    """Guards the reading itself: relative imports resolve to the right module, and an arrow back
    up (the editorial package reaching for after_change, which sits above it) is reported."""
    imports = imports_in("editorial.snapshots", "from ..after_change import after_edit\nfrom .drafts import x\n")
    assert imports == [("after_change", ["after_edit"]), ("editorial.drafts", ["x"])]
    assert upward_imports("editorial.snapshots", imports) == [
        "editorial.snapshots imports after_change: after_change (floor 8) is not below editorial (floor 4)"
    ]
    assert upward_imports("admin.editorial_admin", [("after_change", ["after_edit"])]) == []


def test_no_circles():
    graph = {module: {t for t, _ in imported(path) if t in MODULES and t != module} for module, path in MODULES.items()}
    # A package imports its own modules (kinds/__init__ lists them); that is not a circle back up.
    for module, targets in graph.items():
        graph[module] = {t for t in targets if not t.startswith(f"{module}.")}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                raise AssertionError("import circle: " + " -> ".join([*trail[trail.index(target) :], target]))
            if not state.get(target):
                visit(target, [*trail, target])
        state[node] = 2

    for module in sorted(graph):
        if not state.get(module):
            visit(module, [module])


def test_no_private_name_is_imported_across_modules():
    for module, path in MODULES.items():
        for target, names in imported(path):
            private = [name for name in names if name.startswith("_") and not name.startswith("__")]
            assert not private, f"{module} imports {private} from {target}"


def test_no_module_is_over_500_lines():
    long = {module: n for module, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert not long, long
