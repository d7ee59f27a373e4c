"""Release hygiene: the version is written once, the licence is the one pyproject names.

``jost_engine.__version__`` is the only place the version is written; ``jost --version``
prints it (tests/test_cli_imports.py) and pyproject.toml reads it for the wheel's metadata
(``.ci/wheel-smoke`` checks the built wheel's own ``jost --version``).
"""

from __future__ import annotations

import re
import tomllib
import warnings
from pathlib import Path

import pytest

import jost_engine

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_pyproject_reads_the_version_from_jost_engine_and_writes_none_itself():
    """pyproject.toml declares the version dynamic, read from ``jost_engine.__version__``,
    and has no ``version =`` of its own."""
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "jost_engine.__version__"}


def test_setuptools_gives_the_wheel_the_version_of_jost_engine():
    """setuptools' reading of pyproject.toml (what the wheel's metadata gets) is
    ``jost_engine.__version__``, a version of the form MAJOR.MINOR.PATCH."""
    config = pytest.importorskip("setuptools.config.pyprojecttoml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "[tool.setuptools] in pyproject.toml is beta"
        project = config.read_configuration(ROOT / "pyproject.toml", expand=True)["project"]
    assert project["version"] == jost_engine.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", jost_engine.__version__)


def test_the_changelog_has_a_section_for_this_version():
    """CHANGELOG.md (Keep a Changelog) has an ``Unreleased`` section and one headed by
    ``jost_engine.__version__``."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert headings[0] == "Unreleased"
    assert jost_engine.__version__ in headings


def test_the_licence_file_is_the_mit_licence_pyproject_names():
    """LICENSE is the MIT licence, the licence pyproject.toml declares."""
    assert PYPROJECT["project"]["license"] == {"text": "MIT"}
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "the JOST developers" in text


def test_every_python_package_of_the_source_is_listed_for_the_wheel():
    """Each folder with an ``__init__.py`` under jost_engine and jost_widgets is in
    pyproject's ``[tool.setuptools] packages`` (a package left out is missing from the
    wheel: ``jost run`` of an installed wheel then fails on its import)."""
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for top in ("jost_engine", "jost_widgets")
             for p in (ROOT / top).rglob("__init__.py") if "__pycache__" not in p.parts}
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert found - listed == set()
