"""Real Redis and PostgreSQL servers for the tests, each started in a temporary directory on a free port.

    with redis_server(tmp) as url:        # redis://127.0.0.1:<port>/0
    with postgres_server(tmp) as url:     # postgresql://assistent@127.0.0.1:<port>/assistent

The binaries come from PATH (redis-server; initdb/pg_ctl/postgres, e.g. in /usr/local/bin) or from Debian's
packages (`redis-server`, `postgresql`: /usr/lib/postgresql/<version>/bin). `scripts/setup --test` installs
them when missing; `find_*` return None when they are truly absent and the fixtures then skip with the reason.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def find_redis() -> str | None:
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/local/bin/redis-server") if os.access(p, os.X_OK)), None
    )


def find_postgres_bin() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: PATH first, then Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(os.access(Path(cand) / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres")):
            return Path(cand)
    return None


def _wait_port(port: int, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server stopped (code {proc.returncode}): {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not listen on {port} within {timeout} s")


def _stop(proc: subprocess.Popen, grace: float) -> None:
    """Ask the server to stop; kill it when it has not within `grace` seconds."""
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    binary = find_redis()
    if binary is None:
        raise FileNotFoundError("redis-server")
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "redis.log"
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
           "--dir", str(workdir), "--logfile", str(log), "--daemonize", "no"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_port(port, proc, 20, log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(proc, 10)


def _as_postgres_user() -> dict:
    """initdb and postgres refuse to run as root: run them as the 'nobody'/'postgres' user then."""
    if os.geteuid() != 0:
        return {}
    import pwd

    for name in ("postgres", "nobody"):
        try:
            pw = pwd.getpwnam(name)
            return {"user": pw.pw_uid, "group": pw.pw_gid}
        except KeyError:
            continue
    return {}


@contextmanager
def postgres_server(workdir: Path) -> Iterator[str]:
    bindir = find_postgres_bin()
    if bindir is None:
        raise FileNotFoundError("initdb/pg_ctl/postgres")
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / "pgdata"
    log = workdir / "postgres.log"
    as_user = _as_postgres_user()
    if as_user:
        for path in (workdir, *workdir.parents):  # the server user must reach its data directory
            if str(path) in ("/", "/tmp"):
                break
            os.chmod(path, os.stat(path).st_mode | 0o711)
        os.chown(workdir, as_user["user"], as_user["group"])
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        [str(bindir / "initdb"), "-D", str(data), "-U", "assistent", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, **as_user,
    )
    proc = subprocess.Popen(
        [str(bindir / "postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1", "-k", str(workdir),
         "-c", "fsync=off", "-c", "max_connections=200"],
        stdout=open(log, "wb"), stderr=subprocess.STDOUT, env=env, start_new_session=True, **as_user,
    )
    try:
        _wait_port(port, proc, 30, log)
        url = f"postgresql://assistent@127.0.0.1:{port}/postgres"
        import psycopg

        deadline = time.monotonic() + 30
        while True:  # the port opens a moment before the server accepts logins
            try:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute("CREATE DATABASE assistent")
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield f"postgresql://assistent@127.0.0.1:{port}/assistent"
    finally:
        _stop(proc, 15)
