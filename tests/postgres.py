"""A throwaway PostgreSQL cluster for the tests: ``initdb`` and ``pg_ctl`` of Debian's
``postgresql`` package (``scripts/system-deps.sh``) in a temporary folder, listening on
127.0.0.1 on a free port and on a socket in that folder, stopped and removed at the end.

PostgreSQL refuses to run as root: as root, the cluster belongs to the ``postgres`` user the
package creates (or ``nobody``) and its programs run under ``runuser``.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                  key=lambda path: int(Path(path).parent.name))
SUPERUSER = "translate_letter"


def binaries() -> Path | None:
    """The newest PostgreSQL's programs, or None when the package is not installed."""
    return Path(BINARIES[-1]) if BINARIES and os.access(
        Path(BINARIES[-1]) / "initdb", os.X_OK) else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One running cluster; :meth:`new_database` gives each test a database of its own."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="translate-letter-pg-"))
        self.port = _free_port()
        self._owner = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self._owner = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            os.chown(self.folder, self._owner.pw_uid, self._owner.pw_gid)
        self.data = self.folder / "data"
        self._names = itertools.count(1)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._owner is not None:
            command = ["runuser", "-u", self._owner.pw_name, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def start(self) -> Cluster:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.folder} -c max_connections=300 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, statement: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        name = f"test_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop(self, url: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
