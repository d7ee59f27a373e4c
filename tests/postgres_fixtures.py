"""A real PostgreSQL server for the ledger tests, started in a temporary folder.

The server is Debian's (``apt-get install postgresql``: ``.ci/run`` and ``make
system-deps`` install it), run as an unprivileged user (``postgres`` when the tests run
as root, which ``initdb`` refuses to be), listening on 127.0.0.1 at a free port, with
password authentication (SCRAM). It holds:

- ``jost_admin``, the administrator who owns the schema (``ledger_postgres.setup``);
- ``alice`` and ``bob``, two users (members of ``jost_users``);
- a template database with the JOST schema; each test gets a fresh copy of it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "jost-test-password"
USERS = ("alice", "bob")


def _binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: Debian's newest, else the PATH's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running test server: its port and how to reach it as each role."""

    port: int
    template: str

    def url(self, role: str, database: str) -> str:
        return f"postgresql://{role}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def admin(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url("jost_admin", database), autocommit=True)

    def fresh_database(self) -> str:
        """A new database copied from the template (the JOST schema, no rows); its name."""
        name = f"jost_{uuid.uuid4().hex[:12]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name


@pytest.fixture(scope="session")
def postgres_server():
    """The session's PostgreSQL server (see the module's docstring); skipped, saying how to
    install it, where there is none."""
    folder = _binaries()
    if folder is None:
        pytest.skip("PostgreSQL: no initdb here (apt-get install postgresql; .ci/run does)")
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[dev]')")
    run_as: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("PostgreSQL: the tests run as root and there is no 'postgres' user "
                        "to run the server as")
        run_as = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="jost-pg-"))
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    pwfile = base / "pw"
    pwfile.write_text(PASSWORD)
    if owner is not None:
        os.chown(pwfile, owner.pw_uid, owner.pw_gid)
    data, port = base / "data", _free_port()
    subprocess.run([*run_as, str(folder / "initdb"), "-D", str(data), "-U", "jost_admin",
                    f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8"],
                   check=True, capture_output=True)
    subprocess.run([*run_as, str(folder / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                    "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {base} "
                          "-c fsync=off -c synchronous_commit=off -c max_connections=200",
                    "-w", "start"], check=True, capture_output=True)
    server = Server(port, "jost_template")
    try:
        from jost_engine.jobs.ledger_postgres import setup

        with server.admin() as conn:
            conn.execute("CREATE ROLE jost_users NOLOGIN")
            for user in USERS:
                conn.execute(f"CREATE ROLE {user} LOGIN PASSWORD '{PASSWORD}' IN ROLE jost_users")
            conn.execute('CREATE DATABASE "jost_template"')
        setup(server.url("jost_admin", "jost_template"))
        yield server
    finally:
        subprocess.run([*run_as, str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_db(postgres_server) -> str:
    """A fresh database with the JOST schema; its name (dropped after the test)."""
    name = postgres_server.fresh_database()
    yield name
    with postgres_server.admin() as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_server, postgres_db) -> str:
    """alice's URL of a fresh JOST database."""
    return postgres_server.url("alice", postgres_db)
