"""Each ``jost`` command turns its flags into one library call and maps errors to exit codes.

Most tests replace the library call (as papermill's ``tests/test_cli.py`` does)
and run :func:`jost_engine.cli.main` in this process; a few run the real
``jost`` command in a subprocess where the process itself is the subject
(broken pipe, exit code of an unreachable scheduler).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import time
from types import SimpleNamespace

import pandas as pd
import pytest
from jobs_helpers import blackjack_config, jost_command, python_env

import jost_engine.jobs
import jost_engine.jobs.ledger
import jost_engine.simulation
from jost_engine.cli import main
from jost_engine.cli.output import Progress
from jost_engine.errors import (
    ClusterError,
    JobNotCompleteError,
    LedgerDamagedError,
)


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    """An empty workspace, with no scheduler named in the environment."""
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("JOST_SCHEDULER", raising=False)
    return tmp_path


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "game.json"
    path.write_text(json.dumps(blackjack_config(10_000, 1_000)), encoding="utf-8")
    return str(path)


def exit_code(argv: list[str]) -> int:
    """``main(argv)``'s exit code, argparse's own errors included."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("jost: ") and len(err.strip().splitlines()) == 1, err
    return err


# --- flags become one library call --------------------------------------------------------

def test_run_in_process_passes_the_overridden_config_to_the_core(config_file, monkeypatch,
                                                                 capsys):
    """``jost run F --in-process --rounds --seed --label`` calls
    ``run_simulation_from_config`` once with those values in the config."""
    calls = []

    def fake_run(config, progress=None, charts=None):
        calls.append(config)
        raise ClusterError("stop here")  # any JostError ends the command

    monkeypatch.setattr(jost_engine.simulation, "run_simulation_from_config", fake_run)
    assert exit_code(["run", config_file, "--in-process", "--rounds", "5000", "--seed", "4",
                      "--label", "mine"]) == 3
    [config] = calls
    assert config["run"]["rounds"] == 5000 and config["run"]["seed"] == 4
    assert config["label"] == "mine" and config["run"]["chunk_rounds"] == 1000


def test_submit_checks_the_scheduler_before_recording_anything(config_file, monkeypatch,
                                                               capsys, workspace):
    """``jost submit --scheduler ADDR`` reaches the scheduler before the job is recorded or
    a runner started; an unreachable one exits 3 and leaves the ledger empty."""
    order = []
    monkeypatch.setattr("jost_engine.cli.jobs.check_scheduler",
                        lambda scheduler, workers: order.append(("check", scheduler)))
    monkeypatch.setattr(jost_engine.jobs.JobManager, "create",
                        lambda self, config, meta=None: order.append(("create", meta)) or "j1")
    monkeypatch.setattr("jost_engine.jobs.runner.spawn",
                        lambda ledger, job_id, **kw: order.append(("spawn", kw)) or None)
    monkeypatch.setattr(jost_engine.jobs.Ledger, "set_owner", lambda self, job_id, owner: None)
    assert main(["submit", config_file, "--scheduler", "tcp://127.0.0.1:8786",
                 "--project", "p", "--tag", "t"]) == 0
    assert [step for step, _ in order] == ["check", "create", "spawn"]
    assert order[1][1] == {"project": "p", "tags": ["t"]}
    assert order[2][1] == {"scheduler": "tcp://127.0.0.1:8786", "workers": None}


def test_jobs_repair_calls_the_ledger_repair_and_says_what_it_did(monkeypatch, capsys,
                                                                  workspace):
    """``jost jobs --repair`` calls ``repair_ledger(<workspace>/jobs.sqlite)`` and prints
    what it did (the backup path and what the new ledger holds), without opening the ledger."""
    from jost_engine.jobs.repair import Repair

    seen = []

    def fake_repair(path):
        seen.append(path)
        return Repair(workspace / "jobs.sqlite.damaged-1", jobs=3, chunks=7, studies=1,
                      interrupted=2)

    monkeypatch.setattr(jost_engine.jobs.ledger, "repair_ledger", fake_repair, raising=False)
    assert main(["jobs", "--repair"]) == 0
    assert seen == [workspace / "jobs.sqlite"]
    out = capsys.readouterr().out
    assert "jobs.sqlite.damaged-1" in out and "empty" not in out
    assert "3 job(s) with 7 chunk result(s) and 1 study(ies); 2 of them" in out


