"""The job ledger on PostgreSQL: one database for a team, each user's rows their own.

``JOST_LEDGER=postgresql://[user[:password]@]host[:port]/dbname`` (or
``Ledger("postgresql://...")``, ``JobManager(ledger="postgresql://...")``) selects it;
the SQLite ledger stays the default for one user. The tables, their columns and their
migrations are those of :mod:`jost_engine.jobs.ledger` (one definition,
:data:`jost_engine.jobs.ledger.SCHEMA` and
:data:`jost_engine.jobs.ledger.MIGRATIONS`, types mapped by :func:`pg_ddl`), and so is
every query: the :class:`Ledger` methods run unchanged on a connection
(:class:`_Connection`) that speaks PostgreSQL's dialect of the few places SQLite's differs.

Users are database roles. Every job and study row has an ``owner_role`` (the role that
inserted it: ``DEFAULT current_user``) and the tables have row-level security, *forced*
(so not even a table's owner is exempt): a role sees and changes its own rows, reads the
rows of a project another role shared with it (``project_shares``: read or write) and
changes them only with write access; only the owner deletes. The policies are in
:data:`POLICIES`; the database enforces them whatever client connects.

The schema is created, and upgraded, by the role that owns it (the team's
administrator: :func:`setup`, ``jost ledger setup``); users are members of the group role
``jost_users`` that it grants the table privileges to. Writes that read first (claim a
job, save a chunk, change a state) lock the job's row (``SELECT ... FOR UPDATE``) for the
rest of their transaction, so two processes on two machines never both claim a job.
"""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from ..errors import JobError, JostEnvironmentError
from ..profiles import workspace_dir
from .ledger import MIGRATIONS, SCHEMA, SCHEMA_VERSION, Ledger

ENV_LEDGER = "JOST_LEDGER"
USERS_ROLE = "jost_users"
SCHEMES = ("postgresql://", "postgres://")

PG_ONLY = """
CREATE TABLE IF NOT EXISTS project_shares (
    owner_role TEXT NOT NULL DEFAULT current_user,
    project    TEXT NOT NULL,
    member     TEXT NOT NULL,
    access     TEXT NOT NULL CHECK (access IN ('read', 'write')),
    PRIMARY KEY (owner_role, project, member)
);
ALTER TABLE jobs ALTER COLUMN owner_role SET DEFAULT current_user;
ALTER TABLE studies ALTER COLUMN owner_role SET DEFAULT current_user;
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS seq BIGSERIAL;
CREATE OR REPLACE FUNCTION jost_may(row_owner TEXT, row_project TEXT, need TEXT)
    RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT row_owner = current_user OR EXISTS (
        SELECT 1 FROM project_shares s WHERE s.owner_role = row_owner
        AND s.project = row_project AND s.member = current_user
        AND (need = 'read' OR s.access = 'write'))
$$;
CREATE OR REPLACE FUNCTION jost_keep_owner() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.owner_role IS DISTINCT FROM OLD.owner_role THEN
        RAISE EXCEPTION 'permission denied: the owner of a % does not change', TG_ARGV[0]
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS jobs_keep_owner ON jobs;
CREATE TRIGGER jobs_keep_owner BEFORE UPDATE ON jobs FOR EACH ROW
    EXECUTE FUNCTION jost_keep_owner('job');
DROP TRIGGER IF EXISTS studies_keep_owner ON studies;
CREATE TRIGGER studies_keep_owner BEFORE UPDATE ON studies FOR EACH ROW
    EXECUTE FUNCTION jost_keep_owner('study');
"""
"""What only PostgreSQL has: the shares, the owners' default, the arrival order of chunks
(SQLite's ``rowid``), the access rule the policies share, and the owner of a row that no
update changes (a user with write access to a shared project must not take a job over and
then delete it)."""

