import subprocess
import sys
from pathlib import Path

import psycopg

from spro_portal import embedded_db

ROOT = Path(__file__).resolve().parents[2]


def connect(server, dbname="postgres"):
    info = server.get_postmaster_info()
    return psycopg.connect(dbname=dbname, user="postgres", host=str(info.socket_dir), autocommit=True)


def test_embedded_server_is_created_then_reused_with_its_data(tmp_path):
    pgdata = tmp_path / "pgdata"
    server = embedded_db.start(pgdata)
    try:
        assert (pgdata / "PG_VERSION").exists()
        embedded_db.ensure_database(server)
        with connect(server, embedded_db.DATABASE_NAME) as conn:
            conn.execute("CREATE TABLE kept (value text)")
            conn.execute("INSERT INTO kept VALUES ('still here')")
        first_pid = server.get_pid()

        # Another process joins the running server instead of starting a second one.
        joined = subprocess.run(
            [sys.executable, "-c", f"from spro_portal import embedded_db; from pathlib import Path; "
             f"print(embedded_db.start(Path({str(pgdata)!r})).get_pid())"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert int(joined.stdout.strip()) == first_pid
    finally:
        server.cleanup()  # last handle: the server stops
    assert not (pgdata / "postmaster.pid").exists()

    # Started again on the same directory: same cluster, data kept, database not recreated.
    restarted = embedded_db.start(pgdata)
    try:
        embedded_db.ensure_database(restarted)
        with connect(restarted, embedded_db.DATABASE_NAME) as conn:
            assert conn.execute("SELECT value FROM kept").fetchone() == ("still here",)
            # The portal's server settings apply from the second start.
            assert conn.execute("SHOW shared_buffers").fetchone() == (
                embedded_db.SERVER_SETTINGS["shared_buffers"],
            )
            assert conn.execute("SHOW jit").fetchone() == ("off",)
    finally:
        restarted.cleanup()


def test_django_database_settings_point_at_the_socket(tmp_path):
    settings = embedded_db.django_database(tmp_path / "pgdata")
    try:
        assert settings["ENGINE"] == "django.db.backends.postgresql"
        assert settings["NAME"] == "spro"
        assert Path(settings["HOST"]).is_dir()
    finally:
        embedded_db.start(tmp_path / "pgdata").cleanup()
