"""Embedded PostgreSQL (pgserver) used when DATABASE_URL is not set.

The cluster lives in `var/pgdata` (created on first use, reused afterwards). It listens on a Unix
socket only. The server stops when the last process using it exits, and starts again on demand.
"""

import logging
import warnings
from pathlib import Path

DATABASE_NAME = "spro"
SUPERUSER = "postgres"

# Settings of the embedded server, in `spro.conf` (included by its postgresql.conf, read when it starts):
# shared memory for the pages the national-scale benchmark reads (with PostgreSQL's default of 128 MB,
# a fifth of the pages a search reads at size L came from the operating system's cache); no JIT
# compilation, which costs the training searches about 20 ms a query (README, Deployment).
SERVER_SETTINGS = {"shared_buffers": "1GB", "jit": "off"}
INCLUDE = "include_if_exists = 'spro.conf'"

logger = logging.getLogger(__name__)


def start(pgdata: Path, *, keep_running: bool = False):
    """Start (or join) the embedded server in `pgdata`; return the pgserver handle."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        import pgserver

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        configure(pgdata)  # an existing cluster: read when it starts
        server = pgserver.get_server(pgdata, cleanup_mode=None if keep_running else "stop")
        configure(pgdata)  # a cluster just created: from its next start
        return server


def configure(pgdata: Path) -> None:
    """Write SERVER_SETTINGS into the cluster's configuration (nothing before initdb)."""
    conf = pgdata / "postgresql.conf"
    if not conf.exists():
        return
    settings = pgdata / "spro.conf"
    wanted = "".join(f"{name} = '{value}'\n" for name, value in SERVER_SETTINGS.items())
    if not settings.exists() or settings.read_text() != wanted:  # every command starts here: write once
        settings.write_text(wanted)
    if INCLUDE not in conf.read_text():
        with conf.open("a") as file:
            file.write(f"\n# SPRO portal (spro_portal/embedded_db.py)\n{INCLUDE}\n")


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
