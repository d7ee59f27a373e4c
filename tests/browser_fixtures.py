"""Headless Chromium for the tests that look at pages (reports, the docs site).

A test module uses ``pytest_plugins = ["browser_fixtures"]`` and sets ``SCREEN``
(the viewport, ``{"width": ..., "height": ...}``) for its pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, closed after the module."""
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM) or Path(CHROMIUM).is_file(), (
        f"no Chromium at {CHROMIUM}: apt-get install chromium (make test does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def tab(browser, request):
    """A fresh page of the test module's ``SCREEN`` size."""
    page = browser.new_page(viewport=request.module.SCREEN)
    try:
        yield page
    finally:
        page.close()
