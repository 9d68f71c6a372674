"""A throwaway PostgreSQL server for the store tests, from Debian's `postgresql` binaries.

One server per test session: `initdb` into a temporary directory, listening on
127.0.0.1 on a free port with its socket in that directory, stopped (and the directory
removed) at the end. Each test gets a database of its own, created from a template that
is already migrated, so a test costs a `CREATE DATABASE`, not a migration.

PostgreSQL refuses to run as root, and the tests may run as root: then the data
directory is given to the `postgres` user the Debian package creates, and initdb and
pg_ctl run as that user through `runuser`.

Without the binaries the PostgreSQL tests skip and say why, unless
CASEFILE_REQUIRE_POSTGRES=1 (set by .ci/run), where that is a failure (`make test`
installs the package when it can).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest

SUPERUSER = "casefile"  # initdb's superuser inside the throwaway cluster
TEMPLATE = "casefile_template"


def pg_bindir() -> Path | None:
    """Debian's versioned binaries (/usr/lib/postgresql/N/bin), the newest first."""
    override = os.environ.get("CASEFILE_PG_BINDIR")
    candidates = [override] if override else sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]),
        reverse=True)  # fmt: skip
    for found in candidates:
        if found and Path(found, "initdb").is_file() and Path(found, "pg_ctl").is_file():
            return Path(found)
    return None


def missing_reason() -> str | None:
    """Why no server can be started here, or None."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    if pg_bindir() is None:
        return "no initdb under /usr/lib/postgresql/*/bin (Debian's postgresql package)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return None


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CASEFILE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL tests required (CASEFILE_REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PgServer:
    bindir: Path
    root: Path  # the temporary directory: data/ and the socket
    port: int
    _names: Iterator[int]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self) -> str:
        """A fresh database, already migrated (a copy of the template): its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def empty_database(self) -> str:
        """A fresh database with no schema at all (for the migration tests)."""
        name = f"e{os.getpid()}_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.url(name)

    def stop(self) -> None:
        _run(self, "pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(server: PgServer, program: str, *args: str, check: bool = True) -> None:
    command = _as_server_user([str(server.bindir / program), *args])
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if check and done.returncode != 0:
        raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}")


def start_server() -> PgServer:
    bindir = pg_bindir()
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="casefile-pg-"))
    server = PgServer(bindir, root, _free_port(), count(1))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    try:
        _run(server, "initdb", "-D", str(server.data), "-U", SUPERUSER, "-A", "trust",
             "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync")  # fmt: skip
        options = (f"-c listen_addresses=127.0.0.1 -c port={server.port}"
                   f" -c unix_socket_directories={root} -c fsync=off"
                   " -c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
        _run(server, "pg_ctl", "-D", str(server.data), "-o", options, "-l",
             str(root / "server.log"), "-w", "-t", "60", "start")  # fmt: skip
        _make_template(server)
    except BaseException:
        server.stop()
        raise
    return server


def _make_template(server: PgServer) -> None:
    from casefile.store.postgres import PostgresStore

    server.admin(f"CREATE DATABASE {TEMPLATE}")
    PostgresStore(server.url(TEMPLATE)).close()
    # A template must have no other connection while it is copied.
    server.admin(f"ALTER DATABASE {TEMPLATE} WITH ALLOW_CONNECTIONS false")


# --- both backends ------------------------------------------------------------------

BACKENDS = ("sqlite", "postgresql")

# Trigger -> table, for `DROP TRIGGER name` written as SQLite spells it.
_TRIGGER_TABLES = {
    "audit_log_no_update": "audit_log",
    "audit_log_no_delete": "audit_log",
    "record_digests_no_update": "record_digests",
    "record_digests_no_delete": "record_digests",
}


def _raw_pg(url: str):  # type: ignore[no-untyped-def]
    """A connection to a PostgreSQL store's database that is not casefile's: edits made
    through it are "outside casefile" (no record tracking), as a sqlite3 connection to
    the file is. It takes the tests' SQLite-spelled SQL (`?` parameters)."""
    from casefile.store.pg_connection import PgConnection

    class RawPg(PgConnection):
        def execute(self, sql, params=None):  # type: ignore[no-untyped-def]
            words = sql.split()
            if len(words) == 3 and [w.upper() for w in words[:2]] == ["DROP", "TRIGGER"]:
                sql = f"{sql} ON {_TRIGGER_TABLES[words[2]]}"
            return super().execute(sql, params)

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None:
            self.close()

    return RawPg(url)


def raw_connect(location: object):  # type: ignore[no-untyped-def]
    """A plain connection to a store's database: sqlite3 for a file, RawPg for a URL.
    Autocommit in both."""
    import sqlite3

    if isinstance(location, str) and location.startswith("postgresql://"):
        return _raw_pg(location)
    return sqlite3.connect(location, isolation_level=None)


def dump_rows(location: object) -> list[str]:
    """Every row of every table, as text, in a fixed order: equal dumps, equal data."""
    if isinstance(location, str) and location.startswith("postgresql://"):
        conn = _raw_pg(location)
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")]
            out = []
            for table in tables:
                out += [f"{table}: {row!r}" for row in sorted(
                    conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)]
            return out
        finally:
            conn.close()
    import sqlite3

    lite = sqlite3.connect(location)
    try:
        return list(lite.iterdump())
    finally:
        lite.close()