POLICIES = """
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS jobs_read ON jobs;
CREATE POLICY jobs_read ON jobs FOR SELECT USING (jost_may(owner_role, project, 'read'));
DROP POLICY IF EXISTS jobs_insert ON jobs;
CREATE POLICY jobs_insert ON jobs FOR INSERT WITH CHECK (owner_role = current_user);
DROP POLICY IF EXISTS jobs_update ON jobs;
CREATE POLICY jobs_update ON jobs FOR UPDATE USING (jost_may(owner_role, project, 'write'))
    WITH CHECK (jost_may(owner_role, project, 'write'));
DROP POLICY IF EXISTS jobs_delete ON jobs;
CREATE POLICY jobs_delete ON jobs FOR DELETE USING (owner_role = current_user);
ALTER TABLE chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE chunks FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chunks_read ON chunks;
CREATE POLICY chunks_read ON chunks FOR SELECT
    USING (EXISTS (SELECT 1 FROM jobs j WHERE j.id = job_id));
DROP POLICY IF EXISTS chunks_insert ON chunks;
CREATE POLICY chunks_insert ON chunks FOR INSERT WITH CHECK (EXISTS (
    SELECT 1 FROM jobs j WHERE j.id = job_id AND jost_may(j.owner_role, j.project, 'write')));
DROP POLICY IF EXISTS chunks_delete ON chunks;
CREATE POLICY chunks_delete ON chunks FOR DELETE USING (EXISTS (
    SELECT 1 FROM jobs j WHERE j.id = job_id AND j.owner_role = current_user));
ALTER TABLE studies ENABLE ROW LEVEL SECURITY;
ALTER TABLE studies FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS studies_read ON studies;
CREATE POLICY studies_read ON studies FOR SELECT USING (jost_may(owner_role, project, 'read'));
DROP POLICY IF EXISTS studies_insert ON studies;
CREATE POLICY studies_insert ON studies FOR INSERT WITH CHECK (owner_role = current_user);
DROP POLICY IF EXISTS studies_change ON studies;
CREATE POLICY studies_change ON studies FOR UPDATE USING (owner_role = current_user);
DROP POLICY IF EXISTS studies_delete ON studies;
CREATE POLICY studies_delete ON studies FOR DELETE USING (owner_role = current_user);
ALTER TABLE project_shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE project_shares FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS shares_read ON project_shares;
CREATE POLICY shares_read ON project_shares FOR SELECT
    USING (owner_role = current_user OR member = current_user);
DROP POLICY IF EXISTS shares_write ON project_shares;
CREATE POLICY shares_write ON project_shares FOR ALL USING (owner_role = current_user)
    WITH CHECK (owner_role = current_user);
"""
"""Row-level security: who may read and change which rows (see the module's docstring)."""


def is_postgres(address) -> bool:
    """Whether a ledger address names a PostgreSQL database."""
    return isinstance(address, str) and address.startswith(SCHEMES)


def pg_ddl(script: str) -> str:
    """A schema script of :mod:`jost_engine.jobs.ledger` in PostgreSQL's types: ``REAL``
    (SQLite's 8-byte float) is ``DOUBLE PRECISION``, ``INTEGER`` is ``BIGINT``."""
    script = re.sub(r"\bREAL\b", "DOUBLE PRECISION", script)
    return re.sub(r"\bINTEGER\b", "BIGINT", script)


def _statements(script: str) -> list[str]:
    """The statements of a script, split at ``;`` outside ``$$`` bodies."""
    out, buffer, quoted = [], [], False
    for part in re.split(r"(\$\$|;)", script):
        if part == "$$":
            quoted = not quoted
        if part == ";" and not quoted:
            if "".join(buffer).strip():
                out.append("".join(buffer).strip())
            buffer = []
        else:
            buffer.append(part)
    if "".join(buffer).strip():
        out.append("".join(buffer).strip())
    return out


_REWRITES = [
    (re.compile(r"\?"), "%s"),
    (re.compile(r"\bMAX\(0, "), "GREATEST(0, "),
    (re.compile(r"\bLIMIT -1\b"), "LIMIT ALL"),
    (re.compile(r"\bORDER BY rowid\b"), "ORDER BY seq"),
    (re.compile(r"GROUP_CONCAT\(DISTINCT ([\w.]+)\)"), r"STRING_AGG(DISTINCT \1, ',')"),
]
_LOCKED_READ = re.compile(r"^\s*SELECT\s+[\w\s,]+\s+FROM jobs WHERE id = \?\s*$")


def translate(sql: str, writing: bool = False) -> str:
    """One of :class:`Ledger`'s statements in PostgreSQL's dialect.

    ``?`` placeholders become ``%s``; SQLite's two-argument ``MAX`` is ``GREATEST``,
    ``LIMIT -1`` is ``LIMIT ALL``, ``rowid`` (arrival order of chunks) is ``seq``,
    ``GROUP_CONCAT`` is ``STRING_AGG``; ``INSERT OR IGNORE`` is ``ON CONFLICT DO NOTHING``;
    and in a write, reading a job's row locks it (``FOR UPDATE``) until the commit.
    """
    locked = writing and _LOCKED_READ.match(sql)
    ignore = sql.lstrip().startswith("INSERT OR IGNORE")
    if ignore:
        sql = sql.replace("INSERT OR IGNORE", "INSERT", 1)
    for pattern, replacement in _REWRITES:
        sql = pattern.sub(replacement, sql)
    if ignore:
        sql += " ON CONFLICT DO NOTHING"
    if locked:
        sql += " FOR UPDATE"
    return sql


