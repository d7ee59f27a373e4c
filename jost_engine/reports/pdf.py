"""A report as PDF: the executed notebook's outputs, printed by Debian's Chromium.

The page for print is nbconvert's ``lab`` page through JOST's own template
(``jost_print/``): no scripts to fetch, a title block (title, date,
parameters) above the notebook's outputs (the summary sentence first), and
print CSS that keeps figures, table rows and headings whole across page
breaks, zooms a table wider than the page down to its width, and puts the
report's title and ``page N of M`` in every page's footer (CSS page-margin
boxes). Chromium prints that page headless (``--print-to-pdf``) with every
host name unresolvable, so nothing is fetched: the figures are embedded.

Chromium is ``$JOST_CHROMIUM``, else ``chromium`` on the ``PATH``, else
``/usr/bin/chromium`` (``apt-get install chromium``; ``make test`` installs it).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

import nbformat

from ..errors import JostEnvironmentError

CHROMIUM_ENV = "JOST_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
TEMPLATE = "jost_print"
#: Left and right page margins [mm]; jost-print.css sets the same.
SIDE_MARGIN_MM = 14
PRINT_TIMEOUT_S = 120
#: Headless Chromium without a display, a sandbox helper, a profile or the network.
CHROMIUM_ARGS = ("--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
                 "--host-resolver-rules=MAP * ~NOTFOUND")


@dataclass(frozen=True)
class Paper:
    """A paper size: its name in CSS ``@page size`` and its width [mm]."""

    css: str
    width_mm: float

    @property
    def content_width(self) -> str:
        """The width between the side margins, as CSS [mm]."""
        return f"{self.width_mm - 2 * SIDE_MARGIN_MM:g}mm"


PAPERS = {"a4": Paper("A4", 210.0), "letter": Paper("letter", 215.9)}


def paper(name: str) -> Paper:
    """The paper called ``name`` (``a4`` or ``letter``, any case)."""
    try:
        return PAPERS[str(name).lower()]
    except KeyError:
        from .templates import ReportError

        raise ReportError(f"paper: {name!r} is not one of {', '.join(PAPERS)}") from None


def chromium_path() -> str:
    """Chromium's path: ``$JOST_CHROMIUM``, else ``chromium`` on the PATH, else Debian's."""
    return (os.environ.get(CHROMIUM_ENV) or shutil.which("chromium")
            or DEFAULT_CHROMIUM)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: letters, digits and plain punctuation as they are,
    anything else (quotes, backslashes, ``<``, line breaks) as a CSS hex escape."""
    plain = " .,:;-_()/+%$#@!?&=*[]"
    return '"' + "".join(c if c.isalnum() or c in plain else f"\\{ord(c):x} "
                         for c in str(text)) + '"'


