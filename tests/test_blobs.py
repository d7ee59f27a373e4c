"""The result store (jost_engine.jobs.blobs): tallies above the threshold go to an fsspec
store, the ledger keeps their key and SHA-256, reads check it; report folders copied there.

On both backends (SQLite, and a real PostgreSQL server); the damage tests through the
``jost`` command as its own process; one real job on the session's LocalCluster.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import os
import stat
import subprocess
import uuid

import pytest
from jobs_helpers import blackjack_config, jost_command, python_env, toy_config, toy_total

from jost_engine.errors import EXIT_ENVIRONMENT, JobError, JostEnvironmentError
from jost_engine.jobs import COMPLETE, PENDING, JobManager, Ledger
from jost_engine.jobs.blobs import DEFAULT_THRESHOLD, BlobDamagedError, BlobStore
from jost_engine.jobs.owner import Owner

pytest_plugins = ["jobs_fixtures", "postgres_fixtures"]

THRESHOLD = 1000
"""The lowered threshold of these tests [bytes]: a blackjack chunk's tally is about 2.6 kB."""


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request, workspace) -> Ledger:
    """An empty ledger (SQLite in the workspace, or a fresh PostgreSQL database as alice)
    whose store is the workspace's ``blobs`` folder with a 1,000-byte threshold."""
    if request.param == "sqlite":
        book = Ledger(workspace / "jobs.sqlite")
    else:
        book = Ledger(request.getfixturevalue("postgres_url"))
    book.store = BlobStore(str(workspace / "blobs"), THRESHOLD)
    yield book
    book.close()


def tally(index: int, size: int) -> dict:
    """A toy chunk's tally padded to exactly ``size`` bytes of JSON."""
    body = {"index": index, "sum": 1000 * index, "pad": ""}
    body["pad"] = "x" * (size - len(json.dumps(body)))
    assert len(json.dumps(body).encode()) == size
    return body


def complete_job(ledger: Ledger, sizes: list[int], label: str = "toy") -> tuple[str, list]:
    """A COMPLETE toy job with one chunk of each size [bytes]; its id and its tallies."""
    chunks = len(sizes)
    job_id = ledger.create(toy_config(chunks, label=label), "toy", label, {}, chunks,
                           1000 * chunks, Owner.of())
    run = ledger.claim(job_id, Owner.of(), (PENDING,), chunks)
    tallies = [tally(i, size) for i, size in enumerate(sizes)]
    for index, body in enumerate(tallies):
        assert ledger.record_chunk(job_id, run, index, 1000, body)
    assert ledger.finish(job_id, COMPLETE)
    return job_id, tallies


def chunk_rows(ledger: Ledger, job_id: str) -> list:
    return ledger._read("SELECT idx, partial, blob_key, blob_sha256 FROM chunks WHERE"
                        " job_id = ? ORDER BY idx", (job_id,))


def test_a_small_tally_stays_inline_and_a_big_one_goes_to_the_store_and_reads_back(ledger,
                                                                                   workspace):
    """On both backends: a tally of exactly the threshold stays in the ledger; one byte more
    goes to ``<store>/jobs/<id>/``, the ledger keeping its key and its bytes' SHA-256 (and
    no payload); both read back equal to what was saved, in chunk and arrival order."""
    job_id, tallies = complete_job(ledger, [THRESHOLD, THRESHOLD + 1, 50_000])
    rows = chunk_rows(ledger, job_id)
    assert rows[0]["blob_key"] is None and json.loads(rows[0]["partial"]) == tallies[0]
    for row in rows[1:]:
        key = row["blob_key"]
        assert key.startswith(f"{workspace / 'blobs'}/jobs/{job_id}/chunk-")
        assert row["partial"] == "null", "the payload is not in the ledger"
        with open(key, "rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == row["blob_sha256"]
        assert json.loads(data) == tallies[row["idx"]]
    assert ledger.partials(job_id) == tallies
    assert ledger.partials(job_id, arrival=True) == tallies
    assert ledger.indexed_partials(job_id) == list(enumerate(tallies))


def test_a_local_store_is_private_and_leaves_no_temporary_file(ledger, workspace):
    """Under umask 022, the store's folders are 0700 and its blobs 0600; only the final
    blobs are left (written under a temporary name, then moved)."""
    old = os.umask(0o022)
    try:
        job_id, _ = complete_job(ledger, [5000, 6000])
    finally:
        os.umask(old)
    root = workspace / "blobs"
    folders = [root, root / "jobs", root / "jobs" / job_id]
    assert [stat.S_IMODE(f.stat().st_mode) for f in folders] == [0o700] * 3
    files = sorted((root / "jobs" / job_id).iterdir())
    assert [f.name for f in files] == sorted(os.path.basename(r["blob_key"])
                                             for r in chunk_rows(ledger, job_id))
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}


