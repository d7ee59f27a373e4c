"""Reports as PDF: printed by Debian's Chromium, read back with poppler-utils.

Small game and counter reports (simulations in the kernel) are written as HTML
and PDF; ``pdftotext``, ``pdfinfo`` and ``pdfimages`` read the PDFs back: the
title block (title, date, summary sentence, config table) on page 1, the
footer (title, ``page N of M``) on every page, every figure embedded once (a
figure cut across a page break would be drawn on two pages), the paper's size.
A template made for the purpose checks the print layout: a wide table zoomed
to the page, no table row split across pages. Without Chromium
(``$JOST_CHROMIUM`` pointing at a missing file) ``jost report`` exits 3 with
one line and writes the HTML. Pages go to tests/artifacts/ as PNG
(``pdftoppm``), and with ``JOST_EXAMPLES=1`` the first of each to docs/examples/.

Needs Chromium (``$JOST_CHROMIUM``, default ``/usr/bin/chromium``) and
poppler-utils: ``make test`` and ``.ci/run`` install both with apt-get.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from jobs_helpers import jost_command, python_env, run_jost
from reports_helpers import write_notebook

import jost_engine.cli.reports as cli_reports
from jost_engine import reports
from jost_engine.reports import pdf, runner, templates

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
#: Page sizes [pt] as pdfinfo prints them (A4 210 x 297 mm, Letter 8.5 x 11 in).
A4_PT, LETTER_PT = (595, 842), (612, 792)
#: A report of a few sections fits on a few pages.
MAX_PAGES = 8
POPPLER = ("pdftotext", "pdfinfo", "pdfimages", "pdftoppm")


def poppler(tool: str, *args: str) -> str:
    """The output of a poppler-utils tool."""
    assert shutil.which(tool), f"no {tool}: apt-get install poppler-utils (make test does)"
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True,
                          timeout=120).stdout


def page_count(path: Path) -> int:
    """The number of pages of a PDF (``pdfinfo``)."""
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(path)), re.M).group(1))


def page_size(path: Path) -> tuple[int, int]:
    """The first page's width and height [pt], rounded (``pdfinfo``)."""
    found = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", poppler("pdfinfo", str(path)),
                      re.M)
    return round(float(found.group(1))), round(float(found.group(2)))


def text(path: Path, page: int | None = None) -> str:
    """The text of a PDF, or of one page of it, with every run of white space one space."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return " ".join(poppler("pdftotext", *pages, str(path), "-").split())


def images(path: Path) -> list[tuple[int, int, int]]:
    """The images drawn in a PDF: (page, width, height) of each (``pdfimages -list``)."""
    rows = poppler("pdfimages", "-list", str(path)).splitlines()[2:]
    return [(int(r.split()[0]), int(r.split()[3]), int(r.split()[4])) for r in rows
            if r.split()[2] == "image"]


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height [px], from its header."""
    head = path.read_bytes()[16:24]
    return int.from_bytes(head[:4], "big"), int.from_bytes(head[4:], "big")


def words(path: Path) -> list[tuple[int, float, float, str]]:
    """Every word of a PDF: (page, xMax [pt], page width [pt], word) (``pdftotext -bbox``)."""
    out, page, width = [], 0, 0.0
    for line in poppler("pdftotext", "-bbox", str(path), "-").splitlines():
        if line.lstrip().startswith("<page "):
            page += 1
            width = float(re.search(r'width="([\d.]+)"', line).group(1))
        found = re.search(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*)</word>',
                          line)
        if found:
            out.append((page, float(found.group(1)), width, found.group(2)))
    return out


