"""The ``jost`` command starts light: no heavy layer is loaded until a command needs it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import jost_engine.cli

HEAVY = ("numba", "pandas", "distributed", "dask", "pydantic", "matplotlib", "tqdm")
CLI = Path(jost_engine.cli.__file__).parent


def loaded_after(statement: str) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after running ``statement``."""
    code = (f"import sys; {statement}; "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    return [m for m in out.stdout.strip().split(",") if m]


def test_importing_the_cli_and_building_its_parser_loads_no_heavy_layer():
    """``import jost_engine.cli`` and building every sub-command's parser load none of
    numba, pandas, distributed, dask, pydantic, matplotlib or tqdm."""
    assert loaded_after("import jost_engine.cli; jost_engine.cli.build_parser()") == []


def test_import_jost_engine_is_lazy_and_its_public_names_still_work():
    """``import jost_engine`` loads no heavy layer; its public names load on first use."""
    assert loaded_after("import jost_engine") == []
    assert "numba" in loaded_after("from jost_engine import run_simulation_from_config")
    import jost_engine

    assert set(jost_engine.__all__) <= set(dir(jost_engine))
    assert jost_engine.validate_config.__module__ == "jost_engine.config"


def test_help_exits_0_without_loading_a_layer():
    """``python -m jost_engine.cli --help`` prints the commands and exits 0."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "jost_engine.cli", "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "submit" in out.stdout and "schema" in out.stdout
    imported = {line.split("|")[-1].strip() for line in out.stderr.splitlines()}
    assert not imported & set(HEAVY)


def _sibling_imports(path: Path) -> set[str]:
    """The ``jost_engine.cli`` modules a module imports at its top level (``from .x``)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {a.name for a in node.names}
    return found


def test_command_modules_import_only_the_shared_helpers():
    """No import cycle: command modules import only the shared ``options``, ``output`` and
    ``waiting``, which import no sibling; only ``main`` imports the command modules."""
    shared = {"options", "output", "waiting"}
    for path in CLI.glob("*.py"):
        if path.stem in ("main", "__init__", "__main__"):
            continue
        imports = _sibling_imports(path)
        allowed = set() if path.stem in shared else shared
        assert imports <= allowed, f"{path.name} imports {imports - allowed}"


def test_version_prints_the_package_version_without_loading_a_layer():
    """``jost --version`` prints ``jost`` and ``jost_engine.__version__``, exits 0, and
    loads none of the heavy layers."""
    from jost_engine import __version__

    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "jost_engine.cli",
                          "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout == f"jost {__version__}\n"
    imported = {line.split("|")[-1].strip() for line in out.stderr.splitlines()}
    assert not imported & set(HEAVY)
