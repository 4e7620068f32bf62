"""The benchmark's own databases, `spro_bench_s` and `spro_bench_l` (one per size), dropped and created
again on every run.

On the server of DATABASE_URL (same credentials) when it is set, else on the embedded PostgreSQL of
`var/pgdata` (started here when needed and stopped at the end unless another process uses it).
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from . import BenchError

DATABASE_PREFIX = "spro_bench"


def database_name(size: str) -> str:
    return f"{DATABASE_PREFIX}_{size.lower()}"


MAINTENANCE_DATABASE = "postgres"


def with_database(url: str, name: str) -> str:
    """The same PostgreSQL URL (server, credentials, options) naming another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + quote(name), parts.query, parts.fragment))


def socket_url(socket_dir: Path, port: int | None, name: str, user: str = "postgres") -> str:
    """A URL for a server reached through its Unix socket: postgresql://postgres@/name?host=/dir."""
    query = [("host", str(socket_dir))]
    if port and port != 5432:
        query.append(("port", str(port)))
    return f"postgresql://{quote(user)}@/{quote(name)}?{urlencode(query, safe='/')}"


def libpq_url(url: str) -> str:
    """The URL as psycopg reads it (`postgres://` and `pgsql://` are Django-side spellings)."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, parts.fragment))


@dataclass
class BenchDatabases:
    urls: dict[str, str]  # size → DATABASE_URL of its database, for manage.py, gunicorn and bench.inspect
    server_label: str
    server: object | None = field(default=None, repr=False)  # the pgserver handle we hold, if any

    def drop(self) -> None:
        for url in self.urls.values():
            _recreate(url, create=False)

    def close(self) -> None:
        """Release the embedded server: pgserver stops it when no other process uses it."""
        if self.server is not None:
            server, self.server = self.server, None
            server.cleanup()


def _recreate(url: str, *, create: bool) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    try:
        with psycopg.connect(libpq_url(with_database(url, MAINTENANCE_DATABASE)), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if create:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        action = "recréer" if create else "supprimer"
        raise BenchError(f"impossible de {action} la base {name} : {str(exc).strip()}") from None


def checkpoint(url: str) -> str:
    """Have the server write the generated data to disk now (CHECKPOINT), and say so. Otherwise the
    checkpoint that the load started spreads the writes of gigabytes over the next minutes, during the
    measures of the first pages. Needs a superuser or the pg_checkpoint role: else said, not fatal."""
    import psycopg

    try:
        with psycopg.connect(libpq_url(url), autocommit=True) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.Error as exc:
        return f"CHECKPOINT impossible ({str(exc).strip()}) : mesures pendant l'écriture des données"
    return "CHECKPOINT fait"


def prepare(environ, *, project_dir: Path, sizes: list[str]) -> BenchDatabases:
    """Drop and create a database per size on DATABASE_URL's server, or on the embedded server (started
    if needed)."""
    configured = (environ.get("DATABASE_URL") or "").strip()
    names = {size: database_name(size) for size in sizes}
    if configured:
        urls = {size: with_database(configured, name) for size, name in names.items()}
        host = urlsplit(configured).hostname or "socket"
        databases = BenchDatabases(urls=urls, server_label=f"DATABASE_URL ({host})")
    else:
        from spro_portal import embedded_db

        server = embedded_db.start(project_dir / "var" / "pgdata")
        info = server.get_postmaster_info()
        urls = {
            size: socket_url(info.socket_dir, info.port, name, embedded_db.SUPERUSER)
            for size, name in names.items()
        }
        databases = BenchDatabases(urls=urls, server_label="PostgreSQL embarqué (var/pgdata)", server=server)
    try:
        for url in urls.values():
            _recreate(url, create=True)
    except BaseException:
        databases.close()
        raise
    return databases


def server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(libpq_url(url)) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]
