"""Derived ratios, the issue's targets, the printed table and bench/results.json.

`results` maps size ("S", "L") → page key → {"paths": n, "queries": {...}, "c16": wrk figures,
"c1": wrk figures}, the wrk figures being those of bench.wrk.parse_wrk_output, with a page's
`floor_requests_per_s`: /sante/'s throughput measured just before and after it on the same server.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from .urlsets import PAGES

FLOOR = "sante"
LIEUX_PAGES = tuple(page.key for page in PAGES if page.group == "lieux")
AGENDA_PAGES = tuple(page.key for page in PAGES if page.group == "agenda")
LABELS = {page.key: page.label for page in PAGES}
MAX_SQL_QUERIES = 8
PASS, FAIL, NOT_EVALUATED = "PASS", "FAIL", "NON ÉVALUÉ"


def conc_key(connections: int) -> str:
    return f"c{connections}"


def _figure(results, size, page, connections, name):
    try:
        return results[size][page][conc_key(connections)][name]
    except (KeyError, TypeError):
        return None


def throughput_ratio(results: dict, size: str, page: str, connections: int = 16) -> float | None:
    """A page's requests/s divided by /sante/'s, same size and concurrency: the floor measured around
    the page (`floor_requests_per_s`), else the floor's own figures."""
    value = _figure(results, size, page, connections, "requests_per_s")
    floor = _figure(results, size, page, connections, "floor_requests_per_s") or _figure(
        results, size, FLOOR, connections, "requests_per_s"
    )
    if value is None or not floor:
        return None
    return round(value / floor, 4)


def p95_growth(results: dict, page: str, connections: int) -> float | None:
    """p95 at size L divided by p95 at size S, same concurrency."""
    large = _figure(results, "L", page, connections, "p95_ms")
    small = _figure(results, "S", page, connections, "p95_ms")
    if large is None or not small:
        return None
    return round(large / small, 3)


def derived_ratios(results: dict) -> dict:
    return {
        "throughput_vs_sante_c16": {
            size: {page.key: throughput_ratio(results, size, page.key) for page in PAGES} for size in results
        },
        "p95_L_over_S": {
            page.key: {conc_key(c): p95_growth(results, page.key, c) for c in (16, 1)}
            for page in PAGES
            if "S" in results and "L" in results
        },
    }


@dataclass(frozen=True)
class Target:
    key: str
    description: str
    pages: tuple[str, ...]
    measure: object  # (results, page) -> value or None when the run cannot tell
    passes: object  # value -> bool


def _errors(results: dict, page: str) -> int | None:
    total, seen = 0, False
    for pages in results.values():
        entry = pages.get(page) or {}
        for key, figures in entry.items():
            if key.startswith("c") and isinstance(figures, dict):
                total += figures.get("errors", 0)
                seen = True
        total += (entry.get("queries") or {}).get("errors", 0)
    return total if seen else None


def _max_queries(results: dict, page: str) -> int | None:
    counts = [pages[page]["queries"]["max"] for pages in results.values() if page in pages]
    return max(counts) if counts else None


