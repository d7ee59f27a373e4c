"""What a template's cells call to show numbers, tables and figures.

A :class:`Page` displays its content in the notebook and records it in
``page.json`` in the working directory (the report's folder), from which
the runner writes ``summary.json``. Numbers are shown in cells marked
``data-key``, formatted by :func:`fmt`, so a test can match the HTML
against ``summary.json``.
"""

from __future__ import annotations

import html
import io
import json
import math
import sys
from pathlib import Path

PAGE_FILE = "page.json"


def fmt(value) -> str:
    """A number as shown in a report: 6 significant digits, ``n/a`` for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, bool) or isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    return None if math.isnan(value) else value


def numbers_html(numbers: dict, title: str = "") -> str:
    """An HTML table of numbers, each value in a ``<td data-key=...>``."""
    rows = "".join(f"<tr><th>{html.escape(k)}</th>"
                   f"<td data-key=\"{html.escape(k)}\">{html.escape(fmt(v))}</td></tr>"
                   for k, v in numbers.items())
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    return f"<table class=\"jost-numbers\">{caption}{rows}</table>"


class Page:
    """The content of a report page, shown and recorded as it is added.

    Parameters
    ----------
    folder : str or Path
        Where ``page.json`` and the figures' PNG files go (the working directory).
    """

    def __init__(self, folder: str | Path = "."):
        self.folder = Path(folder)
        self.data = {"python": sys.executable, "numbers": {}, "figures": []}
        self._save()

    def _save(self) -> None:
        (self.folder / PAGE_FILE).write_text(json.dumps(self.data, indent=2), encoding="utf-8")

    def numbers(self, numbers: dict, title: str = "") -> None:
        """Show key numbers as a table and record them for ``summary.json``."""
        from IPython.display import HTML, display

        plain = {k: _plain(v) for k, v in numbers.items()}
        self.data["numbers"].update(plain)
        self._save()
        display(HTML(numbers_html(plain, title)))

    def figure(self, fig, name: str) -> None:
        """Show a figure (embedded PNG) and save it as ``<name>.png``."""
        from IPython.display import Image, display

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        png = buffer.getvalue()
        (self.folder / f"{name}.png").write_bytes(png)
        self.data["figures"].append(f"{name}.png")
        self._save()
        display(Image(data=png, format="png"))

    @staticmethod
    def table(frame, floats: str = "{:.6g}") -> None:
        """Show a DataFrame with its floats formatted."""
        from IPython.display import HTML, display

        display(HTML(frame.to_html(float_format=floats.format, na_rep="n/a")))

    @staticmethod
    def text(markdown: str) -> None:
        """Show Markdown text."""
        from IPython.display import Markdown, display

        display(Markdown(markdown))