def save_pages(path: Path, name: str, example: bool = True) -> None:
    """Every page as PNG to tests/artifacts/ (``pdftoppm``); page 1 of an example to
    docs/examples/ too with ``JOST_EXAMPLES=1``."""
    ARTIFACTS.mkdir(exist_ok=True)
    poppler("pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / name))
    if example and os.environ.get("JOST_EXAMPLES") == "1":
        from PIL import Image

        example = EXAMPLES / f"{name}-page1"
        poppler("pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile",
                str(path), str(example))
        with Image.open(f"{example}.png") as image:  # 128 colours, as the other examples
            image.convert("RGB").quantize(128).save(f"{example}.png", optimize=True)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """A game report (5,000 rounds per game, seed 3) as HTML and PDF on A4 through
    ``run_report``; a counter report (20,000 rounds, bankrolls 100 and 1000 units) through
    ``jost report counter --format both --paper letter`` as its own process. Template ->
    (Report folder, summary.json, the command's output lines or None)."""
    root = tmp_path_factory.mktemp("printed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOST_REPORTS", str(root / "reports"))
        patch.setenv("JOST_WORKSPACE", str(root / "workspace"))
        game = reports.run_report("game", {"rounds": 5000, "seed": 3}, in_process=True,
                                  formats="both")
        out = run_jost("report", "counter", "-p", "rounds", "20000", "-p", "bankrolls",
                       "[100, 1000]", "--in-process", "--format", "both", "--paper", "letter",
                       workspace=root / "workspace", timeout=600)
    lines = out.stdout.split()
    counter = Path(lines[0]).parent
    printed = {"game": (game.folder, game.summary, None),
               "counter": (counter, json.loads((counter / "summary.json").read_text()), lines)}
    for name, (folder, _, _) in printed.items():
        save_pages(folder / "report.pdf", f"report-{name}-pdf")
    return printed


def title(summary: dict) -> str:
    """The title a report's PDF carries: ``JOST TEMPLATE report: LABEL``."""
    return f"JOST {summary['template']} report: {summary['label']}"


@pytest.mark.browser
def test_both_formats_are_written_side_by_side_and_the_command_prints_both(printed):
    """``--format both`` writes report.html and report.pdf in the report's folder; the
    command prints their paths, HTML first; summary.json names both."""
    folder, summary, lines = printed["counter"]
    assert lines == [str(folder / "report.html"), str(folder / "report.pdf")]
    assert (summary["html"], summary["pdf"]) == ("report.html", "report.pdf")
    for name in ("game", "counter"):
        folder = printed[name][0]
        assert (folder / "report.html").is_file()
        assert (folder / "report.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("template", ["game", "counter"])
@pytest.mark.browser
def test_page_one_holds_the_title_block_summary_sentence_config_table_and_date(printed,
                                                                             template):
    """Page 1 of the PDF has the report's title, its date (``29 November 2026, 02:09``)
    with the parameters, the summary sentence of summary.json and the config table."""
    folder, summary, _ = printed[template]
    first = text(folder / "report.pdf", 1)
    assert title(summary) in first
    assert pdf.meta_line(summary["created"], summary["parameters"]) in first
    assert " ".join(summary["summary"].split()) in first
    assert "Configuration" in first and "penetration 75 %" in first


@pytest.mark.parametrize("template", ["game", "counter"])
@pytest.mark.browser
def test_every_page_has_the_title_and_its_number_in_the_footer(printed, template):
    """The PDF has 2 to 8 pages; page i's text holds ``page i of N`` and the report's
    title (pages after the first have it only in their footer)."""
    folder, summary, _ = printed[template]
    path = folder / "report.pdf"
    pages = page_count(path)
    assert 2 <= pages <= MAX_PAGES
    for page in range(1, pages + 1):
        shown = text(path, page)
        assert f"page {page} of {pages}" in shown
        assert shown.count(title(summary)) == (2 if page == 1 else 1)


@pytest.mark.parametrize("template", ["game", "counter"])
@pytest.mark.browser
def test_every_figure_of_the_html_is_embedded_in_the_pdf_once(printed, template):
    """Each figure of the HTML page (summary.json's PNGs, one ``<img>`` each) is drawn in
    the PDF exactly once, at its own pixel size: none missing, none cut across pages."""
    folder, summary, _ = printed[template]
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert page.count("<img ") == len(summary["figures"]) >= 2
    drawn = images(folder / "report.pdf")
    assert sorted((w, h) for _, w, h in drawn) == sorted(
        png_size(folder / name) for name in summary["figures"])


@pytest.mark.browser
def test_the_paper_is_a4_by_default_and_letter_when_asked(printed, tmp_path):
    """The game report (default paper) is A4, the counter report (``--paper letter``)
    Letter; the counter's notebook printed again on A4 is A4 too."""
    assert page_size(printed["game"][0] / "report.pdf") == A4_PT
    folder = printed["counter"][0]
    assert page_size(folder / "report.pdf") == LETTER_PT
    again = pdf.to_pdf(folder / "report.ipynb", tmp_path / "a4.pdf", "again", paper_name="a4")
    assert page_size(again) == A4_PT


@pytest.mark.browser
def test_the_index_links_each_report_pdf(printed):
    """reports/index.html links the PDF of both reports beside their HTML page."""
    index = (printed["game"][0].parent / "index.html").read_text(encoding="utf-8")
    for folder, _, _ in printed.values():
        assert f'href="{folder.name}/report.pdf"' in index
        assert f'href="{folder.name}/report.html"' in index


LAYOUT_CELLS = (
    "import numpy as np, pandas as pd\n"
    "from matplotlib.figure import Figure\n"
    "from jost_engine import reports\n"
    "page = reports.Page()\n"
    "page.summary('A page made to test the print layout.', 'layout')",
    # 24 columns of 9-digit numbers: wider than any paper
    "wide = pd.DataFrame(np.arange(3 * 24).reshape(3, 24) + 123456789,\n"
    "                    columns=[f'column {i}' for i in range(24)])\n"
    "page.table(wide, 'A wide table', index=False)",
    # 40 rows of five lines each (Chromium splits a row only where it keeps two lines on
    # either side): rows fall on page breaks
    "tall = pd.DataFrame({'row': [f'top {i}<br>a<br>b<br>c<br>bottom {i}' for i in range(40)],\n"
    "                     'value': range(40)})\n"
    "from IPython.display import HTML, display\n"
    "display(HTML(tall.to_html(escape=False, index=False)))",
    "for i in range(3):\n"
    "    fig = Figure(figsize=(8, 4.5 + i / 10))\n"
    "    fig.add_subplot().plot([0, 1], [i, 1 - i])\n"
    "    page.figure(fig, f'figure_{i}')",
)


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    """The PDF (A4) of a template made to test the print layout: a table of 24 columns, a
    table of 40 five-line rows, three figures."""
    root = tmp_path_factory.mktemp("layout")
    write_notebook(root / "layout.ipynb", *LAYOUT_CELLS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOST_REPORTS", str(root / "reports"))
        patch.setattr(templates, "_extra", {})
        reports.register(reports.Template("layout", root / "layout.ipynb"))
        report = reports.run_report("layout", in_process=True, formats="pdf")
    save_pages(report.pdf, "report-layout-pdf", example=False)
    return report


@pytest.mark.browser
def test_a_table_wider_than_the_page_is_zoomed_to_its_width(layout):
    """Every word of the PDF, the wide table's last column included, ends inside the page's
    right margin (14 mm)."""
    found = words(layout.pdf)
    assert any(w == "123456812" for _, _, _, w in found), "the last column is printed"
    margin_pt = pdf.SIDE_MARGIN_MM / 25.4 * 72
    outside = [(page, w) for page, x_max, width, w in found if x_max > width - margin_pt + 1]
    assert outside == []


@pytest.mark.browser
def test_no_table_row_is_split_across_a_page_break(layout):
    """Each five-line row (``top i`` over ``bottom i``) is on one page, and the tall table
    runs over a page break (so the check bites)."""
    placed = []
    texts = [text(layout.pdf, p) + " " for p in range(1, page_count(layout.pdf) + 1)]
    for i in range(40):
        holding = [p for p, t in enumerate(texts, 1) if f"top {i} " in t or f"bottom {i} " in t]
        assert len(holding) == 1, f"row {i} on pages {holding}"
        placed.append(holding[0])
    assert len(set(placed)) >= 2, "the table crosses a page break"


@pytest.mark.browser
def test_the_layout_figures_are_each_drawn_once(layout):
    """The three figures of the layout template are each drawn once, whole."""
    assert len(images(layout.pdf)) == 3


@pytest.mark.slow  # runs a whole report (papermill kernel)
def test_without_chromium_the_command_exits_3_in_one_line_and_writes_the_html(tmp_path):
    """With ``$JOST_CHROMIUM`` pointing at a missing file, ``jost report counter --format
    pdf`` exits 3 with one line naming the path and the HTML written instead; the report,
    its summary.json (no PDF) and the index are there."""
    missing = tmp_path / "no-such-chromium"
    out = subprocess.run([*jost_command(), "report", "counter", "-p", "rounds", "2000",
                          "--in-process", "--format", "pdf", "--reports-dir",
                          str(tmp_path / "reports")], capture_output=True, text=True,
                         timeout=600, stdin=subprocess.DEVNULL,
                         env=python_env(JOST_WORKSPACE=str(tmp_path),
                                        JOST_CHROMIUM=str(missing)))
    assert out.returncode == 3, out.stderr
    # the command's own message is one line, the last; under heavy load the notebook's
    # executor may log a warning of its own before it
    said = [line for line in out.stderr.splitlines() if line.startswith("jost:")]
    assert len(said) == 1 and out.stderr.strip().endswith(said[0]), out.stderr
    line = said[0]
    assert line.startswith(f"jost: PDF: no Chromium at {missing}")
    [folder] = (tmp_path / "reports").glob("*-counter-*")
    assert line.endswith(f"the report's HTML is written: {folder / 'report.html'}")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "complete"
    assert (summary["html"], summary["pdf"]) == ("report.html", None)
    assert (folder / "report.html").is_file() and not (folder / "report.pdf").exists()
    assert folder.name in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")


def test_a_bad_format_or_paper_is_refused_before_anything_runs(tmp_path, monkeypatch,
                                                               capsys):
    """``formats="docx"`` and ``paper="a3"`` raise ReportError naming the field and the
    choices, and leave no report folder; the command refuses them in one line, exit 2."""
    from jost_engine.cli import main

    monkeypatch.setenv("JOST_REPORTS", str(tmp_path / "reports"))
    with pytest.raises(reports.ReportError, match="format: 'docx' is not one of html, pdf"):
        reports.run_report("game", {"rounds": 10}, in_process=True, formats="docx")
    with pytest.raises(reports.ReportError, match="paper: 'a3' is not one of a4, letter"):
        reports.run_report("game", {"rounds": 10}, in_process=True, paper="a3")
    assert not (tmp_path / "reports").exists()
    with pytest.raises(SystemExit) as refused:
        main(["report", "game", "--format", "docx"])
    assert refused.value.code == 2
    assert "--format: invalid choice: 'docx'" in capsys.readouterr().err
    assert cli_reports.FORMATS == tuple(runner.FORMATS)
    assert cli_reports.PAPERS == tuple(pdf.PAPERS)


def test_css_string_escapes_what_could_end_the_string_or_the_style():
    """A title in the footer's CSS string: quotes, backslashes and ``<`` are hex escapes."""
    assert pdf.css_string('a "b" \\ </style>') == '"a \\22 b\\22  \\5c  \\3c /style\\3e "'


def test_the_title_block_line_gives_the_date_and_parameters_for_people():
    """The line under the title: the date spelled out, integers with thousands separators,
    lists as comma-separated values (not Python's repr), names in words, and a target SE of
    0 (off) left out."""
    line = pdf.meta_line("2026-11-29T02:09:11", {"items": ["strip-basic", "job:3f2a"],
                                                 "rounds": 20000, "in_process": False,
                                                 "target_se": 0.0, "min_bet_units": 2})
    assert line == ("29 November 2026, 02:09 · items strip-basic, job:3f2a · rounds 20,000"
                    " · in process False · min bet units 2")
    assert "target SE [%] 0.3" in pdf.meta_line("2026-11-29T02:09:11", {"target_se": 0.3})


@pytest.mark.browser
def test_the_study_pdf_prints_its_spec_and_a_title_block_without_blanks_or_paths(tmp_path,
                                                                               monkeypatch):
    """A study report of a spec file (absolute path, rows and columns left blank) as PDF:
    the title block names the file without its folders and lists no blank parameter
    (no 'rows · columns ·'), and the folded spec is printed open (its JSON keys are there)."""
    monkeypatch.setenv("JOST_REPORTS", str(tmp_path / "reports"))
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "workspace"))
    spec = tmp_path / "deep" / "folder" / "pdf-study.json"
    spec.parent.mkdir(parents=True)
    spec.write_text(json.dumps({"label": "pdf study", "base": {"rules": {"decks": 6}},
                                "variants": {"four decks": {"rules.decks": 4}}}))
    report = reports.run_report("study", {"study": str(spec), "rounds": 40_000},
                                in_process=True, formats="pdf")
    words_of = text(report.folder / "report.pdf")
    first = text(report.folder / "report.pdf", 1)
    assert "study pdf-study.json" in first and "rounds 40,000" in first
    assert str(tmp_path) not in words_of and "deep/folder" not in words_of
    assert not re.search(r"\b(rows|columns) ·", first) and not first.rstrip().endswith("·")
    assert '"variants"' in words_of and '"four decks"' in words_of
    save_pages(report.folder / "report.pdf", "report-study-pdf", example=False)
