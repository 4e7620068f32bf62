"""What `make bench` reads in-process from one size's database, in a process of its own (the database is
DATABASE_URL's; the per-process caches are that database's):

    python -m bench.inspect paths DIR --count 300 --seed 1 --sql-sample 30
        writes DIR/<page>.txt (the paths of each page, one per line) and prints, as JSON, each page's
        number of paths, first path and SQL queries per request (bench.sqlcount.count_queries);
    python -m bench.inspect failures FILE
        prints, as JSON, the first paths of FILE that answer with an error (bench.sqlcount.find_failures).
"""

import argparse
import json
import sys
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inspect")
    commands = parser.add_subparsers(dest="command", required=True)
    paths = commands.add_parser("paths")
    paths.add_argument("directory", type=Path)
    paths.add_argument("--count", type=int, required=True)
    paths.add_argument("--seed", type=int, required=True)
    paths.add_argument("--sql-sample", type=int, required=True)
    failures = commands.add_parser("failures")
    failures.add_argument("file", type=Path)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from .sqlcount import count_queries, find_failures
    from .urlsets import PAGES, build_paths, load_bench_data

    if args.command == "failures":
        listed = [line for line in args.file.read_text(encoding="utf-8").splitlines() if line]
        print(json.dumps(find_failures(listed)))
        return 0
    drawn = build_paths(load_bench_data(), count=args.count, seed=args.seed)
    report = {}
    for page in PAGES:
        listed = drawn[page.key]
        if not listed:
            report[page.key] = None  # no path: the caller stops with a message
            continue
        (args.directory / f"{page.key}.txt").write_text("\n".join(listed) + "\n", encoding="utf-8")
        report[page.key] = {
            "paths": len(listed),
            "example": listed[0],
            "queries": count_queries(listed, size=args.sql_sample),
        }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
