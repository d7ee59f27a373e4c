"""Sphinx configuration of the JOST documentation site (``make docs``).

The stack, and why (also in docs/site.md):

- Sphinx with autodoc, autosummary and numpydoc: the API reference is built from the
  numpydoc docstrings the code already has (pvlib, the style anchor, does the same);
- myst-nb: the Markdown pages (README, docs/*.md) are parsed by MyST, and the gallery's
  notebooks are executed at build time and rendered with their outputs (figures included),
  without pandoc (nbsphinx needs it);
- pydata-sphinx-theme: the theme of numpy, pandas, matplotlib and pvlib;
- sphinx-argparse: the CLI reference read from ``jost_engine.cli.main.build_parser``.

The gallery runs at the size ``JOST_GALLERY_SIZE`` names (``ci`` unless set: the Makefile's
``make docs`` sets it; ``make docs GALLERY_SIZE=full`` for the published site).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

from jost_engine import __version__  # noqa: E402

project = "JOST"
author = "the JOST developers"
copyright = "the JOST developers, MIT licence"
version = release = __version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinxarg.ext",
]

exclude_patterns = ["_build", "_generated/*.json", "examples/*.html", "**.ipynb_checkpoints",
                    "jupyter_execute"]
templates_path = ["_templates"]

# MyST: heading anchors so that ``[text](page.md#section)`` resolves; $...$ maths.
myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath", "colon_fence"]

# myst-nb: run every gallery notebook at build time; a failing cell fails the build.
nb_execution_mode = os.environ.get("JOST_DOCS_EXECUTE", "force")
nb_execution_timeout = int(os.environ.get("JOST_DOCS_CELL_TIMEOUT", "600"))
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_kernel_rgx_aliases = {".*": "python3"}
os.environ.setdefault("JOST_GALLERY_SIZE", "ci")
# A gallery answer's MIME bundle carries its figures as data for the tests
# (jost_engine.analysis.answers.MIME); the page shows its Markdown.
suppress_warnings = ["mystnb.unknown_mime_type"]

# API reference: one page per module (docs/_templates/autosummary/module.rst), generated
# into docs/api/ (git-ignored) from the docstrings.
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"members": True, "undoc-members": True,
                           "ignore-module-all": True, "member-order": "bysource"}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

html_theme = "pydata_sphinx_theme"
html_title = f"JOST {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_static_path: list[str] = []
html_show_sourcelink = False


def _write_schemas(app) -> None:
    """Write what ``jost schema`` and ``jost schema study`` print into docs/_generated/."""
    from jost_engine.cli.main import main

    out = DOCS / "_generated"
    out.mkdir(exist_ok=True)
    for what in ("config", "study"):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = main(["schema", what])
        if code != 0:
            raise RuntimeError(f"jost schema {what} exited {code}")
        path = out / f"schema-{what}.json"
        if not path.exists() or path.read_text() != buffer.getvalue():
            path.write_text(buffer.getvalue())


def setup(app):
    app.connect("builder-inited", _write_schemas)