def test_a_chunk_saved_twice_keeps_one_blob_and_deleting_the_job_removes_it(ledger, workspace):
    """The second save of a chunk is refused and leaves the first blob as it was; deleting
    the job deletes its blobs (and its emptied folder)."""
    job_id, tallies = complete_job(ledger, [5000])
    key = chunk_rows(ledger, job_id)[0]["blob_key"]
    assert not ledger.record_chunk(job_id, 1, 0, 1000, tally(0, 7000))
    assert os.listdir(workspace / "blobs" / "jobs" / job_id) == [os.path.basename(key)]
    assert ledger.partials(job_id) == tallies
    ledger.delete(job_id)
    assert not os.path.exists(key) and os.listdir(workspace / "blobs" / "jobs") == []


@pytest.mark.parametrize("kind", ["memory", "file-url"])
def test_a_memory_store_or_a_second_folder_by_url_works(ledger, tmp_path, kind):
    """``memory://...`` and ``file:///another/folder`` are stores too: the key is the
    blob's URL in them, and the tally reads back."""
    url = (f"memory://jost-{uuid.uuid4().hex[:8]}" if kind == "memory"
           else f"file://{tmp_path / 'elsewhere'}")
    ledger.store = BlobStore(url, THRESHOLD)
    job_id, tallies = complete_job(ledger, [200, 4000])
    keys = [r["blob_key"] for r in chunk_rows(ledger, job_id)]
    assert keys[0] is None and keys[1].startswith(f"{url}/jobs/{job_id}/chunk-000001-")
    assert ledger.partials(job_id) == tallies


def test_the_threshold_and_store_settings_are_read_from_the_environment_then_dask(workspace,
                                                                                 monkeypatch):
    """No setting: the workspace's ``blobs`` folder and 100 kB; ``jost.store.*`` in the Dask
    config; ``$JOST_STORE`` / ``$JOST_STORE_THRESHOLD`` over them; a bad threshold or an
    unknown protocol is one line naming the setting (exit 2)."""
    import dask.config

    monkeypatch.delenv("JOST_STORE", raising=False)
    monkeypatch.delenv("JOST_STORE_THRESHOLD", raising=False)
    assert Ledger(workspace / "jobs.sqlite").store == BlobStore(str(workspace / "blobs"),
                                                                100_000)
    assert DEFAULT_THRESHOLD == 100_000
    with dask.config.set({"jost.store.threshold": "3 kB", "jost.store.url": "memory://d"}):
        assert Ledger(workspace / "jobs.sqlite").store == BlobStore("memory://d", 3000)
        monkeypatch.setenv("JOST_STORE_THRESHOLD", "2500")
        monkeypatch.setenv("JOST_STORE", str(workspace / "other"))
        assert Ledger(workspace / "jobs.sqlite").store == BlobStore(str(workspace / "other"),
                                                                    2500)
    monkeypatch.setenv("JOST_STORE_THRESHOLD", "lots")
    with pytest.raises(JobError, match="^JOST_STORE_THRESHOLD: must be a size in bytes.*"
                                       "got 'lots'$"):
        Ledger(workspace / "jobs.sqlite").store  # noqa: B018
    monkeypatch.setenv("JOST_STORE_THRESHOLD", "2500")
    monkeypatch.setenv("JOST_STORE", "nosuch://bucket")
    with pytest.raises(JobError, match="^JOST_STORE: 'nosuch://bucket' is neither"):
        Ledger(workspace / "jobs.sqlite").store  # noqa: B018


