"""The golden configs: every shipped profile, run small, whose figures must never drift.

``tests/data/golden_summaries.json`` holds the figures (``SimulationResult.figures()``)
of these configs as the kernel gave them at commit e59c8cf (2026-12-05), before
multiple spots, errors, cover and other players' strategies were added. A new kernel
feature switched off must reproduce them bit for bit (``tests/test_golden.py``).

Regenerate only when a change is *meant* to move the figures, and say so in the
commit message::

    python tests/golden_configs.py --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

GOLDEN = Path(__file__).parent / "data" / "golden_summaries.json"
PROFILES = Path(__file__).resolve().parent.parent / "profiles"
RUN = {"rounds": 12_000, "seed": 5, "chunk_rounds": 4_000}


def _names(kind: str) -> list[str]:
    """Names of the shipped profiles of one kind (``rules``, ``strategies``, ...)."""
    return sorted(p.stem for p in (PROFILES / kind).glob("*.json"))


def golden_configs() -> dict[str, dict]:
    """Configs by name: each rules profile counted and flat, each strategy, each ramp,
    each shipped config, and a full table (three seats, ours in the middle)."""
    configs: dict[str, dict] = {}
    for rules in _names("rules"):
        configs[f"rules:{rules}:flat"] = {"rules": rules, "strategy": "basic",
                                          "betting": "flat", "run": dict(RUN)}
        configs[f"rules:{rules}:hilo"] = {"rules": rules, "strategy": "hi-lo-i18-fab4",
                                          "betting": "spread-1-12", "run": dict(RUN)}
    for strategy in _names("strategies"):
        configs[f"strategy:{strategy}"] = {"rules": "vegas-strip-6d-s17", "strategy": strategy,
                                           "betting": "spread-1-8", "run": dict(RUN)}
    for betting in _names("betting"):
        configs[f"betting:{betting}"] = {"rules": "vegas-strip-6d-h17-ls",
                                         "strategy": "hi-lo-i18-fab4", "betting": betting,
                                         "run": dict(RUN)}
    for name in _names("configs"):
        shipped = json.loads((PROFILES / "configs" / f"{name}.json").read_text("utf-8"))["config"]
        configs[f"config:{name}"] = {**shipped, "run": {**shipped.get("run", {}), **RUN}}
    configs["table:three-seats"] = {"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
                                    "betting": "spread-1-8", "table": {"players": 3, "seat": 2},
                                    "run": dict(RUN)}
    configs["every-round"] = {"rules": {"decks": 6, "reshuffle": "every_round"},
                              "strategy": "basic", "run": dict(RUN)}
    return configs


def golden_figures(config: dict) -> dict:
    """The figures of one golden config, run in-process."""
    from jost_engine import run_simulation_from_config
    from jost_engine.profiles import hydrate

    return run_simulation_from_config(hydrate(config)).figures()


def main(argv: list[str]) -> int:
    """Write ``tests/data/golden_summaries.json`` (with ``--write``)."""
    if argv != ["--write"]:
        print(__doc__)
        return 2
    data = {"source": "figures of tests/golden_configs.py at commit e59c8cf (2026-12-05), "
                      "before multiple spots, errors and cover",
            "figures": {name: golden_figures(config)
                        for name, config in golden_configs().items()}}
    GOLDEN.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(data['figures'])} configs to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