class Row(tuple):
    """A result row read by position or by column name, as :class:`sqlite3.Row` is."""

    def __new__(cls, values, names):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor):
    names = [d.name for d in cursor.description] if cursor.description else []
    return lambda values: Row(values, names)


class _Connection:
    """A psycopg connection with the ``execute``/``executemany`` of :mod:`sqlite3`, SQL
    translated (:func:`translate`)."""

    def __init__(self, conn, writing: bool = False):
        self.conn = conn
        self.writing = writing

    def execute(self, sql: str, args=()):
        cursor = self.conn.cursor(row_factory=_row_factory)
        cursor.execute(translate(sql, self.writing), tuple(args))
        return cursor

    def executemany(self, sql: str, rows):
        cursor = self.conn.cursor()
        cursor.executemany(translate(sql, self.writing), [tuple(r) for r in rows])
        return cursor


def _numeric_as_number(conn) -> None:
    """Read NUMERIC (what PostgreSQL's SUM of BIGINTs gives) as int, or float."""
    from psycopg.types.numeric import NumericLoader

    class Loader(NumericLoader):
        def load(self, data):
            value = super().load(data)
            return int(value) if value == value.to_integral_value() else float(value)

    conn.adapters.register_loader("numeric", Loader)


def public_address(url: str) -> str:
    """The database URL without its password (for messages and child processes)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class PostgresLedger(Ledger):
    """The ledger in a PostgreSQL database (see the module's docstring).

    Parameters
    ----------
    url : str
        ``postgresql://[user[:password]@]host[:port]/dbname``; libpq's environment
        (``PGPASSWORD``, ``~/.pgpass``, ``PGSSLMODE``) applies.
    timeout_s : float
        How long to try to connect [s].

    Raises
    ------
    JostEnvironmentError
        When the database cannot be reached, or its schema is missing or older than
        this JOST (the administrator runs :func:`setup`): exit 3.
    """

    single_user = False

    def __init__(self, url: str | None = None, timeout_s: float = 60.0):
        self.url = url or os.environ[ENV_LEDGER]
        self.path = public_address(self.url)
        self.timeout_s = timeout_s
        self._local = threading.local()
        self._all: list = []
        self._lock = threading.Lock()
        version = self._schema_version()
        if version is None or version < SCHEMA_VERSION:
            raise JostEnvironmentError(
                f"the ledger database {self.path} has "
                f"{'no JOST schema' if version is None else f'schema {version}'}; its "
                f"administrator runs 'jost ledger setup {self.path}' (schema {SCHEMA_VERSION})")
        if version > SCHEMA_VERSION:
            raise JobError(f"ledger {self.path} was written by a newer JOST")

    @property
    def address(self) -> str:
        """What a child process is given to open this ledger (no password in it)."""
        return self.path

    @property
    def folder(self):
        """The local folder of runner logs and the chart cache: the workspace."""
        return workspace_dir()

    def _schema_version(self) -> int | None:
        rows = self._read("SELECT to_regclass('jost_schema') IS NOT NULL")
        if not rows[0][0]:
            return None
        return self._read("SELECT version FROM jost_schema")[0][0]

    # -- connections -------------------------------------------------------------------------

    def _connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid() or conn.closed:
            import psycopg

            try:
                conn = psycopg.connect(self.url, autocommit=True,
                                       connect_timeout=max(1, int(self.timeout_s)))
            except psycopg.OperationalError as exc:
                raise JostEnvironmentError(f"cannot reach the ledger database {self.path}: "
                                           f"{str(exc).strip().splitlines()[-1]}") from None
            _numeric_as_number(conn)
            self._local.conn, self._local.pid = conn, os.getpid()
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def _guard(self):
        import psycopg

        try:
            yield
        except psycopg.errors.InsufficientPrivilege as exc:
            raise JobError(f"the ledger database refused: {str(exc).splitlines()[0]}") from None
        except psycopg.OperationalError as exc:
            raise JostEnvironmentError(f"the ledger database {self.path} failed: "
                                       f"{str(exc).strip().splitlines()[0]}") from None

    @contextmanager
    def _write(self):
        """One transaction; reading a job's row in it locks that row until the commit."""
        conn = self._connection()
        with self._guard(), conn.transaction():
            yield _Connection(conn, writing=True)

    def _read(self, sql: str, args: tuple = ()) -> list:
        with self._guard():
            return _Connection(self._connection()).execute(sql, args).fetchall()

    def check(self) -> None:
        """Nothing to check here: the server keeps its own files whole."""

    def stamp(self) -> tuple:
        """Changes whenever a visible job changes (for a view to poll cheaply)."""
        row = self._read("SELECT COUNT(*), MAX(updated_at) FROM jobs")[0]
        return tuple(row)

    @staticmethod
    def _integrity_errors() -> tuple:
        import psycopg

        return (psycopg.IntegrityError,)

    # -- sharing -----------------------------------------------------------------------------

    def share(self, project: str, member: str, access: str = "read") -> None:
        """Share this role's jobs and studies of ``project`` with the role ``member``.

        Raises
        ------
        JobError
            For an ``access`` other than ``read`` or ``write``.
        """
        if access not in ("read", "write"):
            raise JobError(f"access: must be 'read' or 'write', got {access!r}")
        with self._write() as db:
            db.execute("INSERT INTO project_shares (project, member, access) VALUES (?, ?, ?)"
                       " ON CONFLICT (owner_role, project, member) DO UPDATE SET access ="
                       " EXCLUDED.access", (project, member, access))

    def unshare(self, project: str, member: str) -> None:
        """Stop sharing ``project`` with ``member``."""
        with self._write() as db:
            db.execute("DELETE FROM project_shares WHERE project = ? AND member = ?",
                       (project, member))

    def whoami(self) -> str:
        """The database role this ledger connects as."""
        return self._read("SELECT current_user")[0][0]

    def shares_with_me(self) -> dict[tuple[str, str], str]:
        """``(owner, project) -> "read" | "write"``: the projects others shared with this
        role."""
        rows = self._read("SELECT owner_role, project, access FROM project_shares"
                          " WHERE member = current_user")
        return {(owner, project): access for owner, project, access in rows}


def setup(url: str, users_role: str = USERS_ROLE) -> int:
    """Create or upgrade the JOST schema in a PostgreSQL database, as its administrator.

    Creates the tables (:data:`jost_engine.jobs.ledger.SCHEMA` and
    :data:`jost_engine.jobs.ledger.MIGRATIONS` in
    PostgreSQL's types), the shares, the row-level security policies, and grants the
    group role ``users_role`` (created if missing) what users need. Run it again after
    upgrading JOST: it applies the migrations above the database's version.

    Returns
    -------
    int
        The schema version the database is at now.
    """
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as exc:
        raise JostEnvironmentError(f"cannot reach the ledger database {public_address(url)}: "
                                   f"{str(exc).strip().splitlines()[-1]}") from None
    with conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(4242)")  # one setup at a time
        conn.execute("CREATE TABLE IF NOT EXISTS jost_schema (version BIGINT NOT NULL)")
        row = conn.execute("SELECT version FROM jost_schema").fetchone()
        version = row[0] if row else 0
        if version > SCHEMA_VERSION:
            raise JobError(f"ledger {public_address(url)} was written by a newer JOST")
        scripts = [] if version else [SCHEMA]
        scripts += [MIGRATIONS[v] for v in sorted(MIGRATIONS) if v > max(version, 1)]
        for script in scripts:
            for statement in _statements(pg_ddl(script)):
                if not statement.upper().startswith("UPDATE"):  # data fixes: SQLite's past
                    conn.execute(statement)
        for statement in _statements(PG_ONLY) + _statements(POLICIES):
            conn.execute(statement)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                              (users_role,)).fetchone()
        if not exists:
            conn.execute(f'CREATE ROLE "{users_role}" NOLOGIN')
        conn.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON jobs, chunks, studies, "
                     f'project_shares TO "{users_role}"')
        conn.execute(f'GRANT SELECT ON jost_schema TO "{users_role}"')
        conn.execute(f'GRANT USAGE ON SEQUENCE chunks_seq_seq TO "{users_role}"')
        conn.execute("GRANT EXECUTE ON FUNCTION jost_may(TEXT, TEXT, TEXT) TO "
                     f'"{users_role}"')
        conn.execute("DELETE FROM jost_schema")
        conn.execute("INSERT INTO jost_schema (version) VALUES (%s)", (SCHEMA_VERSION,))
    return SCHEMA_VERSION
