"""The Jobs tab of the workbench on a team ledger, in a real browser: Voila serves
notebooks/workbench.ipynb as bob (``JOST_LEDGER``: his role on a real PostgreSQL server),
and Debian's Chromium sees the owner column and the whose filter. The tab's screenshot is
docs/jobs-view.png (copied from tests/artifacts/ by hand when the tab changes).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from jobs_helpers import blackjack_config
from test_browser import ARTIFACTS, ROOT, START_TIMEOUT_S, free_port, served

from jost_engine.jobs import COMPLETE, JobManager

pytest_plugins = ["browser_fixtures", "jobs_fixtures", "postgres_fixtures"]
pytestmark = [pytest.mark.browser, pytest.mark.cluster, pytest.mark.postgres]

SCREEN = {"width": 1400, "height": 900}


def test_jobs_tab_in_a_browser_shows_owners_and_filters_mine(
        tab, cluster, postgres_server, postgres_db, tmp_path):
    """alice runs two jobs (projects ``decks``, shared with bob for reading, and ``pen``,
    for writing) and one not shared; bob one of his own. In bob's workbench the Jobs tab has
    an owner column naming alice with each share and bob as "you", not alice's unshared
    job; *whose* = mine leaves his job alone."""
    from playwright.sync_api import expect

    url = {user: postgres_server.url(user, postgres_db) for user in ("alice", "bob")}
    made = {}
    for user, label, project, decks in (("alice", "alice: 2 decks", "decks", 2),
                                        ("alice", "alice: 6 decks", "pen", 6),
                                        ("alice", "alice: private", "mine", 8),
                                        ("bob", "bob: 1 deck", "decks", 1)):
        with JobManager(client=cluster, ledger=url[user]) as manager:
            config = {**blackjack_config(40_000, 20_000), "label": label}
            config["rules"] = {"decks": decks}
            job = manager.submit(config, project=project)
            assert job.wait(120) == COMPLETE
            made[label] = job.id
    with JobManager(ledger=url["alice"]) as alice:
        alice.ledger.share("decks", "bob", "read")
        alice.ledger.share("pen", "bob", "write")

    port = free_port()
    command = [sys.executable, "-m", "voila", str(ROOT / "notebooks" / "workbench.ipynb"),
               "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
               "--Voila.port_retries=0"]
    env = {"JOST_LEDGER": url["bob"], "JOST_WORKSPACE": str(tmp_path / "bob"),
           "JOST_SCHEDULER": cluster.scheduler.address}
    with served(command, f"http://127.0.0.1:{port}/", env, tmp_path / "voila.log",
                ROOT) as page_url:
        tab.goto(page_url, timeout=START_TIMEOUT_S * 1000)
        tab.get_by_role("tab", name="Jobs").click(timeout=START_TIMEOUT_S * 1000)
        table = tab.locator(".jost-workbench .widget-gridbox").first
        expect(table.get_by_text("owner", exact=True)).to_be_visible(timeout=30_000)
        for text in ("alice: 2 decks", "alice: 6 decks", "bob: 1 deck", "shared: read",
                     "shared: write", "you"):
            expect(table.get_by_text(text, exact=False).first).to_be_visible()
        expect(table).not_to_contain_text("alice: private")
        expect(table.get_by_text(re.compile(r"[+-]\d\.\d+% ± \d\.\d+%")).first).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        tab.locator(".jost-workbench").screenshot(path=str(Path(ARTIFACTS) / "jobs-view.png"))
        tab.get_by_label("whose").select_option("mine")
        expect(table).not_to_contain_text("alice: 2 decks", timeout=30_000)
        expect(table.get_by_text("bob: 1 deck")).to_be_visible()
