"""The editorial package's structure holds: every module on a floor, imports only going down.

The floors are read from the package docstring (igfapp/editorial/__init__.py), so the document and
the code cannot drift apart: a module missing from it, or an import of a module on the same or a
higher floor, or of any part of igfapp above the package (views, selectors, admin), fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import igfapp.editorial

PACKAGE = Path(igfapp.editorial.__file__).parent
# The only modules of igfapp outside the package that it may import: everything else builds on it.
# (plain_words: the summaries' format and fingerprint, below publishing, importing nothing above models.)
OUTSIDE_ALLOWED = {"models", "rendering", "publishing", "plain_words"}


def floors() -> dict[str, int]:
    found = {}
    for number, names in re.findall(r"^Floor (\d+)\s+(.+)$", igfapp.editorial.__doc__, re.MULTILINE):
        for name in names.split(","):
            found[name.strip()] = int(number)
    return found


def package_imports(path: Path) -> tuple[set[str], set[str]]:
    """(modules of this package, modules of igfapp outside it) that `path` imports."""
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 1:
            inside |= {node.module} if node.module else {alias.name for alias in node.names}
        elif node.level == 2:
            outside |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
        elif node.level == 0 and (node.module or "").startswith("igfapp"):
            outside.add((node.module or "").split(".")[1] if "." in node.module else node.module)
    return inside, outside


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*.py") if p.name != "__init__.py")


def test_every_module_is_on_exactly_one_floor():
    names = [path.stem for path in modules()]
    listed = re.findall(r"^Floor \d+\s+(.+)$", igfapp.editorial.__doc__, re.MULTILINE)
    listed_names = [name.strip() for line in listed for name in line.split(",")]
    assert sorted(listed_names) == sorted(names)


def test_imports_only_go_down_a_floor():
    floor = floors()
    for path in modules():
        inside, _ = package_imports(path)
        for name in inside:
            assert floor[name] < floor[path.stem], (
                f"{path.stem} (floor {floor[path.stem]}) imports {name} ({floor[name]})"
            )


def test_nothing_above_the_package_is_imported():
    for path in modules():
        _, outside = package_imports(path)
        assert outside <= OUTSIDE_ALLOWED, f"{path.stem} imports {sorted(outside - OUTSIDE_ALLOWED)}"


def test_the_admin_module_only_registers_models_and_declares_inlines():
    """igfapp/admin.py: no editorial logic; its classes are inlines or per-model registrations."""
    tree = ast.parse((PACKAGE.parent / "admin.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            registered = any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "register" for d in node.decorator_list
            )
            assert registered or node.name.endswith("Inline"), node.name
        assert not isinstance(node, ast.FunctionDef), node.name
