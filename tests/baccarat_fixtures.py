"""The baccarat plug-in package (plugins/jost-baccarat) for the tests, found by entry point.

``make test`` installs the package (``pip install -e plugins/jost-baccarat``);
a checkout used without installing it gets the same entry points from a
``.dist-info`` folder written here, the package's folder on ``sys.path`` and
``PYTHONPATH`` (so ``jost`` subprocesses and Dask workers find it too).
"""

from __future__ import annotations

import os
from importlib.metadata import entry_points

import pytest
from baccarat_helpers import ENTRY_POINTS, PLUGIN


@pytest.fixture(scope="session")
def baccarat_plugin(tmp_path_factory):
    """The ``baccarat`` simulation type and report template, installed for the session."""
    from jost_engine import registry
    from jost_engine.reports import templates

    paths = [str(PLUGIN)]
    if "baccarat" not in {ep.name for ep in entry_points(group=registry.GROUP)}:
        folder = tmp_path_factory.mktemp("baccarat-ep")
        info = folder / "jost_baccarat_tests-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: jost-baccarat-tests\nVersion: 0.1\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
        paths.append(str(folder))
    with pytest.MonkeyPatch.context() as patch:
        for path in reversed(paths):
            patch.syspath_prepend(path)
        patch.setenv("PYTHONPATH", os.pathsep.join(
            [*paths, *filter(None, [os.environ.get("PYTHONPATH")])]))
        registry.refresh()
        templates.refresh()
        yield PLUGIN
    registry.refresh()
    templates.refresh()
