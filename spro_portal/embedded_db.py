"""Embedded PostgreSQL (pgserver) used when DATABASE_URL is not set.

The cluster lives in `var/pgdata` (created on first use, reused afterwards). It listens on a Unix
socket only. The server stops when the last process using it exits, and starts again on demand.
"""

import logging
import warnings
from pathlib import Path

DATABASE_NAME = "spro"
SUPERUSER = "postgres"

logger = logging.getLogger(__name__)


def start(pgdata: Path, *, keep_running: bool = False):
    """Start (or join) the embedded server in `pgdata`; return the pgserver handle."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        import pgserver

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        return pgserver.get_server(pgdata, cleanup_mode=None if keep_running else "stop")


def ensure_database(server, name: str = DATABASE_NAME) -> None:
    import psycopg

    info = server.get_postmaster_info()
    with psycopg.connect(
        dbname="postgres", user=SUPERUSER, host=str(info.socket_dir), port=info.port or 5432, autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            logger.info("created database %s", name)


def django_database(pgdata: Path, name: str = DATABASE_NAME) -> dict:
    """Start the embedded server if needed and return Django's DATABASES['default'] for it."""
    server = start(pgdata)
    ensure_database(server, name)
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": SUPERUSER,
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
        "TEST": {"NAME": f"test_{name}"},
    }
