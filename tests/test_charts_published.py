"""Published basic strategy charts: structure, plus spot checks against their sources.

The charts transcribed from published sources live in
tests/data/charts/basic/*.json (sources in docs/charts.md); they are the
regression data of the strategy generator (tests/test_exact_charts.py). The
spot-check cells (each with the published chart it was transcribed from) live
in tests/data/published_chart_cells.json.  Only json/pathlib/pytest are used
so the test does not depend on the engine.
"""

import json
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CHART_DIR = HERE / "data" / "charts" / "basic"
CELLS_FILE = HERE / "data" / "published_chart_cells.json"

EXPECTED_CHARTS = [
    "1d-s17",
    "1d-h17",
    "2d-s17",
    "2d-h17",
    "4d-s17",
    "4d-h17",
    "enhc-s17",
    "enhc-h17",
]
DEALER = ["2", "3", "4", "5", "6", "7", "8", "9", "T", "A"]
HARD_ROWS = [str(t) for t in range(4, 22)]
SOFT_ROWS = [str(t) for t in range(12, 22)]
PAIR_ROWS = ["2", "3", "4", "5", "6", "7", "8", "9", "T", "A"]
# surrender rows: a hard total (two-card non-pair hands) or a pair key such as 8-8
SURRENDER_KEYS = set(HARD_ROWS) | {f"{r}-{r}" for r in PAIR_ROWS}

HS_CODES = {"H", "S", "D", "Ds"}
PAIR_CODES = {"P", "Ph", "N"}
SURRENDER_CODES = {"R", "-"}

# hard rows that may never be anything but stand
ALWAYS_STAND_HARD = [str(t) for t in range(17, 22)]


def chart_path(name):
    return CHART_DIR / f"{name}.json"


def load_chart(name):
    with open(chart_path(name), encoding="utf-8") as fh:
        return json.load(fh)


def cells(row):
    return row.split(" ")


def load_cells():
    with open(CELLS_FILE, encoding="utf-8") as fh:
        return json.load(fh)


# --------------------------------------------------------------------------
# structure
# --------------------------------------------------------------------------


def test_all_expected_chart_files_exist():
    present = sorted(p.stem for p in CHART_DIR.glob("*.json"))
    missing = [n for n in EXPECTED_CHARTS if n not in present]
    assert not missing, f"missing chart files: {missing}"


@pytest.fixture(params=EXPECTED_CHARTS)
def chart(request):
    return request.param, load_chart(request.param)


def _check_row(name, table, key, row, allowed):
    assert isinstance(row, str), f"{name} {table}[{key}] is not a string"
    codes = cells(row)
    assert len(codes) == 10, f"{name} {table}[{key}] has {len(codes)} cells: {row!r}"
    assert " ".join(codes) == row, f"{name} {table}[{key}] is not single-space separated"
    bad = [c for c in codes if c not in allowed]
    assert not bad, f"{name} {table}[{key}] has codes {bad} not in {sorted(allowed)}"


def test_top_level_fields(chart):
    name, data = chart
    for field in ("name", "applies_to", "notes", "dealer", "hard", "soft", "pairs",
                  "late_surrender", "early_surrender"):
        assert field in data, f"{name}: missing {field}"
    assert data["dealer"] == DEALER
    assert isinstance(data["name"], str) and data["name"]
    assert isinstance(data["notes"], str) and "Source" in data["notes"]
    applies = data["applies_to"]
    assert set(applies) >= {"decks", "dealer_hits_soft_17", "hole_card"}
    assert applies["dealer_hits_soft_17"] is name.endswith("h17")
    assert applies["hole_card"] == ("enhc" if name.startswith("enhc") else "peek")
    expected_decks = {"1d": "1", "2d": "2", "4d": "4-8", "enhc": "4-8"}[name.split("-")[0]]
    assert str(applies["decks"]) == expected_decks


def test_hard_table(chart):
    name, data = chart
    assert sorted(data["hard"], key=int) == HARD_ROWS
    for key, row in data["hard"].items():
        _check_row(name, "hard", key, row, HS_CODES)
    for key in ALWAYS_STAND_HARD:
        assert set(cells(data["hard"][key])) == {"S"}, f"{name}: hard {key} must always stand"
    for key in ("4", "5", "6", "7"):
        assert set(cells(data["hard"][key])) == {"H"}, f"{name}: hard {key} must always hit"


def test_soft_table(chart):
    name, data = chart
    assert sorted(data["soft"], key=int) == SOFT_ROWS
    for key, row in data["soft"].items():
        _check_row(name, "soft", key, row, HS_CODES)
    assert set(cells(data["soft"]["21"])) == {"S"}
    assert set(cells(data["soft"]["20"])) == {"S"}


