"""`make bench`: load benchmark of the public pages on synthetic data of sizes S and L, side by side.

    .venv/bin/python -m bench.run            # sizes S and L (see the README)
    .venv/bin/python -m bench.run --quick    # size S only, a few seconds per page (CI)

Creates a database per size (`spro_bench_s`, `spro_bench_l`) and fills it, counts the SQL queries per
page in-process, serves each size with gunicorn and production settings, then drives every page with
wrk (bench/urls.lua) size after size, each measure between two of the floor (`/sante/`) on the same
server, so that the ratios compare figures taken a few seconds apart. Prints a table and the targets,
writes the results as JSON. Exit 0 even when targets fail (a measurement); non-zero when it crashes.
"""

import argparse
import datetime
import functools
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from importlib import metadata, util
from pathlib import Path

from . import BenchError
from . import database as bench_database
from .report import derived_ratios, evaluate_targets, format_table, format_targets, write_json
from .server import serve
from .urlsets import PAGES
from .wrk import ensure_wrk, run_wrk

PROJECT_DIR = Path(__file__).resolve().parent.parent
SIZES = {"S": {"sites": 1_000, "events": 10_000}, "L": {"sites": 100_000, "events": 1_000_000}}
CONCURRENCIES = (16, 1)
DEFAULT_OUTPUT = PROJECT_DIR / "bench" / "results.json"
QUICK_OUTPUT = PROJECT_DIR / "var" / "bench" / "results-quick.json"
LOG_DIR = PROJECT_DIR / "var" / "bench"  # gunicorn's error log (tracebacks of failing requests)
FLOOR = "sante"


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
        "--floor-duration",
        type=float,
        help="secondes de mesure de /sante/ avant chaque page (défaut 3 ; 1)",
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
    parser.add_argument(
        "--keep-db", action="store_true", help="garder les bases spro_bench_s et _l après la mesure"
    )
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
    if args.floor_duration is None:
        args.floor_duration = 1 if args.quick else 3
    if args.output is None:
        args.output = QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT
    if args.paths < 200:
        parser.error("--paths : au moins 200 chemins distincts par page")
    if args.workers < 1 or args.threads < 1 or args.duration < 1 or args.floor_duration < 1:
        parser.error("--workers, --threads, --duration et --floor-duration doivent être positifs")
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
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # wrk speaks plain HTTP to gunicorn, as a TLS proxy would
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


def _inspect(env: dict, *arguments: str) -> dict | None:
    """What `python -m bench.inspect ARGUMENTS` prints (JSON) on the database of `env`; None when it
    fails, its error output then printed."""
    command = [sys.executable, "-m", "bench.inspect", *arguments]
    completed = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        print(completed.stderr.strip()[-1500:], file=sys.stderr)
        return None
    return json.loads(completed.stdout.strip().splitlines()[-1])


def inspect_size(size: str, args, env: dict, workdir: Path) -> tuple[dict, Path]:
    """The paths of each page (written in a directory of their own) and their SQL queries, read from the
    size's database by bench.inspect in a process of its own."""
    directory = workdir / size
    directory.mkdir()
    options = [f"--count={args.paths}", f"--seed={args.seed}", f"--sql-sample={args.sql_sample}"]
    report = _inspect(env, "paths", str(directory), *options)
    if report is None:
        raise BenchError(f"lecture des chemins de la taille {size} en échec (erreur ci-dessus).")
    for page in PAGES:
        if not report[page.key]:
            raise BenchError(f"aucun chemin pour {page.label} : la base de mesure est-elle remplie ?")
    return report, directory


