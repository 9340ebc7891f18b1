"""Core and analytics import no domain and nothing of the demo (issue 8, item 3).

`tach check` (run by `./dev test`) checks the declared module boundaries; this test
reads every source file of `core` and `analytics` itself, so that an import hidden
inside a function, a relative import or an `import_module("minzheng.…")` is caught
too, and a new domain is forbidden without anyone adding it to a list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import minzheng

SRC = Path(minzheng.__file__).parent
# Named in the issue: the synthetic city, the demo app and the domains of today.
FORBIDDEN = (
    "minzheng.synth",
    "minzheng.demo",
    "minzheng.assistance",
    "minzheng.warning",
    "minzheng.screening",
)
# What each may import of the project; anything else (a domain added later) is refused.
ALLOWED = {
    "core": ("minzheng.core",),
    "analytics": (
        "minzheng.analytics",
        "minzheng.core.idnumber",
        "minzheng.core.divisions",
        "minzheng.core.codes",  # the one vocabulary, Django-free (tach: a utility)
    ),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module name `source` imports: at the top, inside functions, relative
    (resolved against `module`), and `import_module("…")` with a literal name."""
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node):
            names.add(node.args[0].value)  # type: ignore[attr-defined]
    return names


def _resolve(name: str, level: int, package: str) -> str:
    if level == 0:
        return name
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - level + 1])
    return f"{base}.{name}" if name else base


def _is_dynamic_import(node: ast.Call) -> bool:
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return (
        called in {"import_module", "__import__"}
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def _project_imports(package: str) -> dict[str, set[str]]:
    found = {}
    for path in sorted((SRC / package).rglob("*.py")):
        module = _module_name(path)
        names = imported_names(
            path.read_text(encoding="utf-8"), module, is_package=path.name == "__init__.py"
        )
        found[module] = {n for n in names if n == "minzheng" or n.startswith("minzheng.")}
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_reader_finds_imports_wherever_they_are_written():
    source = (
        "import minzheng.core.models\n"
        "def seed():\n"
        "    from minzheng.synth.population import City\n"
        "    from ..demo import seeders\n"
        "    importlib.import_module('minzheng.warning.demo')\n"
    )
    names = imported_names(source, "minzheng.core.places")
    assert {
        "minzheng.core.models",
        "minzheng.synth.population",
        "minzheng.demo",
        "minzheng.demo.seeders",
        "minzheng.warning.demo",
    } <= names
    assert "minzheng.core.divisions" in imported_names(
        "from . import divisions\n", "minzheng.core", is_package=True
    )


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_core_and_analytics_import_no_domain_and_no_demo_code(package):
    imports = _project_imports(package)
    assert f"minzheng.{package}.apps" in imports or f"minzheng.{package}.runner" in imports
    forbidden = {
        module: sorted(n for n in names if _within(n, FORBIDDEN))
        for module, names in imports.items()
    }
    assert {m: n for m, n in forbidden.items() if n} == {}
    outside = {
        module: sorted(n for n in names if n != "minzheng" and not _within(n, ALLOWED[package]))
        for module, names in imports.items()
    }
    assert {m: n for m, n in outside.items() if n} == {}
