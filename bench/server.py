"""The portal served by gunicorn (sync workers, production settings) for the duration of a benchmark."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from . import BenchError

READY_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(*, port: int, workers: int) -> list[str]:
    # Gunicorn writes no access log unless --access-logfile is given: none here.
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "spro_portal.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--log-level=warning",
        "--error-logfile=-",
    ]


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (gunicorn and its workers), SIGKILL when it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT_S)
    except ProcessLookupError:
        pass


def wait_until_ready(process: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn s'est arrêté au démarrage :\n{_tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 -- our own http URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn ne répond pas sur {url} après {READY_TIMEOUT_S} s :\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextmanager
def serve(env: dict, *, project_dir: Path, workers: int, log_path: Path, port: int = 0):
    """Serve the portal on 127.0.0.1 while the block runs; yields the base URL."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            gunicorn_command(port=port, workers=workers),
            cwd=project_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
    try:
        wait_until_ready(process, f"{base_url}/sante/", log_path)
        yield base_url
    finally:
        stop_process_group(process)
