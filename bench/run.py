"""`make bench`: load benchmark of the public pages on synthetic data of size S, then L.

    .venv/bin/python -m bench.run            # sizes S and L (see bench/README.md)
    .venv/bin/python -m bench.run --quick    # size S only, a few seconds per page (CI)

Creates the `spro_bench` database, serves the portal with gunicorn and production settings, drives it
with wrk (bench/urls.lua), counts the SQL queries per page in-process, prints a table and the targets,
writes the results as JSON. Exit 0 even when targets fail (a measurement); non-zero when it crashes.
"""

import argparse
import datetime
import functools
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from importlib import metadata, util
from pathlib import Path

from . import BenchError
from . import database as bench_database
from .report import derived_ratios, evaluate_targets, format_table, format_targets, write_json
from .server import serve
from .sqlcount import count_queries, find_failures
from .urlsets import PAGES, build_paths, load_bench_data
from .wrk import ensure_wrk, run_wrk

PROJECT_DIR = Path(__file__).resolve().parent.parent
SIZES = {"S": {"sites": 1_000, "events": 10_000}, "L": {"sites": 100_000, "events": 1_000_000}}
CONCURRENCIES = (16, 1)
DEFAULT_OUTPUT = PROJECT_DIR / "bench" / "results.json"
QUICK_OUTPUT = PROJECT_DIR / "var" / "bench" / "results-quick.json"
LOG_DIR = PROJECT_DIR / "var" / "bench"  # gunicorn's error log (tracebacks of failing requests)


def parse_args(argv=None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="taille S seulement, quelques secondes par page")
    parser.add_argument("--sizes", help="tailles mesurées, par ex. S,L (défaut : S,L ; S avec --quick)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * cores,
        help=f"workers gunicorn synchrones (défaut 2 × cœurs = {2 * cores})",
    )
    parser.add_argument("--threads", type=int, default=2, help="threads de wrk à 16 connexions (défaut 2)")
    parser.add_argument(
        "--duration", type=float, help="secondes mesurées par page et concurrence (défaut 10 ; 3)"
    )
    parser.add_argument(
        "--warmup", type=float, help="secondes de chauffe par page, non mesurées (défaut 3 ; 1)"
    )
    parser.add_argument(
        "--timeout", type=float, default=10, help="délai de réponse de wrk en secondes (défaut 10)"
    )
    parser.add_argument(
        "--paths", type=int, default=300, help="chemins distincts par page (défaut 300, min. 200)"
    )
    parser.add_argument("--sql-sample", type=int, default=30, help="requêtes comptées par page (défaut 30)")
    parser.add_argument("--seed", type=int, default=1, help="graine des données et des chemins (défaut 1)")
    parser.add_argument("--port", type=int, default=0, help="port de gunicorn (défaut : un port libre)")
    parser.add_argument(
        "--output", type=Path, help=f"fichier JSON (défaut {DEFAULT_OUTPUT.relative_to(PROJECT_DIR)})"
    )
    parser.add_argument("--keep-db", action="store_true", help="garder la base spro_bench après la mesure")
    args = parser.parse_args(argv)
    args.sizes = [
        s.strip().upper() for s in (args.sizes or ("S" if args.quick else "S,L")).split(",") if s.strip()
    ]
    unknown = [size for size in args.sizes if size not in SIZES]
    if unknown:
        parser.error(f"taille inconnue : {', '.join(unknown)} (S ou L)")
    if args.duration is None:
        args.duration = 3 if args.quick else 10
    if args.warmup is None:
        args.warmup = 1 if args.quick else 3
    if args.output is None:
        args.output = QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT
    if args.paths < 200:
        parser.error("--paths : au moins 200 chemins distincts par page")
    if args.workers < 1 or args.threads < 1 or args.duration < 1:
        parser.error("--workers, --threads et --duration doivent être positifs")
    return args


def step(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def production_env(base: dict) -> dict:
    """The portal's production settings on 127.0.0.1 (README, Configuration)."""
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "spro_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_GEOCODING": "0",
    }


def manage(env: dict, *args: str, timeout: float | None = None) -> None:
    command = [sys.executable, "manage.py", *args]
    try:
        completed = subprocess.run(command, cwd=PROJECT_DIR, env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"manage.py {args[0]} dépasse {timeout:.0f} s : arrêté.") from None
    if completed.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} a échoué (code {completed.returncode}).")


def machine_facts(database_url: str) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.date.today().isoformat(),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": bench_database.server_version(database_url),
        "django": metadata.version("django"),
        "gunicorn": metadata.version("gunicorn"),
        "wrk": _wrk_version(),
    }


def _wrk_version() -> str:
    completed = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    words = (completed.stdout + completed.stderr).split()
    return words[1] if len(words) > 1 else ""


