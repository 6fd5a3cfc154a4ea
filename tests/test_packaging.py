"""`pip install .` gives a working presskb: every library presskb imports and every program it
runs comes from a dependency declared in pyproject.toml, not only from requirements.txt."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement

from conftest import REPO
from presskb.check import LYCHEE_PIN

PACKAGE = REPO / "scripts" / "presskb"
DEV_ONLY = {"bench.py", "bench_browser.py"}  # the benchmark runs with the test dependencies (make bench)


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return {_normal(requirement.name): requirement
            for requirement in map(Requirement, project["dependencies"])}


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _imported_modules() -> set[str]:
    modules = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name in DEV_ONLY:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"presskb"}


def test_every_imported_library_is_a_declared_dependency():
    distributions = packages_distributions()
    needed = {_normal(distributions[module][0]) for module in _imported_modules()}
    assert needed - _declared().keys() == set()


def test_the_link_checker_binary_is_a_declared_dependency_at_the_pinned_version():
    pinned = Requirement(LYCHEE_PIN)
    declared = _declared().get(_normal(pinned.name))
    assert declared is not None, f"{pinned.name} missing from pyproject.toml: presskb check would fail"
    assert declared.specifier.contains(str(next(iter(pinned.specifier)).version))
