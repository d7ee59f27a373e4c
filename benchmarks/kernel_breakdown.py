"""Where the kernel's time goes: features removed, parts of the code, generality made constant.

Usage: python benchmarks/kernel_breakdown.py [--rounds 2000000] [--runs 5] [--no-code]
       [--no-features] [--no-generality] [--only-generality] [--turns 1]

Three kinds of measurement, all on one core in fresh processes, each the best of
``--runs`` runs of ``--rounds`` rounds after a warm-up:

- **features** (configs): the Hi-Lo case of ``benchmarks/engine.py`` with one
  feature taken away at a time (index plays, wong-out, the bankroll trips,
  late surrender and insurance), down to the flat basic-strategy case. The
  difference in nanoseconds per round is what the feature costs.
- **code parts** (a benchmark build): a copy of ``jost_engine`` in a temporary
  directory with one part of the kernel's source replaced by a cheaper stand-in,
  run on the flat case: the Fisher-Yates draws by a Weyl sequence (no
  generator, no rejection: not random enough for results, as cheap as a draw
  can be), the shoe put back in its starting order at each shuffle left out,
  the per-round tallies and the (true count, outcome) table left out. The game
  played stays the same in distribution (cards per round, hands), so the
  difference is the part's cost. A replacement that no longer matches the
  source stops the script, so the build cannot silently measure nothing.
- **generality** (benchmark builds, cumulative): the flat case's run-time
  generality turned into compile-time constants, one kind more in each build:
  the 35 rule parameters as a module-level tuple of the flat game's values
  (so every ``params[P_*]`` branch folds, the number of seats and our seat
  among them); then the chart, index plays, count tags, bets and true-count
  table as module-level arrays (numba freezes both as constants); then the
  hand table's shape (one seat's four slots); then the whole shoe drawn at
  each shuffle, which drops the per-card test for undrawn positions; then
  the running count no longer kept at every card (the flat game has no
  count); then the loop's arrays declared not to overlap (numba's
  ``noalias`` flag, which its decorator does not offer), so the compiler may
  keep the dealing state in registers across stores to the hands and
  tallies, as a loop over local variables does. The constants are written
  from the flat case's prepared inputs in the build step, and each build
  must give the same tallies as the kernel as it is for the same key (a
  short run compared tally for tally), else the script stops: the builds
  play the same game, card for card. Besides the time, the compiled loop's
  assembly lines and those addressing the stack (spilled values) are
  printed: they change with each build whatever the machine's noise. One
  more build, alone (not cumulative), makes only the number of seats and
  our seat constants in the loop.

With ``--turns N`` the kernel and the builds (code parts, generality) are
measured N times in turn, each keeping its best, so the machine's drift
touches them alike.

Prints nanoseconds per round and per card (cards dealt / rounds). Each
measurement runs in the build's directory and checks that it imported the
build's ``jost_engine`` (``python -c`` puts its working directory first on
``sys.path``: run from a checkout, a build would otherwise measure the
checkout's kernel).
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from engine import CASES  # noqa: E402  (the cases of benchmarks/engine.py)

from jost_engine.config import validate_config  # noqa: E402
from jost_engine.kernel.layout import P_PLAYERS, P_SEAT  # noqa: E402
from jost_engine.kernel.rng import chunk_key  # noqa: E402
from jost_engine.prepare import prepare  # noqa: E402
from jost_engine.simulation import kernel_args  # noqa: E402

FLAT, HI_LO = CASES.values()


def _without(config: dict, section: str, *keys: str) -> dict:
    """``config`` with ``keys`` removed from ``config[section]``."""
    part = {k: v for k, v in config[section].items() if k not in keys}
    return {**config, section: part}


FEATURES = {
    "Hi-Lo, I18 + Fab 4, 1-12, wong-out, trips, LS (engine.py case B)": HI_LO,
    "  without index plays": _without(HI_LO, "strategy", "deviations"),
    "  without index plays, wong-out": _without(
        _without(HI_LO, "strategy", "deviations"), "betting", "wong_out"),
    "  without index plays, wong-out, bankroll trips": _without(
        _without(HI_LO, "strategy", "deviations"), "betting", "wong_out", "bankroll_units"),
    "  without index plays, wong-out, trips, insurance, LS (the count and ramp only)": {
        "rules": {**HI_LO["rules"], "surrender": "none"},
        "strategy": {"count": {"system": "hi-lo"}},
        "betting": {"ramp": HI_LO["betting"]["ramp"]}},
    "flat bet, basic strategy (engine.py case A)": FLAT,
}

# (file in jost_engine/kernel, source text, stand-in): parts replaced in a benchmark build
CODE_PARTS = {
    "random draws (a Weyl sequence instead)": [(
        "shoe.py",
        "        r, s0, s1, s2, s3 = below(s0, s1, s2, s3, n - p)\n",
        "        s0 += np.uint64(0x9E3779B97F4A7C15)\n"
        "        r = np.int64(((s0 >> np.uint64(32)) * np.uint64(n - p)) >> np.uint64(32))\n")],
    "the shoe put back in order at each shuffle": [(
        "shoe.py",
        "    for i in range(shoe.shape[0]):\n        shoe[i] = template[i]\n",
        "")],
    "tallies and the (true count, outcome) table": [
        ("rounds.py", f"tally[{name}] += {value}\n", "pass\n")
        for name, value in [("T_WINS", "1"), ("T_PUSHES", "1"), ("T_LOSSES", "1"),
                            ("T_PLAYER_BJ", "1"), ("T_SURRENDERS", "1"), ("T_DEALER_BJ", "1"),
                            ("T_DEALER_BUSTS", "1"), ("T_DOUBLES", "counts[0]"),
                            ("T_SPLITS", "counts[1]"), ("T_BUSTS", "counts[2]"),
                            ("T_HANDS", "nhands[seat]"), ("T_WAGERED", "bet * action")]
    ] + [("rounds.py", "hist[ix(tc_bin), ix(index)] += 1\n", "pass\n")],
}

KERNEL = "the kernel as it is"
ALONE = "alone: the number of seats and our seat as constants (rules at run time)"
# where the constants go in rounds.py, and the first line of the loop's body
ANCHOR = "WONG_NONE = 1000  # |index| of a wong_in / wong_out that is not set\n"
BODY = '        """The loop itself, compiled without reference counting (no allocation)."""\n'
IN = " " * 8  # the loop's body is indented twice (rounds._round_loop)
TABLES = ("strategy", "dev", "tags2", "bet_by_tc")
# numba's flag marking a function's array arguments noalias (no two overlap), which its
# decorator does not offer: made an option here. True of the loop's arrays (all distinct).
NOALIAS = ("from numba.core.cpu import CPUTargetOptions  # noqa: E402\n"
           "from numba.core.options import TargetOptions  # noqa: E402\n"
           "CPUTargetOptions._noalias = TargetOptions.Mapping('noalias')\n")


def _constant(name: str, array) -> str:
    """Source of a module-level numpy array equal to ``array``."""
    return (f"_FLAT_{name.upper()} = np.array({array.ravel().tolist()}, "
            f"dtype=np.{array.dtype}).reshape({array.shape})\n")


def generality_parts(config: dict) -> dict:
    """Cumulative replacements turning ``config``'s run-time generality into constants.

    The constants are written from the prepared inputs (and the true-count
    table) of ``config``, so a build plays exactly that game; each build
    holds the replacements of the ones before it.
    """
    inputs = prepare(validate_config({**config, "run": {"rounds": 1000}}))
    params = tuple(inputs.params.tolist())
    tcs = kernel_args(inputs, 1000, chunk_key(0, 0))[8]
    players = params[P_PLAYERS]
    tables = {name: getattr(inputs, name) for name in TABLES} | {"tcs": tcs}
    steps = {
        "rule parameters (incl. seats, our seat) as a constant tuple": [
            ("rounds.py", ANCHOR, f"{ANCHOR}_FLAT_PARAMS = {params}\n"),
            ("rounds.py", BODY, f"{BODY}{IN}params = _FLAT_PARAMS\n")],
        "+ chart, index plays, tags, bets, true counts as constant arrays": [
            ("rounds.py", ANCHOR, ANCHOR + "".join(
                _constant(name, array) for name, array in tables.items())),
            ("rounds.py", BODY, BODY + "".join(
                f"{IN}{name} = _FLAT_{name.upper()}\n" for name in tables))],
        "+ one seat's hand table of constant shape": [
            ("rounds.py", BODY, f"{BODY}{IN}hand = hand.reshape((MAX_HANDS * {players}, "
                                f"N_FIELDS))\n{IN}nhands = nhands.reshape(({players},))\n")],
        "+ whole shoe drawn at each shuffle, no per-card test for undrawn cards": [
            ("rounds.py", "    st[S_AHEAD] = round_cards if params[P_EVERY_ROUND] "
                          "else params[P_CUT] + round_cards\n", "    st[S_AHEAD] = n_cards\n"),
            ("shoe.py", "    if pos >= st[S_DRAWN]:\n        _draw_more(shoe, st, rng)\n"
                        "        pos = st[S_POS]\n", "")],
        "+ no running count kept at each card": [
            ("shoe.py", "    if seen:\n        st[S_RC] += tags2[ix(card)]\n", ""),
            ("rounds.py", IN + "        st[S_RC] += tags2[ix(hole)] * st[S_HIDDEN]\n", "")],
        "+ the loop's arrays declared apart (noalias: state kept in registers)": [
            ("rounds.py", ANCHOR, ANCHOR + NOALIAS),
            ("rounds.py", '    @njit(_nrt=False, error_model="numpy")\n'
                          "    def play_rounds(", '    @njit(_nrt=False, '
                          'error_model="numpy", _noalias=True)\n    def play_rounds(')],
    }
    parts, done = {}, []
    for name, replacements in steps.items():
        done = done + replacements
        parts[name] = done
    parts[ALONE] = [("rounds.py", f"{IN}players = params[P_PLAYERS]\n{IN}me = params[P_SEAT]\n",
                     f"{IN}players = {players}\n{IN}me = {params[P_SEAT]}\n")]
    return parts


MEASURE = """
import hashlib, json, sys, time
import jost_engine
from jost_engine.config import validate_config
from jost_engine.kernel.rng import chunk_key
from jost_engine.kernel.rounds import _plain_rounds
from jost_engine.prepare import prepare
from jost_engine.simulation import play
config, rounds, runs = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
inputs = prepare(validate_config({**config, "run": {"rounds": rounds}}))
play(inputs, 10_000, chunk_key(0, 0))
check = play(inputs, 200_000, chunk_key(2, 0))  # the tally check: about 4,600 shoes
digest = hashlib.sha256(json.dumps([check.scalars, check.hist]).encode()).hexdigest()
best, cards = 0.0, 0.0
for i in range(runs):
    start = time.perf_counter()
    tally = play(inputs, rounds, chunk_key(1, i))
    rate = tally["all_rounds"] / (time.perf_counter() - start)
    best, cards = max(best, rate), tally["cards"] / tally["all_rounds"]
