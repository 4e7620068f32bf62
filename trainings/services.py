"""Importing LHÉO flows into the training offers: `lheo_import(source=…, source_name=…)`.

All or nothing: the whole flow is read and written in one transaction, rolled back when any offer is
invalid (the errors name the offer and the element) or on a dry run. Memory stays flat: offers are parsed
one at a time (trainings.lheo) and written by batches (`BATCH_SIZE`), each with a handful of queries.

Upsert by offer number: a new number creates the offer; a known one is compared with what is stored
(fields, actions, sessions) and rewritten, actions and sessions replaced, only when something changed.
Every offer of the flow gets the run's `imported_at`, so a `full` import removes the offers that the flow
no longer lists in three queries (`imported_at` older than the run) instead of a set of every number.
The demo offers (trainings.demo, source `DEMO_SOURCE`) and real flows never remove each other's offers.
"""

import dataclasses
import datetime
from collections import Counter
from typing import IO

from django.db import transaction
from django.utils import timezone

from structures.models import Commune

from .dates import dates_of, dates_refresh
from .indexing import offer_search_text, rome_domains
from .lheo import LheoError, LheoReader, ParsedAction, ParsedOffer
from .models import TrainingAction, TrainingOffer, TrainingSession

BATCH_SIZE = 500
DEMO_SOURCE = "démonstration"

OFFER_FIELDS = [
    "title",
    "objective",
    "expected_results",
    "content",
    "certifying",
    "exit_level",
    "rome_codes",
    "rome_domains",
    "formacode_codes",
    "nsf_codes",
    "rncp_code",
    "certifinfo_code",
    "url",
    "organisation_name",
    "organisation_siret",
    "organisation_phone",
    "organisation_email",
    "organisation_url",
    "source",
    "lheo_version",
    "search_text",
]
ACTION_FIELDS = [
    "number",
    "place_name",
    "address",
    "postcode",
    "city",
    "commune_id",
    "employment_zone_id",
    "department_code",
    "latitude",
    "longitude",
    "rhythm",
    "teaching_mode",
    "funding_possible",
    "duration",
    "url",
]
SESSION_FIELDS = ["number", "start", "end", "registration_address"]


class LheoImportError(Exception):
    """The flow was refused: nothing was written. `errors` lists the invalid offers and elements."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = errors or []


@dataclasses.dataclass
class ImportResult:
    version: str
    offers: int = 0  # offers in the flow
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    actions: int = 0
    sessions: int = 0
    dry_run: bool = False

    @property
    def counts(self) -> tuple[int, int, int]:
        """Offers created, updated, removed."""
        return self.created, self.updated, self.removed

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


class _Communes:
    """The communes of the flow's places by INSEE code, read per batch and kept (at most ~35,000)."""

    def __init__(self):
        self.known: dict[str, tuple | None] = {}

    def load(self, codes: set[str]) -> None:
        missing = codes - self.known.keys()
        if not missing:
            return
        rows = Commune.objects.filter(code__in=missing).values_list(
            "code", "department_id", "employment_zone_id", "latitude", "longitude"
        )
        for code, department, zone, latitude, longitude in rows:
            self.known[code] = (department, zone, latitude, longitude)
        for code in missing:
            self.known.setdefault(code, None)

    def get(self, code: str) -> tuple | None:
        return self.known.get(code) if code else None