def test_the_threshold_setting_decides_what_a_ledger_keeps_inline(workspace, monkeypatch):
    """``JOST_STORE_THRESHOLD=2500``: a 2,500-byte tally stays inline, 2,501 bytes go to the
    store."""
    monkeypatch.setenv("JOST_STORE_THRESHOLD", "2500")
    monkeypatch.delenv("JOST_STORE", raising=False)
    ledger = Ledger(workspace / "jobs.sqlite")
    job_id, tallies = complete_job(ledger, [2500, 2501])
    assert [r["blob_key"] is None for r in chunk_rows(ledger, job_id)] == [True, False]
    assert ledger.partials(job_id) == tallies


@pytest.mark.skipif(importlib.util.find_spec("s3fs") is not None, reason="s3fs is installed")
def test_an_s3_store_without_s3fs_says_which_package_is_missing(toy_plugin, workspace,
                                                               monkeypatch):
    """``JOST_STORE=s3://...`` without s3fs: submitting says so in one line (exit 3) and
    records nothing."""
    monkeypatch.setenv("JOST_STORE", "s3://team-bucket/jost")
    manager = JobManager(ledger=workspace / "jobs.sqlite")
    with pytest.raises(JostEnvironmentError, match="^JOST_STORE: s3://team-bucket/jost needs "
                                                   "the s3fs package.*pip install s3fs") as caught:
        manager.create(toy_config(2))
    assert caught.value.exit_code == EXIT_ENVIRONMENT
    assert manager.ledger.rows() == []


# -- damage, through the jost command --------------------------------------------------------

def jost(*args: str, workspace, **env) -> subprocess.CompletedProcess:
    return subprocess.run([*jost_command(), *args], capture_output=True, text=True,
                          timeout=240, stdin=subprocess.DEVNULL,
                          env=python_env(JOST_WORKSPACE=str(workspace), **env))


def two_jobs(workspace) -> tuple[str, str, str]:
    """Two COMPLETE toy jobs of 3 chunks each, every tally in the store; the good job's id,
    the spoilt one's and the key of the spoilt one's chunk 1."""
    ledger = Ledger(workspace / "jobs.sqlite")
    ledger.store = BlobStore(str(workspace / "blobs"), THRESHOLD)
    good, _ = complete_job(ledger, [3000] * 3, label="good")
    bad, _ = complete_job(ledger, [3000] * 3, label="bad")
    key = chunk_rows(ledger, bad)[1]["blob_key"]
    ledger.close()
    return good, bad, key


def assert_spoils_only_its_job(workspace, good: str, bad: str, key: str, what: str) -> None:
    for command in ("result", "status"):
        out = jost(command, bad, workspace=workspace)
        assert out.returncode == EXIT_ENVIRONMENT, out.stderr
        assert "Traceback" not in out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1, out.stderr
        assert lines[0].startswith(f"jost: job {bad}: its result blob {key} is {what}")
    out = jost("result", good, "--json", workspace=workspace)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"total": 0 + 1000 + 2000, "order": [0, 1, 2]}
    listed = jost("jobs", workspace=workspace)
    assert listed.returncode == 0 and good[:8] in listed.stdout and bad[:8] in listed.stdout


def test_a_flipped_byte_in_a_blob_is_one_line_and_exit_3_and_spoils_only_its_job(toy_plugin,
                                                                                 workspace):
    """One byte of a blob changed (same length, still valid JSON): ``jost result`` and
    ``jost status`` of its job exit 3 with one line naming the job and the blob's key; the
    other job's result reads and ``jost jobs`` lists both."""
    good, bad, key = two_jobs(workspace)
    data = bytearray(open(key, "rb").read())
    at = data.index(b'"sum": 1000') + len(b'"sum": ')
    data[at:at + 1] = b"9"
    with open(key, "wb") as handle:
        handle.write(bytes(data))
    assert_spoils_only_its_job(workspace, good, bad, key, "damaged (its sha256 is")


def test_a_missing_blob_is_one_line_and_exit_3_and_spoils_only_its_job(toy_plugin, workspace):
    """A blob deleted from the store: the same, the line saying it is missing."""
    good, bad, key = two_jobs(workspace)
    os.remove(key)
    assert_spoils_only_its_job(workspace, good, bad, key, "missing")


# -- a real job and a report -----------------------------------------------------------------