try:  # compiled in this process; loaded from numba's cache it has no assembly
    asm = next(iter(_plain_rounds.inspect_asm().values())).splitlines()
except Exception:
    asm = []
print(json.dumps({"module": jost_engine.__file__, "rate": best, "cards": cards,
                  "tallies": digest, "asm": len(asm),
                  "stack": sum("(%rsp)" in line for line in asm)}))
"""


def measure(config: dict, rounds: int, runs: int, path: Path, cache: str) -> dict:
    """Best rate [rounds/s] and cards per round of ``config`` with ``path`` first on sys.path.

    Also a digest of a short run's tallies, and the compiled loop's assembly
    (with the functions it calls): its lines, and those addressing the stack
    (0 when loaded from numba's cache). Stops the script if the process
    imported ``jost_engine`` from elsewhere.
    """
    env = {**os.environ, "PYTHONPATH": str(path), "NUMBA_CACHE_DIR": cache}
    # run in ``path``: ``python -c`` puts its working directory first on sys.path, and
    # from a checkout that would import the checkout's kernel instead of the build's
    out = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(config), str(rounds),
                          str(runs)], env=env, cwd=path, check=True, capture_output=True,
                         text=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    if Path(found["module"]).resolve().parents[1] != path.resolve():
        raise SystemExit(f"measured {found['module']}, not the kernel in {path}")
    return found


def benchmark_build(into: Path, replacements: list) -> Path:
    """A copy of ``jost_engine`` in ``into`` with the kernel's source text replaced."""
    shutil.copytree(ROOT / "jost_engine", into / "jost_engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name, old, new in replacements:
        path = into / "jost_engine" / "kernel" / name
        path.write_text(replace_once(path.read_text(), old, new, name))
    return into


def replace_once(text: str, old: str, new: str, name: str) -> str:
    """``text`` with ``old`` replaced by ``new``; ``old`` must be there exactly once.

    Code may have moved one or two levels deeper since a part was written (the
    loop into a function factory): ``old`` is looked for as written, then
    indented by 4 and 8 spaces, and ``new`` is indented alike.
    """
    for extra in (0, 4, 8):
        moved = textwrap.indent(old, " " * extra)
        if text.count(moved) == 1:
            return text.replace(moved, textwrap.indent(new, " " * extra))
    raise SystemExit(f"{name}: the text to replace is not there once: {old!r}")


def line(name: str, found: dict, reference: float | None = None) -> str:
    """One row: rate, ns per round and per card, and the difference to ``reference``."""
    ns = 1e9 / found["rate"]
    text = (f"{name:<82} {found['rate'] / 1e6:6.2f} M/s {ns:6.1f} ns/round "
            f"{ns / found['cards']:5.1f} ns/card")
    if reference is not None:
        text += f"  ({reference - ns:+.1f} ns/round)"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-code", action="store_true", help="skip the code parts")
    parser.add_argument("--no-features", action="store_true", help="skip the features")
    parser.add_argument("--no-generality", action="store_true",
                        help="skip the generality builds")
    parser.add_argument("--only-generality", action="store_true",
                        help="the generality builds alone (as --no-features --no-code)")
    parser.add_argument("--turns", type=int, default=1,
                        help="measure the kernel and the builds (code parts, generality) this "
                             "many times in turn, keeping each one's best")
    args = parser.parse_args()
    if args.only_generality:
        args.no_features = args.no_code = True
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, "numba")
        previous = None
        for name, config in ({} if args.no_features else FEATURES).items():
            if previous is None:
                print("features (configs), the project's kernel:")
            found = measure(config, args.rounds, args.runs, ROOT, cache)
            ns = 1e9 / found["rate"]
            print(line(name, found, previous))
            previous = ns
        if args.no_code and args.no_generality:
            return
        whole = measure(FLAT, args.rounds, args.runs, ROOT, cache)
        if not args.no_code:
            print("code parts, flat case; in brackets the part's cost:")
            builds = [(f"without {name}", benchmark_build(Path(tmp) / f"build{i}", replacements),
                       os.path.join(tmp, f"nb{i}"))
                      for i, (name, replacements) in enumerate(CODE_PARTS.items())]
            best = in_turns(whole, builds, args.rounds, args.runs, args.turns, tmp, False)
            print(line(KERNEL, best[KERNEL]))
            for name, _, _ in builds:
                print(line(name, best[name], 1e9 / best[KERNEL]["rate"]))
        if not args.no_generality:
            generality(whole, args.rounds, args.runs, Path(tmp), args.turns)


def in_turns(whole: dict, builds: list, rounds: int, runs: int, turns: int, tmp: str,
             same_game: bool) -> dict:
    """The best measurement of the kernel (``whole``, its first) and of each build.

    ``builds`` holds (name, path, numba cache) triples. With ``turns`` > 1
    the kernel and the builds are measured again in turn (numba's cache
    warm), each keeping its best: the machine's drift from minute to minute
    then touches all alike. With ``same_game`` a build's tallies must be the
    kernel's.
    """
    best = {KERNEL: whole}
    kernel = [(KERNEL, ROOT, os.path.join(tmp, "numba"))]
    for turn in range(turns):
        for name, path, cache in (kernel + builds) if turn else builds:
            found = measure(FLAT, rounds, runs, path, cache)
            if same_game and found["tallies"] != whole["tallies"]:
                raise SystemExit(f"{name}: the build's tallies differ from the kernel's")
            if name not in best:
                best[name] = found
            elif found["rate"] > best[name]["rate"]:  # the first one has the assembly
                best[name] = {**found, "asm": best[name]["asm"],
                              "stack": best[name]["stack"]}
    return best


def generality(whole: dict, rounds: int, runs: int, tmp: Path, turns: int):
    """Measure the generality builds (cumulative) against ``whole``, the kernel as it is."""
    print("generality, flat case, cumulative; in brackets the time saved against the kernel "
          "as it is, then by this step; the loop's assembly lines, on the stack:")
    builds = [(name, benchmark_build(tmp / f"general{i}", replacements), str(tmp / f"ng{i}"))
              for i, (name, replacements) in enumerate(generality_parts(FLAT).items())]
    best = in_turns(whole, builds, rounds, runs, turns, str(tmp), True)
    reference = previous = 1e9 / best[KERNEL]["rate"]
    print(f"{line(KERNEL, best[KERNEL])}  asm {best[KERNEL]['asm']}, {best[KERNEL]['stack']}")
    for name, _, _ in builds:
        found = best[name]
        ns = 1e9 / found["rate"]
        step = "" if name == ALONE else f"; {previous - ns:+.1f}"
        print(f"{line(name, found, reference)[:-1]}{step})"
              f"  asm {found['asm']}, {found['stack']}")
        previous = ns


if __name__ == "__main__":
    main()