def lheo_import(
    *,
    source: IO[bytes],
    source_name: str,
    full: bool = False,
    dry_run: bool = False,
    now: datetime.datetime | None = None,
) -> ImportResult:
    """Import an LHÉO flow (a binary file object). Raises LheoImportError (nothing written) when the flow
    cannot be read or any offer is invalid; `full` removes the offers the flow does not list (the demo offers
    when `source_name` is DEMO_SOURCE, the others otherwise)."""
    now = now or timezone.now()
    reader = LheoReader(source)
    communes = _Communes()
    stats = Counter()
    try:
        with transaction.atomic():
            batch: list[ParsedOffer] = []
            for offer in reader.offers():
                batch.append(offer)
                if len(batch) >= BATCH_SIZE:
                    if not reader.errors:
                        _write(batch, source_name, reader.version, now, communes, stats)
                    batch = []
            if reader.errors:
                more = " (liste limitée aux premières erreurs)" if reader.truncated else ""
                raise LheoImportError(
                    f"{len(reader.errors)} erreur(s) dans le flux{more} : rien n'a été importé.",
                    reader.errors,
                )
            if reader.version is None:
                raise LheoImportError("Le flux ne contient aucun élément <lheo>.")
            if batch:
                _write(batch, source_name, reader.version, now, communes, stats)
            if reader.count == 0:
                raise LheoImportError("Le flux ne contient aucune offre de formation (<formation>).")
            # The offers read unchanged keep their stored dates: those that have aged are read again.
            dates_refresh(stale_only=True, today=timezone.localdate(now))
            if full:
                stale = TrainingOffer.objects.filter(imported_at__lt=now)
                stale = (
                    stale.filter(source=DEMO_SOURCE)
                    if source_name == DEMO_SOURCE
                    else stale.exclude(source=DEMO_SOURCE)
                )
                stats["removed"] = _delete_offers(stale)
            result = ImportResult(version=reader.version, offers=reader.count, dry_run=dry_run, **stats)
            if dry_run:
                transaction.set_rollback(True)
    except LheoError as error:
        raise LheoImportError(str(error)) from None
    return result


def _delete_offers(offers) -> int:
    """Delete these offers with their actions and sessions in three queries, whatever their number:
    Django's `delete()` would first load every row of the cascade into memory."""
    sessions = TrainingSession.objects.filter(action__offer__in=offers)
    sessions._raw_delete(sessions.db)  # no dependents, no signal (trainings.apps) per session
    TrainingAction.objects.filter(offer__in=offers)._raw_delete(TrainingAction.objects.db)
    return offers._raw_delete(offers.db)


def _offer_values(offer: ParsedOffer, source_name: str, version: str) -> dict:
    values = {name: getattr(offer, name) for name in OFFER_FIELDS if hasattr(offer, name)}
    values["rome_domains"] = rome_domains(offer.rome_codes)
    values["source"] = source_name[:250]
    values["lheo_version"] = version
    places = list(dict.fromkeys(action.city for action in offer.actions if action.city))
    values["search_text"] = offer_search_text(
        title=offer.title,
        objective=offer.objective,
        organisation_name=offer.organisation_name,
        places=places,
    )
    return values


def _action_values(action: ParsedAction, communes: _Communes) -> dict:
    values = {
        name: getattr(action, name)
        for name in ACTION_FIELDS
        if name not in ("commune_id", "employment_zone_id")
    }
    commune = communes.get(action.insee_code)
    values["commune_id"] = values["employment_zone_id"] = None
    if commune is not None:
        department, zone, latitude, longitude = commune
        values["commune_id"] = action.insee_code
        values["employment_zone_id"] = zone
        values["department_code"] = department
        if values["latitude"] is None or values["longitude"] is None:
            values["latitude"], values["longitude"] = latitude, longitude
    return values


def _fingerprint(actions: list[dict]) -> list:
    """What is compared to tell an unchanged offer: its actions and their sessions, in order."""
    return [
        (
            tuple(action[name] for name in ACTION_FIELDS),
            [tuple(s[n] for n in SESSION_FIELDS) for s in sessions],
        )
        for action, sessions in actions
    ]


