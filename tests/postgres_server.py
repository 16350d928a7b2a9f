"""A throwaway PostgreSQL server on loopback for tests (Debian's initdb/pg_ctl), or why there is none."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoServer(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user() -> tuple[list[str], str | None]:
    """The command prefix to run server binaries (postgres refuses to run as root), and that user."""
    if os.geteuid() != 0:
        return [], None
    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise NoServer("running as root and there is no 'postgres' user to run the server as") from error
    return ["runuser", "-u", "postgres", "--"], "postgres"


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a fresh cluster in a temp dir; yield its SQLAlchemy URL; stop and delete it afterwards."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise NoServer("PostgreSQL is not installed (apt-get install postgresql)")
    bin_dir = Path(found[-1]).parent
    try:
        import psycopg  # noqa: F401  (the driver SQLAlchemy will use)
    except ImportError as error:
        raise NoServer("the psycopg driver is not installed (pip install 'psycopg[binary]')") from error
    prefix, user = _as_server_user()
    root = Path(tempfile.mkdtemp(prefix="churnlens-pg-"))
    if user:
        shutil.chown(root, user)
    data, port = root / "data", _free_port()
    run = lambda *args: subprocess.run([*prefix, *map(str, args)], capture_output=True, text=True, timeout=120)  # noqa: E731
    try:
        made = run(bin_dir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        if made.returncode:
            raise NoServer(f"initdb failed: {made.stderr.strip()[:300]}")
        started = run(bin_dir / "pg_ctl", "-D", data, "-l", root / "server.log", "-w", "-t", "60", "-o",
                      f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        if started.returncode:
            log = (root / "server.log").read_text() if (root / "server.log").exists() else started.stderr
            raise NoServer(f"pg_ctl start failed: {log.strip()[-300:]}")
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
