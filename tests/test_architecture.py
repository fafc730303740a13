"""Dependencies point one way (docs/architecture.md), read from the imports of every module.

core ← accounts, directory ← partnerships ← the pillars in order ← evaluation ← reports. A
pillar reads an earlier pillar only through that pillar's `queries` modules; nothing imports a
later app, and no app reaches another through the app registry (`apps.get_model`).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "accord"
# Each app's layer: an app imports only from lower layers (and itself).
LAYERS = {
    "core": 0,
    "accounts": 1,
    "directory": 1,
    "partnerships": 2,
    # Invitations read the directory and partnerships (a steward asks for people of their members).
    "invitations": 2.5,
    "alignment": 3,
    "leadership": 4,
    "relationships": 5,
    "measurement": 6,
    # The collaboration survey reads partnerships and the directory; the scorecard reads it.
    "surveys": 6.5,
    "evaluation": 7,
    "reports": 8,
}
PILLARS = {"alignment", "leadership", "relationships", "measurement"}


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts or len(relative.parts) < 2:
            continue  # project-level modules (settings, urls, api) wire every app together
        yield relative.parts[0], relative, ast.parse(path.read_text(), filename=str(path))


def imported(tree) -> list[tuple[str, int]]:
    """(dotted module, line) for every import in the module, those inside functions too."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def reaches_around(node: ast.Attribute) -> bool:
    """`apps.get_model(...)` (the app registry) or `importlib.import_module(...)`; a method of
    the same name on anything else (an embedding library's `get_model`) is not a way around."""
    owner = node.value
    owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
    return (node.attr == "get_model" and owner_name == "apps") or (
        node.attr == "import_module" and owner_name == "importlib"
    )


def offences() -> list[str]:
    problems = []
    for app, relative, tree in modules():
        for name, line in imported(tree):
            parts = name.split(".")
            if parts[0] != "accord" or len(parts) < 2 or parts[1] not in LAYERS:
                continue
            other = parts[1]
            where = f"accord/{relative}:{line} imports {name}"
            if other == app:
                continue
            if LAYERS[other] >= LAYERS[app]:
                problems.append(f"{where}: {app} may not depend on {other}")
            elif app in PILLARS and other in PILLARS and (len(parts) < 3 or parts[2] != "queries"):
                problems.append(f"{where}: a pillar reads an earlier one through its queries only")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and reaches_around(node):
                problems.append(f"accord/{relative}:{node.lineno} uses {node.attr}")
    return problems


def test_every_app_is_placed():
    apps = {path.name for path in ROOT.iterdir() if (path / "apps.py").exists()}
    assert apps <= set(LAYERS), f"Place these apps in a layer: {sorted(apps - set(LAYERS))}"


def test_dependencies_point_one_way():
    problems = offences()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from accord.partnerships.models import Partnership", "core may not depend"),
        ("from accord.leadership.models import Mou", "a pillar reads an earlier one"),
        ("from django.apps import apps\napps.get_model('leadership', 'Mou')", "uses get_model"),
        ("import importlib\nimportlib.import_module('accord.leadership')", "uses import_module"),
        # The pillars never import the evaluation that reads them.
        ("from accord.evaluation.criteria import CRITERIA", "measurement may not depend"),
    ],
)
def test_the_check_sees_a_wrong_import(tmp_path, monkeypatch, source, expected):
    app = "core" if "partnerships" in source else "measurement"
    folder = tmp_path / app
    folder.mkdir()
    (folder / "wrong.py").write_text(source + "\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert any(expected in problem for problem in offences())


def test_a_method_of_the_same_name_is_not_the_registry(tmp_path, monkeypatch):
    folder = tmp_path / "alignment"
    folder.mkdir()
    (folder / "fine.py").write_text("from . import embedding\nembedding.get_model()\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert offences() == []