def shown_value(value) -> str:
    """A parameter's value for people: integers with thousands separators, lists joined,
    a file by its name (not the folders of the machine it ran on), inline JSON as such."""
    if isinstance(value, list | tuple):
        return ", ".join(shown_value(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    text = str(value)
    if isinstance(value, str) and text.lstrip().startswith(("{", "[")):
        return "inline JSON"
    if isinstance(value, str) and ("/" in text or os.sep in text):
        return PurePath(text).name or text
    return text


#: Parameters whose value means "off": not shown in the title block at that value.
OFF_VALUES = {"target_se": 0}
#: How a parameter is named for people where its name is not plain words.
PARAMETER_WORDS = {"target_se": "target SE [%]", "max_rounds": "budget [rounds]",
                   "job_id": "job", "in_process": "in process"}


def _given(name: str, value) -> bool:
    """Whether a parameter has a value to show (not None, blank, an empty list or dict, or
    its "off" value)."""
    if name in OFF_VALUES and value == OFF_VALUES[name]:
        return False
    return value is not None and value != "" and value != [] and value != {}


def parameter_words(name: str) -> str:
    """A parameter's name for people: ``target_se`` -> ``target SE [%]``, ``top_k`` ->
    ``top k``."""
    return PARAMETER_WORDS.get(name, name.replace("_", " "))


def meta_line(created: str, parameters: dict) -> str:
    """The title block's second line: the date and the parameters that have a value.

    >>> meta_line("2026-11-29T02:09:11", {"rounds": 20000, "bankrolls": [100, 1000]})
    '29 November 2026, 02:09 · rounds 20,000 · bankrolls 100, 1,000'
    >>> meta_line("2026-11-29T02:09:11", {"study": "/home/a/pen.json", "rows": ""})
    '29 November 2026, 02:09 · study pen.json'
    >>> meta_line("2026-11-29T02:09:11", {"target_se": 0.0, "min_bet_units": 1})
    '29 November 2026, 02:09 · min bet units 1'
    """
    when = dt.datetime.fromisoformat(created)
    return " · ".join([f"{when.day} {when:%B %Y, %H:%M}",
                       *(f"{parameter_words(name)} {shown_value(value)}"
                         for name, value in parameters.items() if _given(name, value))])


def print_page(notebook_path: str | Path, title: str, meta: str = "",
               paper_name: str = "a4") -> str:
    """The HTML page Chromium prints: outputs only, the title block, the print CSS.

    Parameters
    ----------
    notebook_path : str or Path
        The executed notebook.
    title : str
        The report's title: the title block's heading and every page's footer.
    meta : str
        The line under the title (see :func:`meta_line`).
    paper_name : str
        ``a4`` or ``letter``.
    """
    from nbconvert import HTMLExporter

    sheet = paper(paper_name)
    notebook = nbformat.read(str(notebook_path), as_version=4)
    notebook.metadata["title"] = title
    exporter = HTMLExporter(template_name=TEMPLATE,
                            extra_template_basedirs=[str(Path(__file__).parent)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    resources = {"jost": {"title": title, "meta": meta, "footer_title": css_string(title),
                          "page_size": sheet.css, "content_width": sheet.content_width}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return body


def _print_to_pdf(chromium: str, page: Path, pdf_path: Path, timeout_s: float) -> None:
    """Have Chromium print ``page`` to ``pdf_path``; JostEnvironmentError if it cannot."""
    with tempfile.TemporaryDirectory(prefix="jost-chromium-") as profile:
        command = [chromium, *CHROMIUM_ARGS, f"--user-data-dir={profile}",
                   f"--print-to-pdf={pdf_path}", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with one
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise JostEnvironmentError(
                f"PDF: Chromium ({chromium}) did not print within {timeout_s:g} s") from None
        except OSError as exc:
            raise JostEnvironmentError(f"PDF: cannot run Chromium ({chromium}): "
                                       f"{exc.strerror or exc}") from None
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        why = lines[-1] if lines else "no message"
        raise JostEnvironmentError(
            f"PDF: Chromium ({chromium}) printed nothing (exit {done.returncode}): {why}")


def to_pdf(notebook_path: str | Path, pdf_path: str | Path, title: str, *, meta: str = "",
           paper_name: str = "a4", chromium: str | None = None,
           timeout_s: float = PRINT_TIMEOUT_S) -> Path:
    """Print an executed notebook's outputs to a PDF with headless Chromium.

    Parameters
    ----------
    notebook_path : str or Path
        The executed notebook.
    pdf_path : str or Path
        The PDF to write.
    title : str
        The report's title (title block and footer).
    meta : str
        The line under the title: date and parameters (:func:`meta_line`).
    paper_name : str
        ``a4`` (210 x 297 mm) or ``letter`` (8.5 x 11 in).
    chromium : str, optional
        Chromium's executable; default :func:`chromium_path`.
    timeout_s : float
        Longest time Chromium may take [s].

    Returns
    -------
    Path
        ``pdf_path``.

    Raises
    ------
    ReportError
        For an unknown paper.
    JostEnvironmentError
        When Chromium is missing, fails or prints nothing (exit 3).
    """
    chromium = chromium or chromium_path()
    if not (Path(chromium).is_file() and os.access(chromium, os.X_OK)):
        raise JostEnvironmentError(
            f"PDF: no Chromium at {chromium} (apt-get install chromium, or set "
            f"${CHROMIUM_ENV} to its path)")
    html = print_page(notebook_path, title, meta, paper_name)
    pdf_path = Path(pdf_path).resolve()
    with tempfile.TemporaryDirectory(prefix="jost-print-") as folder:
        page = Path(folder) / "report-print.html"
        page.write_text(html, encoding="utf-8")
        pdf_path.unlink(missing_ok=True)
        _print_to_pdf(chromium, page, pdf_path, timeout_s)
    return pdf_path
