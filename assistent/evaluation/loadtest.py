"""Load test of a running server, on loopback only: N concurrent clients, a fixed number of requests, a deadline.

    proc, url = start_server(settings, port=0)      # `assistent serve` in a subprocess, waits for /api/health
    try:
        figures = run_load(url, clients=50, requests=500)
    finally:
        stop_server(proc)

Only 127.0.0.0/8, localhost and ::1 are accepted as targets; the request count is bounded and the whole
run stops at its overall timeout, whatever the server does.
"""
from __future__ import annotations

import asyncio
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from assistent.settings import Settings

DEFAULT_QUESTIONS = [
    "Hoeveel eigen inleg is nodig?",
    "Wat is het Fonds Coöperatief Wonen?",
    "Welke initiatieven komen in aanmerking voor financiering van de bouwfase?",
    "Wat doet de taxatierichtlijn voor wooncoöperaties?",
    "Hoe helpt het Rijk gemeenten bij wooncoöperaties?",
    "Wat is bewoningsrecht?",
    "Komt een wooncoöperatie met koopwoningen in aanmerking voor de bouwfase?",
    "Wat verandert er aan de vennootschapsbelasting?",
]
MAX_REQUESTS = 100_000
# The load-test server has no rate limit unless told otherwise: one client address would hit a normal limit at
# once. ("off" rather than a huge number: several workers with a per-process limit refuse to start.)
LOAD_RATE_LIMIT = "off"


