"""Synthetic data at national scale, to measure the portal's performance: `manage.py generate_synthetic`.

Writes members, sites (with their services and permanences) and events spread over every French
commune, weighted by population, straight into the configured database with PostgreSQL COPY. Every
synthetic row is keyed on an identifier starting with `synth-`: a run first deletes the previous
synthetic rows, then inserts the new ones, in one transaction; real and demo rows are left alone.

The derived columns that the portal's services usually compute (site hours in SQL form, search text,
denormalised taxonomy ids of sites and events, an event's employment zone) are built here directly,
with the same content as structures.services.site_index_refresh and events.services.event_index_refresh,
because calling those on a million rows would take hours. Generated columns (search vectors,
Event.meets_charter) are left to PostgreSQL.

The same seed gives the same rows (identifiers, names, places, dates relative to the day of the run).

For speed, the foreign keys of the tables written are dropped during the load and added back at its end
(as pg_restore does): those tables are locked until the transaction ends. Run it on a test or staging
database.
"""

import random
import time
from dataclasses import dataclass, field

import psycopg
from django.db import connection, transaction
from tqdm import tqdm

from .synthetic_base import References, SyntheticDataError
from .synthetic_events import events_create
from .synthetic_network import members_create, sites_create
from .synthetic_sql import WITH_KEYS, analyze, foreign_keys_checked_once, synthetic_delete

__all__ = ["SyntheticDataError", "SyntheticResult", "synthetic_generate"]
STEPS = ("sites", "events")


@dataclass
class SyntheticResult:
    counts: dict[str, int]
    deleted: dict[str, int]
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step


class Progress:
    """A tqdm bar per step, silent when `enabled` is false (verbosity 0, tests)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def bar(self, total: int, description: str):
        return tqdm(total=total, desc=description, unit=" lignes", disable=not self.enabled, leave=True)


def synthetic_generate(
    *,
    sites: int,
    events: int,
    seed: int = 0,
    batch: int = 20_000,
    progress: bool = False,
    dry_run: bool = False,
) -> SyntheticResult:
    """Replace the synthetic rows with `sites` sites and `events` events (one transaction), then CLUSTER
    and (VACUUM) ANALYZE."""
    clock = Stopwatch()
    try:
        with transaction.atomic():
            connection.ensure_connection()
            with connection.connection.cursor() as cursor, foreign_keys_checked_once(cursor, WITH_KEYS):
                deleted = synthetic_delete(cursor)
                clock.lap("suppression")
                counts = _load(
                    cursor, clock, sites=sites, events=events, seed=seed, batch=batch, progress=progress
                )
            clock.lap("clés étrangères")
            if dry_run:
                transaction.set_rollback(True)
    except psycopg.Error as error:  # raised by the raw cursor, which Django does not wrap
        raise SyntheticDataError(f"PostgreSQL a refusé l'écriture : {error}".strip()) from error
    clock.lap("validation de la transaction")
    if not dry_run:
        analyze()
        clock.lap("CLUSTER et ANALYZE")
    return SyntheticResult(counts=counts, deleted=deleted, seconds=clock.total, steps=clock.steps)


def _load(cursor, clock, *, sites: int, events: int, seed: int, batch: int, progress: bool) -> dict[str, int]:
    bars = Progress(progress)
    references = References.load()
    # Independent draws per step (not for security): a change in one step leaves the others alone.
    sites_rng, events_rng = (random.Random(f"{seed}-{step}") for step in STEPS)  # noqa: S311
    members = members_create(references)
    network = sites_create(cursor, references, members, sites_rng, count=sites, batch=batch, bars=bars)
    clock.lap("lieux")
    agenda = events_create(
        cursor, references, members, network, events_rng, count=events, batch=batch, bars=bars
    )
    clock.lap("événements")
    return {"members": len(members.all), **network.counts, **agenda.counts}


class Stopwatch:
    def __init__(self):
        self.started = self.last = time.perf_counter()
        self.steps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.steps[name], self.last = now - self.last, now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started