def bench_size(size: str, args, env: dict, wrk: str, workdir: Path) -> dict:
    """SQL counts, then wrk at 16 and 1 connections on every page, for the data now in the database."""
    from django.db import connections

    step(f"Taille {size} : chemins et requêtes SQL par page (échantillon de {args.sql_sample})")
    paths = build_paths(load_bench_data(), count=args.paths, seed=args.seed)
    results = {}
    for page in PAGES:
        if not paths[page.key]:
            raise BenchError(f"aucun chemin pour {page.label} : la base de mesure est-elle remplie ?")
        results[page.key] = {
            "paths": len(paths[page.key]),
            "example": paths[page.key][0],
            "queries": count_queries(paths[page.key], size=args.sql_sample),
        }
        (workdir / f"{size}-{page.key}.txt").write_text("\n".join(paths[page.key]) + "\n", encoding="utf-8")
    connections.close_all()

    step(f"Taille {size} : gunicorn ({args.workers} workers synchrones) et wrk")
    measure = functools.partial(run_wrk, wrk, threads=args.threads, timeout=args.timeout)
    log_path = LOG_DIR / f"gunicorn-{size}.log"
    with serve(env, project_dir=PROJECT_DIR, workers=args.workers, log_path=log_path, port=args.port) as url:
        for page in PAGES:
            paths_file = workdir / f"{size}-{page.key}.txt"
            if args.warmup:
                measure(url, paths_file, connections=16, duration=args.warmup)
            for conc in CONCURRENCIES:
                figures = measure(url, paths_file, connections=conc, duration=args.duration)
                results[page.key][f"c{conc}"] = figures
                print(
                    f"    {page.label:<34} {conc:>2} conn. {figures['requests_per_s']:>8.1f} req/s  "
                    f"p95 {figures['p95_ms']:>7.1f} ms  erreurs {figures['socket_errors']} socket, "
                    f"{figures['status_errors']} statut",
                    flush=True,
                )
    failing = [
        key for key, entry in results.items() if any(entry[f"c{c}"]["status_errors"] for c in CONCURRENCIES)
    ]
    for key in failing:  # which paths fail, for the developer (tracebacks in the gunicorn log)
        results[key]["failing_paths"] = find_failures(paths[key])
        print(
            f"    {key} : chemins en erreur {results[key]['failing_paths'] or '(non reproduits)'}", flush=True
        )
    connections.close_all()
    return results


def run(args) -> int:
    started = time.monotonic()
    wrk = ensure_wrk()
    if util.find_spec("gunicorn") is None:
        raise BenchError("gunicorn manque dans .venv : make install (dépendance de développement).")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    for old_log in LOG_DIR.glob("gunicorn-*.log"):
        old_log.unlink()
    workdir = Path(tempfile.mkdtemp(prefix="spro-bench-"))
    env = production_env(dict(os.environ))
    database, durations, results = None, {}, {}
    try:
        step("Base de mesure spro_bench : suppression, création, migrations, données de référence")
        database = bench_database.prepare(os.environ, project_dir=PROJECT_DIR)
        print(f"    serveur : {database.server_label}", flush=True)
        env["DATABASE_URL"] = database.url
        os.environ.update(env)  # this process reads the bench database too (paths, SQL counts)
        timeout = 600 if args.quick else None  # CI: never hang
        manage(env, "migrate", "--noinput", "--verbosity=0", timeout=timeout)
        manage(env, "load_reference_data", "--verbosity=0", timeout=timeout)
        manage(env, "collectstatic", "--noinput", "--verbosity=0", timeout=timeout)
        import django

        django.setup()
        durations["preparation"] = round(time.monotonic() - started, 1)
        for size in args.sizes:
            counts = SIZES[size]
            step(f"Taille {size} : generate_synthetic --sites {counts['sites']} --events {counts['events']}")
            begin = time.monotonic()
            manage(
                env,
                "generate_synthetic",
                f"--sites={counts['sites']}",
                f"--events={counts['events']}",
                f"--seed={args.seed}",
                f"--verbosity={1 if sys.stdout.isatty() else 0}",  # progress bars on a terminal only
                timeout=timeout,
            )
            durations[f"generation_{size}"] = round(time.monotonic() - begin, 1)
            begin = time.monotonic()
            results[size] = bench_size(size, args, env, wrk, workdir)
            durations[f"mesure_{size}"] = round(time.monotonic() - begin, 1)
        durations["total"] = round(time.monotonic() - started, 1)

        targets = evaluate_targets(results)
        document = {
            "machine": machine_facts(database.url),
            "parameters": {
                "quick": args.quick,
                "sizes": {size: SIZES[size] for size in args.sizes},
                "seed": args.seed,
                "gunicorn_workers": args.workers,
                "worker_class": "sync",
                "wrk_threads": args.threads,
                "concurrencies": list(CONCURRENCIES),
                "duration_s": args.duration,
                "warmup_s": args.warmup,
                "timeout_s": args.timeout,
                "paths_per_page": args.paths,
                "sql_sample": args.sql_sample,
                "database": database.server_label,
                "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
            },
            "durations_s": durations,
            "results": results,
            "ratios": derived_ratios(results),
            "targets": targets,
        }
        step("Résultats")
        print(format_table(results))
        print()
        print(format_targets(targets))
        if any(t["target"] == "erreurs" and t["status"] == "FAIL" for t in targets):
            print(
                f"\nErreurs : les traces des requêtes en échec sont dans {LOG_DIR.relative_to(PROJECT_DIR)}/."
            )
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_json(args.output, document)
        shown = (
            args.output.relative_to(PROJECT_DIR) if args.output.is_relative_to(PROJECT_DIR) else args.output
        )
        print(f"\nRésultats écrits dans {shown} ({durations['total']:.0f} s).", flush=True)
        return 0
    finally:
        _cleanup(database, args.keep_db, workdir)


def _cleanup(database, keep_db: bool, workdir: Path) -> None:
    if "django.apps" in sys.modules:
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()
    if database is not None:
        try:
            if not keep_db:
                database.drop()
        except BenchError as exc:
            print(f"Attention : {exc}", file=sys.stderr)
        finally:
            database.close()
    shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    # A termination (CI cancelling the job) unwinds like an error: gunicorn and the server are stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        return run(args)
    except BenchError as exc:
        print(f"\nmake bench : {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