def test_pairs_table(chart):
    name, data = chart
    assert sorted(data["pairs"]) == sorted(PAIR_ROWS)
    for key, row in data["pairs"].items():
        _check_row(name, "pairs", key, row, PAIR_CODES)
    # never split fives or tens
    assert set(cells(data["pairs"]["5"])) == {"N"}
    assert set(cells(data["pairs"]["T"])) == {"N"}


@pytest.mark.parametrize("table", ["late_surrender", "early_surrender"])
def test_surrender_tables(chart, table):
    name, data = chart
    rows = data[table]
    assert isinstance(rows, dict) and rows, f"{name}: {table} is empty"
    for key, row in rows.items():
        assert key in SURRENDER_KEYS, f"{name} {table}: unexpected key {key!r}"
        if table == "late_surrender" and not name.startswith("enhc"):
            # with a peek, late surrender only pays for stiff 14-17s and bad pairs
            assert key in {"14", "15", "16", "17"} or "-" in key, f"{name}: late {key}"
        _check_row(name, table, key, row, SURRENDER_CODES)
        assert "R" in cells(row), f"{name} {table}[{key}] has no R (omit such rows)"


def test_peek_late_surrender_only_vs_high_cards(chart):
    """With a peek, late surrender never pays against 2-8."""
    name, data = chart
    if name.startswith("enhc"):
        pytest.skip("ENHC has no peek")
    for key, row in data["late_surrender"].items():
        assert cells(row)[:7] == ["-"] * 7, f"{name}: late surrender {key} vs 2-8"


def test_enhc_late_surrender_is_within_early_surrender():
    """ENHC late surrender loses the whole bet to a dealer blackjack, so it is worth less
    than early surrender: every late-surrender cell is also an early-surrender cell."""
    for name in ("enhc-s17", "enhc-h17"):
        data = load_chart(name)
        for key, row in data["late_surrender"].items():
            early = cells(data["early_surrender"][key])
            for up, code in enumerate(cells(row)):
                assert code == "-" or early[up] == "R", (name, key, up)


def test_h17_and_s17_files_share_hole_card_rules():
    for a, b in (("1d-s17", "1d-h17"), ("2d-s17", "2d-h17"), ("4d-s17", "4d-h17"),
                 ("enhc-s17", "enhc-h17")):
        ca, cb = load_chart(a), load_chart(b)
        assert ca["applies_to"]["decks"] == cb["applies_to"]["decks"]
        assert ca["applies_to"]["hole_card"] == cb["applies_to"]["hole_card"]


# --------------------------------------------------------------------------
# spot checks against published charts
# --------------------------------------------------------------------------

TABLES = {"hard", "soft", "pairs", "late_surrender", "early_surrender"}


def test_published_cells_file_is_well_formed():
    data = load_cells()
    assert isinstance(data.get("about"), str) and data["about"]
    assert isinstance(data.get("cells"), list) and data["cells"]
    per_chart = {}
    for i, cell in enumerate(data["cells"]):
        assert set(cell) >= {"chart", "table", "row", "dealer", "expect", "source"}, i
        assert cell["chart"] in EXPECTED_CHARTS, cell
        assert cell["table"] in TABLES, cell
        assert cell["dealer"] in DEALER, cell
        assert isinstance(cell["source"], str) and cell["source"].strip(), cell
        per_chart[cell["chart"]] = per_chart.get(cell["chart"], 0) + 1
    thin = {c: per_chart.get(c, 0) for c in EXPECTED_CHARTS if per_chart.get(c, 0) < 15}
    assert not thin, f"fewer than 15 published cells for: {thin}"


def _cell_id(cell):
    return f"{cell['chart']}:{cell['table']}[{cell['row']}]v{cell['dealer']}"


_CELLS = load_cells()["cells"]


@pytest.mark.parametrize("cell", _CELLS, ids=[_cell_id(c) for c in _CELLS])
def test_published_cell(cell):
    data = load_chart(cell["chart"])
    table = data[cell["table"]]
    col = DEALER.index(cell["dealer"])
    if cell["table"] in ("late_surrender", "early_surrender"):
        # a missing surrender row means "don't surrender"
        row = table.get(cell["row"], " ".join(["-"] * 10))
    else:
        assert cell["row"] in table, f"row {cell['row']} missing from {cell['table']}"
        row = table[cell["row"]]
    got = cells(row)[col]
    assert got == cell["expect"], (
        f"{_cell_id(cell)}: chart has {got!r}, published {cell['expect']!r} "
        f"({cell['source']})"
    )