@pytest.mark.cluster
def test_a_real_job_whose_tallies_exceed_a_lowered_threshold_round_trips(manager, workspace,
                                                                         monkeypatch,
                                                                         reference):
    """A blackjack job of 4 chunks on the LocalCluster with ``JOST_STORE_THRESHOLD=1000``:
    every tally (about 2.6 kB) is a blob in the workspace's store, and the result is the
    in-process one, bit for bit."""
    monkeypatch.setenv("JOST_STORE_THRESHOLD", str(THRESHOLD))
    monkeypatch.delenv("JOST_STORE", raising=False)
    manager.ledger.store = BlobStore.from_settings(workspace / "blobs")
    config = blackjack_config(4000, 1000, seed=5)
    job = manager.submit(config)
    result = job.result(timeout=240)
    rows = chunk_rows(manager.ledger, job.id)
    assert len(rows) == 4 and all(r["blob_key"] for r in rows)
    assert all(r["partial"] == "null" for r in rows)
    assert result.summary["net_units"] == reference(config).summary["net_units"]
    assert result.to_dict()["tally"] == reference(config).to_dict()["tally"]


@pytest.mark.cluster
def test_jost_submit_with_a_lowered_threshold_round_trips(cluster, workspace):
    """``jost submit`` (its own runner process, ``$JOST_STORE_THRESHOLD=0``) of a toy job
    on the LocalCluster, then ``jost result --wait``: the total of every chunk, each read
    from its blob."""
    scheduler = cluster.scheduler.address
    config = workspace / "toy.json"
    config.write_text(json.dumps(toy_config(3)), encoding="utf-8")
    env = {"JOST_STORE_THRESHOLD": "0"}
    out = jost("submit", str(config), "--scheduler", scheduler, workspace=workspace, **env)
    assert out.returncode == 0, out.stderr
    job_id = out.stdout.strip()
    out = jost("result", job_id, "--wait", "--json", workspace=workspace, **env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total"] == toy_total(3)
    ledger = Ledger(workspace / "jobs.sqlite")
    assert all(r["blob_key"] for r in chunk_rows(ledger, ledger.resolve(job_id)))


def test_a_damaged_blob_raises_on_both_backends(ledger):
    """``partials`` of a job whose blob was overwritten raises :class:`BlobDamagedError`
    naming the job and the key; the other job reads."""
    good, tallies = complete_job(ledger, [4000])
    bad, _ = complete_job(ledger, [4000])
    key = chunk_rows(ledger, bad)[0]["blob_key"]
    with open(key, "r+b") as handle:
        handle.write(b"[")
    with pytest.raises(BlobDamagedError, match=f"^job {bad}: its result blob {key} is "):
        ledger.partials(bad)
    assert ledger.partials(good) == tallies


def test_jost_report_store_copies_the_report_folder(tmp_path, monkeypatch):
    """``jost report NAME --store memory://...`` copies the report's folder to
    ``<store>/reports/<folder name>/`` and prints where: the same files, the same bytes."""
    import fsspec
    from reports_helpers import jost_report, write_notebook

    from jost_engine import reports
    from jost_engine.reports import templates

    monkeypatch.setenv("JOST_REPORTS", str(tmp_path / "reports"))
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setattr(templates, "_extra", {})
    write_notebook(tmp_path / "tiny.ipynb", "x = rounds + 1")
    reports.register(reports.Template("tiny", tmp_path / "tiny.ipynb"))
    store = f"memory://jost-{uuid.uuid4().hex[:8]}"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert jost_report(["tiny", "--in-process", "--store", store]) == 0
    last = printed.getvalue().strip().splitlines()[-1]
    assert last.startswith(f"copied to {store}/reports/")
    target = last.removeprefix("copied to ")
    folder = next(p for p in (tmp_path / "reports").iterdir() if p.is_dir())
    assert target == f"{store}/reports/{folder.name}"
    fs = fsspec.filesystem("memory")
    local = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert local, "the report wrote files"
    for name in local:
        assert fs.cat_file(f"{target}/{name}") == (folder / name).read_bytes(), name


def test_a_damaged_blob_leaves_the_other_studies_listed_and_readable(toy_plugin, workspace):
    """Two studies of one toy variant each, every tally a blob; one blob of the second
    changed: ``jost studies`` lists both and ``jost study status`` of each exits 0; the first
    study's tallies read, the second's raise :class:`BlobDamagedError` naming its job."""
    ledger = Ledger(workspace / "jobs.sqlite")
    ledger.store = BlobStore(str(workspace / "blobs"), THRESHOLD)
    studies = []
    for name in ("fine", "spoilt"):
        job = {"config": toy_config(2, label=name), "simulation_type": "toy", "label": name,
               "meta": {}, "chunks_total": 2, "rounds_total": 2000}
        study_id, (job_id,) = ledger.create_study(name, {"base": {}}, {}, [job], Owner.of())
        run = ledger.claim(job_id, Owner.of(), (PENDING,), 2)
        for index in range(2):
            ledger.record_chunk(job_id, run, index, 1000, tally(index, 3000))
        assert ledger.finish(job_id, COMPLETE)
        studies.append((study_id, job_id))
    (fine, fine_job), (spoilt, spoilt_job) = studies
    with open(chunk_rows(ledger, spoilt_job)[0]["blob_key"], "r+b") as handle:
        handle.write(b"[")
    assert ledger.answer_partials(fine_job) == [tally(0, 3000), tally(1, 3000)]
    with pytest.raises(BlobDamagedError, match=f"^job {spoilt_job}: "):
        ledger.answer_partials(spoilt_job)
    ledger.close()
    listed = jost("studies", workspace=workspace)
    assert listed.returncode == 0 and fine in listed.stdout and spoilt in listed.stdout
    for study_id in (fine, spoilt):
        assert jost("study", "status", study_id, workspace=workspace).returncode == 0


def test_repair_salvages_a_tally_kept_in_the_store_with_its_key_and_checksum(workspace):
    """What ``jost jobs --repair`` copies out of a ledger (its row-by-row reading and its
    restoring into a fresh file) keeps a chunk row whose tally is a blob, key and checksum
    with it: the job is COMPLETE in the fresh ledger and its tallies read from the store."""
    from jost_engine.jobs import repair

    ledger = Ledger(workspace / "jobs.sqlite")
    ledger.store = BlobStore(str(workspace / "blobs"), THRESHOLD)
    job_id, tallies = complete_job(ledger, [300, 3000, 4000])
    ledger.close()
    jobs, chunks, studies = repair._read_copy(workspace / "jobs.sqlite")
    fresh = Ledger(workspace / "fresh.sqlite")
    assert repair._restore(fresh, jobs, chunks, studies) == (3, 0)
    assert [r["blob_key"] is not None for r in chunk_rows(fresh, job_id)] == [False, True, True]
    assert fresh.state(job_id)[0] == COMPLETE and fresh.partials(job_id) == tallies


def test_a_postgresql_ledger_of_schema_5_is_upgraded_to_6_by_setup(postgres_server,
                                                                   monkeypatch):
    """``ledger_postgres.setup`` on a database made at schema 5 adds the blob columns
    (migration 6, the same definition as SQLite's); a user's ledger then saves blobs."""
    from jost_engine.jobs import ledger_postgres
    from jost_engine.jobs.ledger import MIGRATIONS, SCHEMA_VERSION

    name = f"jost_{uuid.uuid4().hex[:12]}"
    with postgres_server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    admin = postgres_server.url("jost_admin", name)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(ledger_postgres, "SCHEMA_VERSION", 5)
            patch.setattr(ledger_postgres, "MIGRATIONS",
                          {v: s for v, s in MIGRATIONS.items() if v <= 5})
            assert ledger_postgres.setup(admin) == 5
        with postgres_server.admin(name) as conn:
            columns = {r[0] for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name ="
                " 'chunks'")}
        assert "blob_key" not in columns
        assert ledger_postgres.setup(admin) == SCHEMA_VERSION == 6
        ledger = Ledger(postgres_server.url("alice", name))
        ledger.store = BlobStore(f"memory://jost-{uuid.uuid4().hex[:8]}", THRESHOLD)
        job_id, tallies = complete_job(ledger, [4000])
        assert chunk_rows(ledger, job_id)[0]["blob_key"] and ledger.partials(job_id) == tallies
        ledger.close()
    finally:
        with postgres_server.admin() as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