def _write(batch, source_name, version, now, communes, stats) -> None:
    communes.load({action.insee_code for offer in batch for action in offer.actions if action.insee_code})
    numbers = [offer.number for offer in batch]
    existing = {
        row["number"]: row
        for row in TrainingOffer.objects.filter(number__in=numbers).values(
            "pk", "number", "imported_at", *OFFER_FIELDS
        )
    }
    stored = _stored_actions([row["pk"] for row in existing.values()])

    seen = set()
    to_create, to_update, unchanged = [], [], []
    for offer in batch:
        if offer.number in seen or (
            offer.number in existing and existing[offer.number]["imported_at"] == now
        ):
            raise LheoImportError(
                f"Le numéro d'offre {offer.number} apparaît deux fois dans le flux ({offer.path}) : "
                "rien n'a été importé.",
                [f"offre {offer.number}, {offer.path} : numéro en double"],
            )
        seen.add(offer.number)
        values = _offer_values(offer, source_name, version)
        actions = [
            (_action_values(action, communes), [dataclasses.asdict(s) for s in action.sessions])
            for action in offer.actions
        ]
        row = existing.get(offer.number)
        if row is None:
            to_create.append((TrainingOffer(number=offer.number, imported_at=now, **values), actions))
        elif all(row[name] == values[name] for name in OFFER_FIELDS) and _fingerprint(
            stored.get(row["pk"], [])
        ) == _fingerprint(actions):
            unchanged.append(row["pk"])
        else:
            to_update.append(
                (TrainingOffer(pk=row["pk"], number=offer.number, imported_at=now, **values), actions)
            )

    if unchanged:
        TrainingOffer.objects.filter(pk__in=unchanged).update(imported_at=now)
    if to_update:
        # One UPDATE per changed offer: Django's bulk_update (a CASE per field and row) is much slower here.
        for offer, _actions in to_update:
            TrainingOffer.objects.filter(pk=offer.pk).update(
                imported_at=now, **{name: getattr(offer, name) for name in OFFER_FIELDS}
            )
        pks = [offer.pk for offer, _actions in to_update]
        sessions = TrainingSession.objects.filter(action__offer_id__in=pks)
        sessions._raw_delete(sessions.db)  # no dependents, no signal per session (trainings.apps)
        TrainingAction.objects.filter(offer_id__in=pks)._raw_delete(TrainingAction.objects.db)
    if to_create:
        TrainingOffer.objects.bulk_create([offer for offer, _actions in to_create], batch_size=BATCH_SIZE)

    written = to_create + to_update
    today = timezone.localdate(now)
    new_actions = [
        (TrainingAction(offer_id=offer.pk, **values, **dates_of(sessions, today)), sessions)
        for offer, actions in written
        for values, sessions in actions
    ]
    TrainingAction.objects.bulk_create([action for action, _sessions in new_actions], batch_size=BATCH_SIZE)
    new_sessions = [
        TrainingSession(action_id=action.pk, **session)
        for action, sessions in new_actions
        for session in sessions
    ]
    TrainingSession.objects.bulk_create(new_sessions, batch_size=BATCH_SIZE)

    stats["created"] += len(to_create)
    stats["updated"] += len(to_update)
    stats["unchanged"] += len(unchanged)
    stats["actions"] += sum(len(actions) for _offer, actions in written) + sum(
        len(stored.get(pk, [])) for pk in unchanged
    )
    stats["sessions"] += len(new_sessions) + sum(
        len(sessions) for pk in unchanged for _action, sessions in stored.get(pk, [])
    )


def _stored_actions(offer_pks: list[int]) -> dict[int, list[tuple[dict, list[dict]]]]:
    """The stored actions of these offers with their sessions, as the import would write them."""
    if not offer_pks:
        return {}
    actions = list(
        TrainingAction.objects.filter(offer_id__in=offer_pks)
        .order_by("pk")
        .values("pk", "offer_id", *ACTION_FIELDS)
    )
    sessions: dict[int, list[dict]] = {}
    for session in (
        TrainingSession.objects.filter(action__offer_id__in=offer_pks)
        .order_by("pk")
        .values("action_id", *SESSION_FIELDS)
    ):
        sessions.setdefault(session["action_id"], []).append(session)
    stored: dict[int, list] = {}
    for action in actions:
        stored.setdefault(action["offer_id"], []).append((action, sessions.get(action["pk"], [])))
    return stored
