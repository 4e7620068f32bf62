"""Running wrk with bench/urls.lua and reading its figures."""

import json
import os
import shutil
import subprocess
from pathlib import Path

from . import BenchError

LUA_SCRIPT = Path(__file__).resolve().with_name("urls.lua")
MARKER = "WRK_JSON "


def ensure_wrk() -> str:
    """The path of wrk; installed with apt-get (Debian package `wrk`) when missing and running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BenchError(
            "wrk manque : installez-le avec « sudo apt-get install wrk » puis relancez make bench."
        )
    print("wrk manque : installation du paquet Debian wrk (apt-get install -y wrk)…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    if subprocess.run(install, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, check=False)
        subprocess.run(install, env=env, check=False)
    found = shutil.which("wrk")
    if not found:
        raise BenchError("wrk n'a pas pu être installé : « apt-get install wrk » a échoué (voir ci-dessus).")
    return found


def wrk_command(
    wrk: str,
    base_url: str,
    paths_file: Path,
    *,
    connections: int,
    threads: int,
    duration: float,
    timeout: float,
) -> list[str]:
    return [
        wrk,
        f"--threads={min(threads, connections)}",  # 1 thread for 1 connection
        f"--connections={connections}",
        f"--duration={max(1, round(duration))}s",
        f"--timeout={max(1, round(timeout))}s",
        f"--script={LUA_SCRIPT}",
        base_url,
        str(paths_file),
    ]


def run_wrk(
    wrk: str,
    base_url: str,
    paths_file: Path,
    *,
    connections: int,
    threads: int,
    duration: float,
    timeout: float,
) -> dict:
    """One wrk run; returns the figures of `parse_wrk_output`."""
    command = wrk_command(
        wrk,
        base_url,
        paths_file,
        connections=connections,
        threads=threads,
        duration=duration,
        timeout=timeout,
    )
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + timeout + 60, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk ne s'est pas arrêté à temps : {' '.join(command)}") from None
    if completed.returncode != 0:
        raise BenchError(f"wrk a échoué ({completed.returncode}) : {completed.stderr.strip()[-500:]}")
    return parse_wrk_output(completed.stdout)


def parse_wrk_output(text: str) -> dict:
    """The figures of a run from wrk's output: the `WRK_JSON` line printed by urls.lua's `done`.

    Latencies in milliseconds; `errors` adds socket errors (connect, read, write, timeout) and
    answers that are not 2xx or 3xx (wrk's `status` count).
    """
    lines = [line for line in text.splitlines() if line.startswith(MARKER)]
    if not lines:
        raise BenchError(f"sortie de wrk sans ligne {MARKER.strip()} : {text.strip()[-300:]}")
    raw = json.loads(lines[-1][len(MARKER) :])
    errors = raw["errors"]
    socket_errors = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
    seconds = raw["duration_us"] / 1_000_000
    latency = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "duration_s": round(seconds, 2),
        "requests_per_s": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p95_ms": round(latency["p95"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "errors": socket_errors + errors["status"],
        "socket_errors": socket_errors,
        "status_errors": errors["status"],
    }
