"""The built documentation site in a real browser (Debian's Chromium driven by Playwright):
the home page, a gallery page and an API page load, their figures are decoded images and
their code blocks are shown. Screenshots go to tests/artifacts/ (and to
``$JOST_DOCS_SCREENSHOTS`` when set).

Needs ``docs/_build/html`` (``make docs``; CI runs this file after it) and Chromium
(``$JOST_CHROMIUM``, default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_browser import ARTIFACTS

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "docs" / "_build" / "html"
pytest_plugins = ["browser_fixtures"]

SCREEN = {"width": 1280, "height": 900}

pytestmark = pytest.mark.skipif(not (HTML / "index.html").is_file(),
                                reason="docs/_build/html is absent: run `make docs`")


def open_page(tab, relative: str, shot: str) -> None:
    """Open a built page, fail on a console error, keep a screenshot of its first screen."""
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto((HTML / relative).as_uri(), wait_until="load")
    assert errors == [], errors
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"docs-{shot}.png"))
    extra = os.environ.get("JOST_DOCS_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(extra) / f"docs-{shot}.png"))


def decoded_images(tab, selector: str) -> list[int]:
    """Natural widths of the images under ``selector`` (0: not loaded or not decoded)."""
    return tab.eval_on_selector_all(
        selector, "els => els.map(e => e.complete ? e.naturalWidth : 0)")


def visible_code_blocks(tab, selector: str) -> int:
    """Code blocks under ``selector`` that are shown with text in them."""
    return tab.eval_on_selector_all(
        selector, "els => els.filter(e => e.offsetHeight > 0 && e.innerText.trim()).length")


def test_home_page_shows_the_readme_with_its_pictures_and_code(tab):
    """The home page is the README: its title, its screenshots decoded, its code shown."""
    open_page(tab, "index.html", "home")
    assert "JOST" in tab.title()
    assert "blackjack research workbench" in tab.inner_text("article")
    widths = decoded_images(tab, "article img")
    assert len(widths) >= 4 and all(w > 0 for w in widths), widths
    assert visible_code_blocks(tab, "article div.highlight pre") >= 3


def test_gallery_page_shows_its_executed_chart_code_and_answer(tab):
    """A gallery notebook's page: the executed chart as a decoded image, the code cells,
    and the answer sentence with its standard errors."""
    open_page(tab, "gallery/04-index-plays.html", "gallery")
    text = tab.inner_text("article")
    assert "What are index plays worth" in text
    assert "Answer." in text and "± is one standard error" in text
    widths = decoded_images(tab, "article div.cell_output img")
    assert widths and all(w > 300 for w in widths), widths
    assert visible_code_blocks(tab, "article div.cell_input pre") >= 3


def test_api_page_shows_functions_with_their_numpydoc_sections(tab):
    """An API page: the formatter's functions with signatures and Parameters sections,
    its example code shown."""
    open_page(tab, "api/jost_engine.analysis.format.html", "api")
    signatures = tab.eval_on_selector_all("dl.py.function > dt", "els => els.map(e => e.id)")
    assert "jost_engine.analysis.format.estimate" in signatures
    assert "jost_engine.analysis.format.value" in signatures
    assert "Parameters" in tab.inner_text("article")
    assert tab.eval_on_selector_all("article code", "els => els.length") > 5
