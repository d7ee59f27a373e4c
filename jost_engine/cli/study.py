"""``jost study run|submit|status|result|cancel|resume`` and ``jost studies``.

A spec is a JSON file, inline JSON, ``-`` or a ``studies`` profile name
(``docs/studies.md``). ``run`` drives the study in this process with a
progress bar and prints the table; ``submit`` records it, starts a
background runner (:mod:`jost_engine.jobs.runner` with ``--study``) and
prints its id at once. Which cluster is used: see
:mod:`jost_engine.jobs.connect`. The study layer (pandas, Dask) is imported
inside each command.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import JobError, JobNotCompleteError
from .options import add_cluster_options, check_scheduler, rounds
from .output import Progress, cell, missing, write_json

PCT = 100.0


def _spec(args: argparse.Namespace) -> dict:
    """The spec ``args.spec`` names, with ``--rounds`` set on its base (the variants inherit it)."""
    from ..profiles import study_from_spec

    spec = study_from_spec(args.spec, stdin=sys.stdin)
    if getattr(args, "rounds", None) is None:
        return spec
    from ..config import merge_config
    from ..profiles import ProfileStore

    base = spec.get("base")
    if isinstance(base, str):
        base = ProfileStore().piece("configs", base)
    if not isinstance(base, dict):
        return spec  # the spec's own check names what is wrong with its base
    return {**spec, "base": merge_config(base, {"run.rounds": args.rounds})}


def _manager(args: argparse.Namespace | None = None):
    from ..jobs import JobManager

    if args is None:
        return JobManager()
    return JobManager(scheduler=args.scheduler, workers=args.workers)


def _study(study_id: str, manager=None):
    from ..studies import Study

    return Study(manager or _manager(), study_id)


def _float(value) -> float | None:
    return None if missing(value) else float(value)


def _row_figures(row: dict, base: bool) -> dict:
    """The estimates of one study row: advantage, paired difference, win per hour, SCORE."""
    from ..analysis.estimates import Estimate

    ev, se_ev, sd = (_float(row.get(k)) for k in ("ev_per_round", "se_ev_per_round",
                                                  "sd_per_round"))
    hour, di = _float(row.get("win_rate_per_hour")), _float(row.get("di"))
    diff, se_diff = (_float(row.get(k)) for k in ("paired_diff_advantage",
                                                  "paired_se_diff_advantage"))
    if base:
        vs = None
    elif diff is None:
        vs = Estimate("advantage", None, why="not finished" if row.get("state") != "COMPLETE"
                      else row.get("paired_note") or "too few chunks for a paired SE")
    else:
        vs = Estimate("advantage", diff, se_diff, method="paired (common shoes)",
                      why=None if se_diff is not None
                      else row.get("paired_note") or "too few chunks for a paired SE")
    score = _float(row.get("score"))
    return {
        "advantage": Estimate("advantage", _float(row.get("advantage")),
                              _float(row.get("se_advantage"))),
        "vs base": vs,
        # the win per hour is the win per round times a constant: its SE scales alike
        "win/h": Estimate("win_rate_per_hour", hour,
                          abs(hour / ev) * se_ev if None not in (hour, se_ev) and ev else None),
        "SCORE": Estimate("score", score, None if score is None or not sd or se_ev is None
                          else 2 * abs(di or 0.0) * 1000 * se_ev / sd,
                          why=None if score is not None else "needs a positive EV"),
    }


def format_table(rows: list[dict]) -> str:
    """The study's table for the terminal: varied fields, state, rounds, figures ± 1 SE
    through the one formatter (:func:`jost_engine.analysis.format.estimate`)."""
    import pandas as pd

    from ..analysis import format as fmt

    frame = pd.DataFrame.from_records(rows)
    fields = [c for c in frame.columns if ("." in c and not c.startswith("side_bet."))
              or c in ("strategy", "rules", "betting")]
    shown = pd.DataFrame({"variant": [v if k != "grid" else "" for v, k in
                                      zip(frame["variant"], frame["kind"], strict=True)]})
    from ..analysis import study_tables

    for field in fields:  # readable names and values, as the Study tab and the study report
        shown[study_tables.field_label(field)] = [study_tables.field_value(field, v)
                                                  for v in frame[field]]
    shown["state"] = frame["state"]
    shown["rounds"] = frame["rounds"].map(lambda v: f"{v:,}")
    figs = [_row_figures(row, i == 0) for i, row in enumerate(rows)]
    for name, title in (("advantage", "advantage"), ("vs base", "vs base (paired)"),
                        ("win/h", "win/h [units]"), ("SCORE", "SCORE")):
        shown[title] = ["the base" if f[name] is None else fmt.estimate(f[name]) for f in figs]
    from ..analysis.side_bet_figures import study_cells

    side = [study_cells(row) for row in rows]
    for title in dict.fromkeys(t for cells in side for t in cells):
        shown[title] = [cells.get(title, "") for cells in side]
    shown["exact EV off the top"] = (frame["exact_ev_td"].astype(float) * PCT).map(
        lambda v: "n/a (not computed)" if missing(v) else f"{v:+.3f} %")
    if "own_optimum_score" in frame:
        shown["SCORE own opt."] = frame["own_optimum_score"].map(lambda v: cell(v, "{:.1f}"))
        shown["CE/h own opt."] = frame["own_optimum_ce_per_hour"].map(
            lambda v: cell(v, "{:+.2f}"))
    if "race" in frame and frame["race"].notna().any():
        from ..analysis.study_tables import race_words

        shown["race"] = [race_words(row) for row in rows]
    return shown.to_string(index=False) + f"\n({fmt.SE_NOTE})"


def _print(study, args: argparse.Namespace) -> None:
    """The table in the format asked for (text, ``--json`` or ``--csv``)."""
    rows = study.rows(exact=not args.no_exact)
    if getattr(args, "own_optimum", None):
        rows = _with_own_optimum(study, rows, args.own_optimum)
    if args.json:
        write_json({"study": study.id, "label": study.info["label"], "rows": rows})
    elif args.csv:
        import pandas as pd

        pd.DataFrame.from_records(rows).to_csv(sys.stdout, index=False)
    else:
        print(f"study {study.id}: {study.info['label']}")
        print(format_table(rows))


def _with_own_optimum(study, rows: list[dict], limits: dict) -> list[dict]:
    """Each finished row's SCORE, win rate and CE at its own optimal ramps
    (:func:`jost_engine.betting.counts.own_optimum_columns`), common ``limits``."""
    from ..betting.counts import own_optimum_columns
    from ..jobs.ledger import COMPLETE

    return [{**row, **own_optimum_columns(
        study.manager.job(row["job"]).result(timeout=0) if row["state"] == COMPLETE
        else None, **limits)} for row in rows]


def _own_optimum(text: str) -> dict:
    """``--own-optimum SPREAD,BANKROLL[,wong]``: the common limits."""
    parts = [p.strip() for p in text.split(",")]
    try:
        spread, bankroll = float(parts[0]), float(parts[1])
        wong = {"": None, "wong": "auto", "none": None}[parts[2] if len(parts) > 2 else ""]
        if not (spread >= 1 and bankroll > 0) or len(parts) > 3:
            raise ValueError
    except (ValueError, IndexError, KeyError):
        raise argparse.ArgumentTypeError(
            f"must be SPREAD,BANKROLL_UNITS[,wong] such as 12,400 or 12,400,wong, got "
            f"{text!r}") from None
    return {"spread": spread, "bankroll": bankroll, "wong_out": wong}


def _ending(study) -> int:
    """Exit 0 for a complete study; JobNotCompleteError (exit 1) for one that ended otherwise."""
    from ..jobs.ledger import ACTIVE, COMPLETE

    state = study.status
    if state == COMPLETE or state in ACTIVE:
        return 0
    errors = {r["error"] for r in study.job_rows() if r["error"]}
    raise JobNotCompleteError(f"study {study.id} is {state}" +
                              (f": {sorted(errors)[0]}" if errors else ""))


def cmd_run(args: argparse.Namespace) -> int:
    """Validate every variant, run the study here with a progress bar, print the table."""
    from ..studies import Study

    spec = _spec(args)
    check_scheduler(args.scheduler, args.workers)
    manager = _manager(args)
    try:
        study = Study.create(spec, manager)
        manager.start_study(study.id)
        print(f"study {study.id} on {manager.connection.address} "
              f"(dashboard: {manager.dashboard_link or 'none'})", file=sys.stderr)
        bar = None if (args.json or args.csv) else Progress()
        try:
            study.wait(every=bar and (lambda p: _show(bar, p)))
        except KeyboardInterrupt:
            study.cancel()
            raise
        finally:
            if bar is not None:
                bar.close()
        _print(study, args)
        return _ending(study)
    finally:
        manager.close()


def _show(bar: Progress, progress) -> None:
    """The study's rounds on the bar (speed and time left from tqdm), variants done beside."""
    bar(progress.rounds_done, progress.rounds_total)
    if bar.bar is not None and not bar.bar.disable:
        bar.bar.set_postfix_str(f"{progress.variants_done}/{progress.variants} variants",
                                refresh=False)