# The targets, at 16 connections unless it says otherwise (its p95 growth limits do not): the
# growth at 1 connection is reported in the ratios, not judged.
TARGETS = (
    Target(
        "lieux-debit-S",
        "/lieux/ : débit ≥ 15 % de /sante/ (S, 16 connexions)",
        LIEUX_PAGES,
        lambda r, p: throughput_ratio(r, "S", p),
        lambda v: v >= 0.15,
    ),
    Target(
        "lieux-debit-L",
        "/lieux/ : débit ≥ 8 % de /sante/ (L, 16 connexions)",
        LIEUX_PAGES,
        lambda r, p: throughput_ratio(r, "L", p),
        lambda v: v >= 0.08,
    ),
    Target(
        "lieux-p95-L-1",
        "/lieux/ : p95 ≤ 20 ms (L, 1 connexion)",
        LIEUX_PAGES,
        lambda r, p: _figure(r, "L", p, 1, "p95_ms"),
        lambda v: v <= 20,
    ),
    Target(
        "lieux-p95-L/S-16",
        "/lieux/ : p95(L) / p95(S) ≤ 2,0 (16 connexions)",
        LIEUX_PAGES,
        lambda r, p: p95_growth(r, p, 16),
        lambda v: v <= 2.0,
    ),
    Target(
        "agenda-debit-L",
        "/agenda/ : débit ≥ 10 % de /sante/ (L, 16 connexions)",
        AGENDA_PAGES,
        lambda r, p: throughput_ratio(r, "L", p),
        lambda v: v >= 0.10,
    ),
    Target(
        "agenda-p95-L/S-16",
        "/agenda/ : p95(L) / p95(S) ≤ 1,5 (16 connexions)",
        AGENDA_PAGES,
        lambda r, p: p95_growth(r, p, 16),
        lambda v: v <= 1.5,
    ),
    Target(
        "erreurs",
        "aucune erreur (socket, statut hors 2xx/3xx, échantillon SQL)",
        tuple(page.key for page in PAGES),
        _errors,
        lambda v: v == 0,
    ),
    Target(
        "requetes-sql",
        f"au plus {MAX_SQL_QUERIES} requêtes SQL par page (maximum de l'échantillon)",
        tuple(page.key for page in PAGES),
        _max_queries,
        lambda v: v <= MAX_SQL_QUERIES,
    ),
)


def evaluate_targets(results: dict) -> list[dict]:
    """PASS / FAIL per target, or NON ÉVALUÉ when the sizes measured cannot tell (QUICK: no L)."""
    evaluated = []
    for target in TARGETS:
        values = {page: target.measure(results, page) for page in target.pages}
        measured = {page: value for page, value in values.items() if value is not None}
        failures = [page for page, value in measured.items() if not target.passes(value)]
        status = (FAIL if failures else PASS) if measured else NOT_EVALUATED
        evaluated.append(
            {
                "target": target.key,
                "description": target.description,
                "status": status,
                "values": values,
                "failures": failures,
            }
        )
    return evaluated


def _cell(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def format_table(results: dict) -> str:
    header = (
        f"{'Taille':<6} {'Page':<34} {'Conn.':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'Err.':>5} {'SQL max/méd':>11} {'/sante/':>8}"
    )
    lines = [header, "-" * len(header)]
    for size, pages in results.items():
        for page in PAGES:
            entry = pages.get(page.key)
            if not entry:
                continue
            queries = entry.get("queries") or {}
            sql = f"{queries.get('max', '—')}/{_cell(queries.get('median'), 0)}" if queries else "—"
            for connections in (16, 1):
                figures = entry.get(conc_key(connections))
                if not figures:
                    continue
                ratio = throughput_ratio(results, size, page.key, 16) if connections == 16 else None
                share = "—" if ratio is None else f"{ratio:.0%}"
                latencies = " ".join(f"{_cell(figures[name]):>8}" for name in ("p50_ms", "p95_ms", "p99_ms"))
                lines.append(
                    f"{size:<6} {page.label:<34} {connections:>5} {_cell(figures['requests_per_s']):>8} "
                    f"{latencies} {figures['errors']:>5} {sql:>11} {share:>8}"
                )
    return "\n".join(lines)


def _format_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def format_targets(targets: list[dict]) -> str:
    lines = []
    for target in targets:
        lines.append(f"{target['status']:<10} {target['description']}")
        if target["status"] != NOT_EVALUATED:
            values = ", ".join(
                f"{page} {_format_value(value)}{' ✗' if page in target['failures'] else ''}"
                for page, value in target["values"].items()
                if value is not None
            )
            lines.append(f"{'':<10}   {values}")
    return "\n".join(lines)


def write_json(path: Path, document: dict) -> None:
    """Deterministic formatting: two-space indent, keys in the order built, UTF-8, final newline."""
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