def _median_run(runs: list[dict]) -> dict:
    """The floor's figures: its run of median throughput, with the errors of every run."""
    ordered = sorted(runs, key=lambda figures: figures["requests_per_s"])
    figures = dict(ordered[(len(ordered) - 1) // 2])
    for name in ("errors", "socket_errors", "status_errors"):
        figures[name] = sum(run.get(name, 0) for run in runs)
    figures["runs"] = len(runs)
    return figures


def measure_sizes(args, envs: dict, wrk: str, inspected: dict) -> dict:
    """wrk at 16 then 1 connection on every page, the sizes side by side (one gunicorn per size), each
    measure between two of the floor on the same server (`floor_requests_per_s`: their mean)."""
    sizes = list(envs)
    results = {size: {key: dict(entry) for key, entry in inspected[size][0].items()} for size in sizes}

    def paths_file(size: str, key: str) -> Path:
        return inspected[size][1] / f"{key}.txt"

    measure = functools.partial(run_wrk, wrk, threads=args.threads, timeout=args.timeout)
    floors = {size: {conc: [] for conc in CONCURRENCIES} for size in sizes}
    step(f"Mesures côte à côte ({', '.join(sizes)}) : gunicorn par taille ({args.workers} workers), wrk")
    with ExitStack() as stack:
        urls = {
            size: stack.enter_context(
                serve(
                    envs[size],
                    project_dir=PROJECT_DIR,
                    workers=args.workers,
                    log_path=LOG_DIR / f"gunicorn-{size}.log",
                    port=args.port + index if args.port else 0,
                )
            )
            for index, size in enumerate(sizes)
        }
        for size in sizes:  # the floor warms up too
            measure(urls[size], paths_file(size, FLOOR), connections=16, duration=1)
        for page in PAGES:
            if page.key == FLOOR:
                continue
            if args.warmup:
                for size in sizes:
                    measure(urls[size], paths_file(size, page.key), connections=16, duration=args.warmup)
            for conc in CONCURRENCIES:
                for size in sizes:
                    floor = functools.partial(
                        measure,
                        urls[size],
                        paths_file(size, FLOOR),
                        connections=conc,
                        duration=args.floor_duration,
                    )
                    before = floor()
                    figures = measure(
                        urls[size], paths_file(size, page.key), connections=conc, duration=args.duration
                    )
                    after = floor()
                    # The floor during the page's measure: the mean of the floors just before and after it.
                    floor_rate = (before["requests_per_s"] + after["requests_per_s"]) / 2
                    figures["floor_requests_per_s"] = round(floor_rate, 1)
                    floors[size][conc] += [before, after]
                    results[size][page.key][f"c{conc}"] = figures
                    rate = figures["requests_per_s"]
                    print(
                        f"    {size} {page.label:<34} {conc:>2} conn. {rate:>8.1f} req/s "
                        f"({rate / floor_rate:>6.1%} de /sante/ à {floor_rate:.0f})  p95 "
                        f"{figures['p95_ms']:>7.1f} ms  erreurs {figures['socket_errors']} socket, "
                        f"{figures['status_errors']} statut",
                        flush=True,
                    )
    for size in sizes:
        for conc in CONCURRENCIES:
            results[size][FLOOR][f"c{conc}"] = _median_run(floors[size][conc])
        for key, entry in results[size].items():
            if any(entry[f"c{c}"]["status_errors"] for c in CONCURRENCIES):
                # Which paths fail, for the developer (tracebacks in the gunicorn log).
                entry["failing_paths"] = _inspect(envs[size], "failures", str(paths_file(size, key))) or {}
                print(f"    {size} {key} : chemins en erreur {entry['failing_paths'] or '(non reproduits)'}")
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
    base = production_env(dict(os.environ))
    databases, durations = None, {}
    try:
        names = ", ".join(bench_database.database_name(size) for size in args.sizes)
        step(f"Bases de mesure {names} : suppression, création, migrations, données de référence")
        databases = bench_database.prepare(os.environ, project_dir=PROJECT_DIR, sizes=args.sizes)
        print(f"    serveur : {databases.server_label}", flush=True)
        envs = {size: {**base, "DATABASE_URL": url} for size, url in databases.urls.items()}
        timeout = 600 if args.quick else None  # CI: never hang
        for env in envs.values():
            manage(env, "migrate", "--noinput", "--verbosity=0", timeout=timeout)
            manage(env, "load_reference_data", "--verbosity=0", timeout=timeout)
        manage(envs[args.sizes[0]], "collectstatic", "--noinput", "--verbosity=0", timeout=timeout)
        durations["preparation"] = round(time.monotonic() - started, 1)
        inspected = {}
        for size in args.sizes:
            counts = SIZES[size]
            step(f"Taille {size} : generate_synthetic --sites {counts['sites']} --events {counts['events']}")
            begin = time.monotonic()
            manage(
                envs[size],
                "generate_synthetic",
                f"--sites={counts['sites']}",
                f"--events={counts['events']}",
                f"--seed={args.seed}",
                f"--verbosity={1 if sys.stdout.isatty() else 0}",  # progress bars on a terminal only
                timeout=timeout,
            )
            durations[f"generation_{size}"] = round(time.monotonic() - begin, 1)
            step(f"Taille {size} : chemins et requêtes SQL par page (échantillon de {args.sql_sample})")
            inspected[size] = inspect_size(size, args, envs[size], workdir)
        step("Écriture sur disque des données générées (CHECKPOINT) avant les mesures")
        print(f"    {bench_database.checkpoint(databases.urls[args.sizes[0]])}", flush=True)
        begin = time.monotonic()
        results = measure_sizes(args, envs, wrk, inspected)
        durations["mesures"] = round(time.monotonic() - begin, 1)
        durations["total"] = round(time.monotonic() - started, 1)

        targets = evaluate_targets(results)
        document = {
            "machine": machine_facts(databases.urls[args.sizes[0]]),
            "parameters": {
                "quick": args.quick,
                "sizes": {size: SIZES[size] for size in args.sizes},
                "seed": args.seed,
                "gunicorn_workers": args.workers,
                "worker_class": "sync",
                "wrk_threads": args.threads,
                "concurrencies": list(CONCURRENCIES),
                "duration_s": args.duration,
                "floor_duration_s": args.floor_duration,
                "warmup_s": args.warmup,
                "timeout_s": args.timeout,
                "paths_per_page": args.paths,
                "sql_sample": args.sql_sample,
                "database": databases.server_label,
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
        _cleanup(databases, args.keep_db, workdir)


def _cleanup(databases, keep_db: bool, workdir: Path) -> None:
    if databases is not None:
        try:
            if not keep_db:
                databases.drop()
        except BenchError as exc:
            print(f"Attention : {exc}", file=sys.stderr)
        finally:
            databases.close()
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
