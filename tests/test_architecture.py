"""The layers declared in pyproject.toml (see CONTRIBUTING.md) hold, and place every module."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def _layered() -> set[str]:
    (layers,) = [c["layers"] for c in CONFIG["contracts"] if c["type"] == "layers"]
    return {name.strip() for layer in layers for name in layer.split(":")}


def _modules_of(app: str) -> set[str]:
    """The app's own modules and packages, one level down."""
    found = set()
    for path in (ROOT / app).iterdir():
        if path.name.startswith(("_", ".")):
            continue
        if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists()):
            found.add(f"{app}.{path.stem}")
    return found


@pytest.mark.parametrize("app", ["assessments", "reports"])
def test_every_module_of_the_apps_is_in_a_layer(app):
    assert _modules_of(app) - _layered() == set(), "place the new module in a layer in pyproject.toml"


def test_the_import_contracts_hold():
    # The same check as `make lint`, so that `make test` alone also refuses an upward import.
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-3000:]


def test_the_project_package_names_no_app():
    named = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "peerreview").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.lstrip().startswith(
            (
                "from assessments",
                "import assessments",
                "from reports",
                "import reports",
                "from api",
                "import api",
            )
        )
    ]
    assert named == []


# Django finds these by their names, as modules: an app's configuration, its URLs, its signals and
# (for reports, one model) its models. Everything grouped by the project is a package.
DJANGO_MODULES = {
    "assessments.apps",
    "assessments.signals",
    "assessments.urls",
    "reports.apps",
    "reports.urls",
}
DJANGO_MODULES |= {"reports.models"}


def test_the_layers_name_packages_not_modules():
    named_modules = {
        name
        for name in _layered()
        if (ROOT / Path(*name.split("."))).with_suffix(".py").exists() and name not in DJANGO_MODULES
    }
    assert named_modules == set(), "group modules into a package named for what it holds"


def test_no_module_is_over_400_lines_and_no_view_over_40():
    import ast

    long_modules, long_views = [], []
    for package in ("assessments", "reports", "peerreview", "api", "tests"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if len(text.splitlines()) > 400:
                long_modules.append(str(path.relative_to(ROOT)))
            if path.parent.name == "views" or path.name == "views.py":
                for node in ast.walk(ast.parse(text)):
                    if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 40:
                        long_views.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert long_modules == []
    assert long_views == []