def cmd_submit(args: argparse.Namespace) -> int:
    """Validate every variant, record the study, start its runner; print its id."""
    from ..jobs.runner import spawn
    from ..studies import Study

    spec = _spec(args)
    check_scheduler(args.scheduler, args.workers)
    manager = _manager()
    study = Study.create(spec, manager)
    spawn(manager.ledger, study.id, scheduler=args.scheduler, workers=args.workers, study=True)
    print(study.id)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """A study's state and progress, and its variants' states."""
    study = _study(args.study_id)
    progress = study.progress
    if args.json:
        write_json({"study": study.id, **{k: v for k, v in study.info.items() if k != "spec"},
                    "progress": vars(progress)})
        return 0
    print(f"study {study.id}  {study.info['label']}\n  progress   {progress}")
    return 0


def cmd_result(args: argparse.Namespace) -> int:
    """The study's table (while it runs: the rounds done so far); exit 1 if it ended badly."""
    study = _study(args.study_id)
    _print(study, args)
    return _ending(study)


def cmd_cancel(args: argparse.Namespace) -> int:
    """Cancel every active variant of a study."""
    study = _study(args.study_id)
    count = study.cancel()
    print(f"cancelled {study.id}: {count} variants stopped" if count
          else f"study {study.id} had already ended: {study.status}")
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    """Start a runner for the missing chunks of every variant that is not COMPLETE."""
    from ..jobs.ledger import ACTIVE, RESUMABLE
    from ..jobs.runner import spawn

    manager = _manager()
    study = _study(args.study_id, manager)
    rows = study.job_rows()
    if any(r["state"] in ACTIVE for r in rows):
        raise JobError(f"study {study.id} is already running")
    todo = [r["id"] for r in rows if r["state"] in RESUMABLE]
    if not todo:
        raise JobError(f"study {study.id} is {study.status}; nothing to resume")
    check_scheduler(args.scheduler, args.workers)
    missing = sum(len(manager.missing_chunks(j)) for j in todo)
    spawn(manager.ledger, study.id, resume=True, scheduler=args.scheduler,
          workers=args.workers, study=True)
    print(f"resuming {study.id}: {len(todo)} variants, {missing} chunks to run")
    return 0


