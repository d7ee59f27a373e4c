"""The report templates are package data: a built wheel carries every shipped template."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import jost_engine
from jost_engine import reports

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("game", "counter", "compare", "job")
#: Top-level folders of a checkout that are not sources (a stale build/ would leak into a wheel).
NOT_SOURCES = {".git", ".venv", ".cache", "build", "dist", "reports", "workspace"}


def _sources(folder, names) -> list:
    """What copytree leaves out: non-source top-level folders, egg-info, caches."""
    top = Path(folder).resolve() == ROOT
    return [n for n in names if (top and n in NOT_SOURCES) or n.endswith(".egg-info")
            or n in ("__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis")]


def test_every_shipped_template_lies_inside_the_package():
    """Each shipped template's notebook is a file under ``jost_engine/`` (not the checkout)."""
    package = Path(jost_engine.__file__).resolve().parent
    for name in SHIPPED:
        notebook = Path(reports.get(name).notebook).resolve()
        assert notebook.is_file(), name
        assert notebook.is_relative_to(package), f"{name}: {notebook} is outside {package}"


@pytest.mark.slow  # builds a wheel
def test_the_wheel_contains_every_shipped_template(tmp_path):
    """``pip wheel`` of a copy of the sources holds each template notebook at its package path,
    and the figures' style sheet ``jost_engine/analysis/jost.mplstyle``."""
    shutil.copytree(ROOT, tmp_path / "src", ignore=_sources)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(tmp_path / "dist"), str(tmp_path / "src")], check=True,
                   capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("jost-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = Path(jost_engine.__file__).resolve().parent.parent
    for name in SHIPPED:
        inside = Path(reports.get(name).notebook).resolve().relative_to(package).as_posix()
        assert inside in names, f"{name}: {inside} missing from {wheel.name}"
    assert "jost_engine/analysis/jost.mplstyle" in names