def assert_loopback(url: str) -> str:
    """The host of url when it is a loopback address; ValueError for anything else."""
    host = (urlsplit(url).hostname or "").strip("[]").lower()
    if host == "localhost":
        return host
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise ValueError(f"Belastingtest alleen op loopback (127.0.0.0/8, localhost, ::1), niet op {host or url!r}")


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    k = (len(sorted_values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def new_question(question: str, i: int, run: str = "") -> str:
    """A variant of question that no earlier request asked (so no cache of the server knows it); run tells
    runs apart (each run_load has its own), so a second run against the same server is new too."""
    return f"{question} (vraag {run}{i + 1})"


async def _run(
    url: str, clients: int, requests: int, questions: list[str], timeout_s: float, request_timeout_s: float,
    api_key: str | None, path: str, duration_s: float | None = None, unique: bool = False,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    next_index = 0
    lock = asyncio.Lock()

    stop_at = time.perf_counter() + duration_s if duration_s else None
    run = f"{os.urandom(3).hex()}-"  # this run's own questions

    async def take() -> int | None:
        nonlocal next_index
        async with lock:
            if next_index >= requests or (stop_at is not None and time.perf_counter() >= stop_at):
                return None
            next_index += 1
            return next_index - 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=url.rstrip("/"), headers=headers, timeout=request_timeout_s, limits=limits, trust_env=False
    ) as client:

        async def worker() -> None:
            while (i := await take()) is not None:
                t = time.perf_counter()
                try:
                    question = questions[i % len(questions)]
                    r = await client.post(path, json={"question": new_question(question, i, run) if unique else question})
                    statuses[str(r.status_code)] += 1
                    if r.status_code == 200:
                        latencies.append((time.perf_counter() - t) * 1000)
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1

        t0 = time.perf_counter()
        tasks = [asyncio.create_task(worker()) for _ in range(clients)]
        done, pending = await asyncio.wait(tasks, timeout=timeout_s)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        elapsed = time.perf_counter() - t0

    lat = sorted(latencies)
    sent = sum(statuses.values())
    ok = statuses.get("200", 0)
    return {
        "url": url,
        "clients": clients,
        "requests": requests,
        "new_questions": unique,
        "completed": sent,
        "ok": ok,
        "errors": sent - ok,
        "not_sent": requests - sent,
        "timed_out": bool(pending),
        "statuses": dict(sorted(statuses.items())),
        "p50_ms": round(_percentile(lat, 0.50), 1),
        "p95_ms": round(_percentile(lat, 0.95), 1),
        "max_ms": round(lat[-1], 1) if lat else 0.0,
        "duration_s": round(elapsed, 2),
        "throughput_rps": round(ok / elapsed, 2) if elapsed > 0 else 0.0,
    }


def run_load(
    url: str,
    clients: int = 50,
    requests: int = 500,
    questions: list[str] | None = None,
    *,
    timeout_s: float = 300.0,
    request_timeout_s: float = 60.0,
    api_key: str | None = None,
    path: str = "/api/ask",
    duration_s: float | None = None,
    unique: bool = False,
) -> dict[str, Any]:
    """POST `requests` questions to url+path from `clients` concurrent clients; returns and prints the figures.

    With duration_s the clients stop sending after that many seconds (requests is then an upper bound);
    with unique every request asks a question no earlier request asked (no cache helps).

    Latencies are of successful (200) requests; `errors` counts every other outcome. The run stops after
    timeout_s in any case (`timed_out` then says so and `not_sent` how many were never sent).
    """
    assert_loopback(url)
    if not 1 <= clients <= 1000:
        raise ValueError("clients moet tussen 1 en 1000 liggen")
    if not 1 <= requests <= MAX_REQUESTS:
        raise ValueError(f"requests moet tussen 1 en {MAX_REQUESTS} liggen")
    questions = [q for q in (questions or DEFAULT_QUESTIONS) if q.strip()] or DEFAULT_QUESTIONS
    figures = asyncio.run(
        _run(url, min(clients, requests), requests, questions, timeout_s, request_timeout_s, api_key, path,
             duration_s, unique)
    )
    figures["clients"] = clients
    print(
        f"belasting {url}{path}: {figures['clients']} clients, {figures['completed']}/{requests} verzoeken in "
        f"{figures['duration_s']} s; p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"max {figures['max_ms']} ms; "
        f"{figures['throughput_rps']} verzoeken/s; {figures['errors']} fouten {figures['statuses']}"
    )
    return figures


# --------------------------------------------------------------------------- a server to load


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the uvicorn workers), in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total_kb, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return round(total_kb / 1024, 1)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def settings_env(settings: Settings) -> dict[str, str]:
    """ASSISTENT_* variables that make get_settings() in another process equal to settings (paths absolute)."""
    env: dict[str, str] = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if value is None:
            continue  # unset: the other process takes the default too ('' is not a date or a number)
        if isinstance(value, Path):
            text = str(value.resolve())
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            text = ",".join(str(v) for v in value)
        else:
            text = str(value)
        env[f"ASSISTENT_{name.upper()}"] = text
    return env


def _log_tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def start_server(
    settings: Settings,
    port: int = 0,
    *,
    workers: int | None = None,
    rate_limit: str | None = LOAD_RATE_LIMIT,
    timeout_s: float = 180.0,
    log_path: str | Path | None = None,
) -> tuple[subprocess.Popen, str]:
    """Run `assistent serve` on 127.0.0.1 (port 0 = a free one) and wait until /api/health answers.

    The server runs with `settings` (passed as ASSISTENT_* variables); by default its rate limit is lifted,
    since all load comes from one address: pass rate_limit=None to keep the one in settings. Its output goes
    to log_path (a temporary file by default; `proc.log_path`). Stop it with stop_server(proc).
    """
    port = port or free_port()
    update: dict[str, Any] = {"host": "127.0.0.1", "port": port}
    if workers is not None:
        update["workers"] = workers
    if rate_limit is not None:
        update["rate_limit"] = rate_limit
    s = settings.model_copy(update=update)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTENT_")}
    env.update(settings_env(s))
    env.setdefault("PYTHONUNBUFFERED", "1")
    exe = Path(sys.executable).parent / "assistent"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "assistent.serve.cli"]
    cmd += ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(s.workers)]
    log_file = Path(log_path) if log_path else Path(tempfile.mkstemp(prefix="assistent-serve-", suffix=".log")[1])
    with open(log_file, "ab") as out:
        proc = subprocess.Popen(
            cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    proc.log_path = log_file  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    with httpx.Client(timeout=5, trust_env=False) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"De server stopte meteen (code {proc.returncode}):\n{_log_tail(log_file)}")
            try:
                if client.get(f"{url}/api/health").status_code == 200:
                    return proc, url
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError(f"De server antwoordde niet binnen {timeout_s:.0f} s:\n{_log_tail(log_file)}")


def stop_server(proc: subprocess.Popen, timeout_s: float = 30.0) -> None:
    """SIGTERM (uvicorn then stops its workers); SIGKILL to its process group when it does not stop in time."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
        return
    except subprocess.TimeoutExpired:
        pass
    try:  # the server's own process group (start_new_session=True), so its workers too
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait(timeout=10)
