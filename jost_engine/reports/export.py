"""An executed notebook to HTML without its code cells; figures stay embedded as PNG."""

from __future__ import annotations

from pathlib import Path

import nbformat


def to_html(notebook_path: str | Path, html_path: str | Path, title: str) -> Path:
    """Write the HTML of an executed notebook, outputs only (``exclude_input=True``)."""
    from nbconvert import HTMLExporter

    notebook = nbformat.read(str(notebook_path), as_version=4)
    notebook.metadata["title"] = title
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(notebook)
    path = Path(html_path)
    path.write_text(body, encoding="utf-8")
    return path