def cmd_studies(args: argparse.Namespace) -> int:
    """The studies of the workspace, newest first."""
    import datetime as dt

    rows = _manager().ledger.studies()
    if args.json:
        write_json(rows)
        return 0
    if not rows:
        print("no studies")
        return 0
    print(f"{'ID':<10}  {'STATE':<11} {'VARIANTS':>9} {'ROUNDS':>15}  {'CREATED':<19}  LABEL")
    for r in rows:
        when = dt.datetime.fromtimestamp(r["created_at"]).strftime("%Y-%m-%d %H:%M:%S")
        variants = f"{r['variants_done'] or 0}/{r['variants']}"
        print(f"{r['id']:<10}  {r['state']:<11} {variants:>9} "
              f"{cell(r['rounds_total'], '{:,}'):>15}  {when:<19}  {r['label']}")
    return 0


def _output_options(parser: argparse.ArgumentParser) -> None:
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true",
                      help='print {"study": ID, "rows": [...]} as JSON')
    form.add_argument("--csv", action="store_true", help="print the table as CSV")
    parser.add_argument("--no-exact", action="store_true",
                        help="leave out the exact EVs (seconds per new rule set)")
    parser.add_argument("--own-optimum", type=_own_optimum, metavar="SPREAD,BANKROLL[,wong]",
                        help="also each counted row's SCORE, win rate and certainty "
                             "equivalent at its own optimal ramps under these common limits "
                             "(spread, bankroll in units, back-counting allowed with 'wong')")


def add_commands(sub) -> None:
    """Add ``study`` and ``studies`` to the ``jost`` sub-command parsers."""
    study = sub.add_parser("study", help="run, submit and follow studies (a base config and "
                                         "its variants)")
    ssub = study.add_subparsers(dest="action", required=True, parser_class=type(study))
    spec_help = "a study spec: JSON file, inline JSON, '-' or a studies profile name"
    rounds_help = "override the base's run.rounds, e.g. 3M or 2e6 (variants inherit it)"
    run = ssub.add_parser("run", help="run a study here with a progress bar; print its table")
    run.add_argument("spec", help=spec_help)
    run.add_argument("--rounds", type=rounds, help=rounds_help)
    add_cluster_options(run)
    _output_options(run)
    run.set_defaults(func=cmd_run)
    submit = ssub.add_parser("submit", help="submit a study and print its id at once")
    submit.add_argument("spec", help=spec_help)
    submit.add_argument("--rounds", type=rounds, help=rounds_help)
    add_cluster_options(submit)
    submit.set_defaults(func=cmd_submit)
    status = ssub.add_parser("status", help="a study's state and progress")
    status.add_argument("study_id")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)
    result = ssub.add_parser("result", help="a study's table (partial while it runs)")
    result.add_argument("study_id")
    _output_options(result)
    result.set_defaults(func=cmd_result)
    cancel = ssub.add_parser("cancel", help="cancel every running variant of a study")
    cancel.add_argument("study_id")
    cancel.set_defaults(func=cmd_cancel)
    resume = ssub.add_parser("resume", help="run the missing chunks of every variant")
    resume.add_argument("study_id")
    add_cluster_options(resume)
    resume.set_defaults(func=cmd_resume)
    studies = sub.add_parser("studies", help="list the studies of the workspace")
    studies.add_argument("--json", action="store_true")
    studies.set_defaults(func=cmd_studies)