def test_jobs_never_prints_nan(monkeypatch, capsys):
    """Missing values in the job table (None, NaN, NaT) print as ``-``, never ``nan``."""
    table = pd.DataFrame([
        {"id": "abc123", "state": "PENDING", "label": float("nan"), "project": float("nan"),
         "tags": float("nan"), "chunks_done": 0, "chunks_total": float("nan"),
         "rounds_total": float("nan"), "created": pd.NaT},
        {"id": "def456", "state": "COMPLETE", "label": "game", "project": None, "tags": [],
         "chunks_done": 4, "chunks_total": 4, "rounds_total": 1000,
         "created": pd.Timestamp("2026-01-02 03:04:05")},
    ]).set_index("id")
    monkeypatch.setattr(jost_engine.jobs.JobManager, "jobs", lambda self, **kw: table)
    assert main(["jobs"]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out.lower() and "nat" not in out.lower()
    assert "abc123" in out and "2026-01-02 03:04:05" in out and "1,000" in out


# --- exit codes ---------------------------------------------------------------------------

@pytest.mark.parametrize("error, code", [
    (ClusterError("cannot reach the Dask scheduler at tcp://x:1"), 3),
    (LedgerDamagedError("the ledger /w/jobs.sqlite is damaged", "/w/jobs.sqlite"), 3),
    (JobNotCompleteError("job j1 is FAILED: boom"), 1),
    (jost_engine.jobs.JobError("no job 'x'"), 2),
])
def test_an_error_becomes_one_line_and_its_exit_code(monkeypatch, capsys, error, code):
    """``main`` prints any JostError as ``jost: <message>`` and exits with its exit_code
    (1 job failed, 2 bad input, 3 environment)."""

    def fail(self, job_id):
        raise error

    monkeypatch.setattr(jost_engine.jobs.JobManager, "job", fail)
    assert main(["status", "x"]) == code
    assert str(error) in one_line(capsys)


def test_result_of_a_failed_job_exits_1(monkeypatch, capsys):
    """``jost result ID`` of a FAILED job exits 1 (a job failed), not 2."""

    class Failed:
        id, status, error = "j1", "FAILED", "boom"
        progress = "FAILED 1/4 chunks"

        def partial_result(self):
            return None

    monkeypatch.setattr(jost_engine.jobs.JobManager, "job", lambda self, job_id: Failed())
    assert main(["result", "j1"]) == 1
    assert "boom" in one_line(capsys)


@pytest.mark.parametrize("argv, flag", [
    (["run", "x.json", "--workers", "0"], "--workers"),
    (["run", "x.json", "--workers", "-3"], "--workers"),
    (["submit", "x.json", "--rounds", "0"], "--rounds"),
    (["run", "x.json", "--seed", "-1"], "--seed"),
    (["jobs", "--limit", "-1"], "--limit"),
    (["jobs", "--limit", "0"], "--limit"),
    (["cluster", "up", "--workers", "0"], "--workers"),
    (["resume", "j1", "--workers", "0"], "--workers"),
    (["result", "j1", "--wait", "--timeout", "0"], "--timeout"),
    (["result", "j1", "--wait", "--timeout", "nan"], "--timeout"),
])
def test_non_positive_counts_are_refused_naming_the_flag(capsys, argv, flag):
    """A count below its minimum exits 2 with one line naming the flag."""
    assert exit_code(argv) == 2
    assert f"argument {flag}: must be" in one_line(capsys)


@pytest.mark.parametrize("address", ["foo", "tcp://", "tcp://127.0.0.1", "http://x:8786",
                                     "tcp://host:99999", "tcp://a b:1"])
def test_a_malformed_scheduler_is_refused_at_once(capsys, address):
    """``--scheduler`` must look like ``tcp://HOST:PORT``: exit 2, one line."""
    assert exit_code(["submit", "x.json", "--scheduler", address]) == 2
    assert "argument --scheduler: must be an address like tcp://" in one_line(capsys)


def test_a_directory_given_as_config_is_named(tmp_path, capsys):
    """A directory where a config file is expected: 'is a directory', exit 2."""
    assert exit_code(["run", str(tmp_path), "--in-process"]) == 2
    assert "is a directory" in one_line(capsys)


def test_an_unreachable_scheduler_fails_submit_at_once_with_exit_3(config_file, workspace):
    """The real ``jost submit --scheduler tcp://127.0.0.1:1`` exits 3 within seconds, with
    one line, and records no job."""
    start = time.monotonic()
    out = subprocess.run([*jost_command(), "submit", config_file, "--scheduler",
                          "tcp://127.0.0.1:1"], env=python_env(JOST_WORKSPACE=str(workspace)),
                         capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 3, out.stderr
    assert time.monotonic() - start < 15
    assert out.stderr.startswith("jost: cannot reach the Dask scheduler at tcp://127.0.0.1:1")
    assert len(out.stderr.strip().splitlines()) == 1
    ledger = workspace / "jobs.sqlite"
    assert not ledger.exists() or jost_engine.jobs.Ledger(ledger).rows() == []


def test_schema_into_a_closed_pipe_prints_no_traceback(workspace):
    """``jost schema`` writing into a pipe whose reader is gone (``| head -1``) ends
    quietly: no BrokenPipeError traceback, exit 0."""
    read, write = os.pipe()
    os.close(read)  # the reader has gone before jost writes
    try:
        out = subprocess.run([*jost_command(), "schema"], stdout=write, stderr=subprocess.PIPE,
                             env=python_env(JOST_WORKSPACE=str(workspace)), text=True,
                             timeout=60)
    finally:
        os.close(write)
    assert out.returncode == 0 and out.stderr == ""


def test_schema_head_in_a_shell_pipe(workspace):
    """``jost schema | head -1`` in a real shell: the first line, nothing on stderr."""
    command = " ".join(jost_command()) + " schema | head -1"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                         text=True, env=python_env(JOST_WORKSPACE=str(workspace)), timeout=60)
    assert out.stdout == "{\n" and out.stderr == ""


# --- the progress bar ---------------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_tqdm_bar_on_a_terminal_and_silent_otherwise():
    """The progress of ``jost run`` is a tqdm bar of rounds on a terminal, nothing in a file."""
    terminal, file = Terminal(), io.StringIO()
    for stream in (terminal, file):
        bar = Progress(stream)
        bar(500, 1000)
        bar(1000, 1000)
    assert "100%" in terminal.getvalue() and "rounds" in terminal.getvalue()
    assert file.getvalue() == ""


def test_exact_calls_analyse_with_the_hydrated_config(monkeypatch, capsys):
    """``jost exact RULES_NAME --json`` calls ``exact.analyse`` once with the hydrated
    rules profile and prints what it returns."""
    import jost_engine.exact

    calls = []
    monkeypatch.setattr(jost_engine.exact, "analyse",
                        lambda config: calls.append(config) or {"ev_td": -0.005})
    assert main(["exact", "vegas-strip-6d-s17", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ev_td": -0.005}
    [config] = calls
    assert config["rules"]["decks"] == 6


def test_report_passes_its_flags_to_run_report_and_a_failed_notebook_exits_1(monkeypatch,
                                                                            capsys):
    """``jost report game -p rounds 5 --workers 2`` calls ``reports.run_report`` with those
    arguments; a ReportFailedError from it exits 1."""
    import jost_engine.reports

    calls = []

    def fake(template, params, **kwargs):
        calls.append((template, params, kwargs))
        kept = SimpleNamespace(template=template, error="cell 3 failed", notebook="x.ipynb")
        raise jost_engine.reports.ReportFailedError(kept)

    monkeypatch.setattr(jost_engine.reports, "run_report", fake)
    assert main(["report", "game", "-p", "rounds", "5", "--workers", "2", "--label", "x"]) == 1
    [(template, params, kwargs)] = calls
    assert template == "game" and params == {"rounds": "5"}
    assert kwargs["workers"] == 2 and kwargs["label"] == "x" and kwargs["in_process"] is False
    assert "cell 3 failed" in one_line(capsys)


def test_run_on_an_unreachable_scheduler_exits_3_and_records_nothing(config_file, capsys,
                                                                     workspace):
    """``jost run --scheduler tcp://127.0.0.1:1`` exits 3 at once, before a job is recorded."""
    start = time.monotonic()
    assert main(["run", config_file, "--scheduler", "tcp://127.0.0.1:1"]) == 3
    assert time.monotonic() - start < 5
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in one_line(capsys)
    ledger = workspace / "jobs.sqlite"
    assert not ledger.exists() or jost_engine.jobs.Ledger(ledger).rows() == []


class EndedJob:
    """A job RUNNING when first asked, then ``status``; its ``result`` raises what the job
    layer raises for that ending."""

    id, error, progress = "j1", "boom", "RUNNING 1/4 chunks"

    def __init__(self, status: str, raises: Exception):
        self.statuses, self.raises = ["RUNNING", status], raises

    @property
    def status(self) -> str:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    def result(self, timeout=None):
        raise self.raises


@pytest.mark.parametrize("status, raises, code", [
    ("CANCELLED", jost_engine.jobs.JobError("job j1 is CANCELLED"), 1),
    ("FAILED", jost_engine.jobs.JobError("job j1 is FAILED: boom"), 1),
    ("RUNNING", TimeoutError("job j1 has not ended after 1 s"), 1),
])
def test_result_wait_exits_1_when_the_job_ends_badly_or_times_out(monkeypatch, capsys, status,
                                                                   raises, code):
    """``jost result ID --wait``: a job that ends CANCELLED or FAILED while waited for, or
    does not end within --timeout, exits 1 (not 2, which means bad input)."""
    job = EndedJob(status, raises)
    monkeypatch.setattr(jost_engine.jobs.JobManager, "job", lambda self, job_id: job)
    assert main(["result", "j1", "--wait", "--timeout", "1"]) == code
    assert str(raises) in one_line(capsys)
