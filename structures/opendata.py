"""Open data of the network (`/donnees/`): the published places and their services in the data·inclusion
v1 format (the `data-inclusion-schema` package), and the places as CSV.

- A data·inclusion *structure* is a place that delivers services at an address: our `Site`. Each
  `ServiceOffer` is a data·inclusion *service* of its site's structure.
- Published places of active members only (`Site.objects.published()`), and only what their public pages
  show: no professional, no question, no account.
- Our taxonomies are translated into the data·inclusion vocabularies by the tables below (data, edited
  here when a term is added in the admin); a term without a counterpart is simply left out (our own
  labels stay in `publics_precisions` and the description).
- Values that the schema would reject are left out rather than published (an e-mail address of a
  reserved domain such as the demo data's `.invalid`, a URL that is not http(s)): data·inclusion itself
  drops them.

The exports are streamed: rows are read in batches of `BATCH` by keyset pagination on the primary key
(`keyset_batches`), one query per batch whatever the number of places, and written as they come.
"""

import csv
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Service,
    Structure,
    Thematique,
    TypeService,
)
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db.models import OuterRef, Q, QuerySet
from django.utils import translation
from pydantic import ValidationError
from pydantic.networks import validate_email

from .catalog import catalog
from .enums import AccessibilityFeature, ServiceLevel, ServiceMode, SiteKind, label_of
from .models import Audience, Project, Scheme, ServiceOffer, Site

BATCH = 1000  # rows per query of an export
COUNTS_KEY = "structures:opendata:counts"
COUNTS_SECONDS = 600

T = Thematique

# --- Our taxonomies -> the data·inclusion v1 vocabularies (slugs of the seeded terms; others omitted) ---

# Audience slug -> data·inclusion publics. `tous-publics` excludes every other value (schema rule).
PUBLICS_BY_AUDIENCE: dict[str, Public] = {
    "tous-publics": Public.TOUS_PUBLICS,
    "eleves": Public.JEUNES,
    "etudiants": Public.ETUDIANTS,
    "jeunes": Public.JEUNES,
    "demandeurs-emploi": Public.DEMANDEURS_EMPLOI,
    "actifs": Public.ACTIFS,
    "salaries": Public.ACTIFS,
    "agents-publics": Public.ACTIFS,
    "cadres": Public.ACTIFS,
    "independants-createurs": Public.ACTIFS,  # "salarié, libéral ou à son compte"
    "personnes-en-situation-de-handicap": Public.PERSONNES_EN_SITUATION_DE_HANDICAP,
    "seniors": Public.SENIORS,
    "femmes": Public.FEMMES,
    "parents": Public.FAMILLES,
}

# Project slug -> data·inclusion thematiques (the schema's sub-themes).
THEMATIQUES_BY_PROJECT: dict[str, tuple[Thematique, ...]] = {
    "choisir-un-metier": (
        T.CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES,
        T.CHOISIR_UN_METIER__CONFIRMER_SON_CHOIX_DE_METIER,
    ),
    "decouvrir-un-secteur": (
        T.CHOISIR_UN_METIER__DECOUVRIR_UN_METIER_OU_UN_SECTEUR_DACTIVITE,
        T.CHOISIR_UN_METIER__CONNAITRE_LES_OPPORTUNITES_DEMPLOI,
    ),
    "se-former": (T.SE_FORMER__TROUVER_SA_FORMATION, T.SE_FORMER__MONTER_SON_DOSSIER_DE_FORMATION),
    "trouver-un-emploi": (
        T.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,
        T.TROUVER_UN_EMPLOI__FAIRE_DES_CANDIDATURES_SPONTANEES,
        T.PREPARER_SA_CANDIDATURE__ORGANISER_SES_DEMARCHES_DE_RECHERCHE_DEMPLOI,
    ),
    "changer-de-metier": (
        T.CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES,
        T.CHOISIR_UN_METIER__CONFIRMER_SON_CHOIX_DE_METIER,
    ),
    "valider-son-experience": (T.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES,),
    "creer-une-entreprise": (
        T.CREER_UNE_ENTREPRISE__DEFINIR_SON_PROJET_DE_CREATION_DENTREPRISE,
        T.CREER_UNE_ENTREPRISE__STRUCTURER_SON_PROJET_DE_CREATION_DENTREPRISE,
    ),
    "travailler-a-l-etranger": (
        T.SOUVRIR_A_LINTERNATIONAL__CONNAITRE_LES_OPPORTUNITES_DEMPLOI_A_LETRANGER,
        T.SOUVRIR_A_LINTERNATIONAL__SINFORMER_SUR_LES_AIDES_POUR_TRAVAILLER_A_LETRANGER,
    ),
}

# Scheme (dispositif) slug -> data·inclusion thematiques. The schemes' names also go in the description.
THEMATIQUES_BY_SCHEME: dict[str, tuple[Thematique, ...]] = {
    "cep": (T.CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES,),
    "vae": (T.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES,),
    "bilan-de-competences": (T.CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES,),
    "apprentissage": (T.SE_FORMER__TROUVER_SA_FORMATION,),
    "cpf": (T.SE_FORMER__MONTER_SON_DOSSIER_DE_FORMATION,),
    "transition-professionnelle": (
        T.SE_FORMER__MONTER_SON_DOSSIER_DE_FORMATION,
        T.CHOISIR_UN_METIER__CONFIRMER_SON_CHOIX_DE_METIER,
    ),
    "contrat-engagement-jeune": (T.PREPARER_SA_CANDIDATURE__ORGANISER_SES_DEMARCHES_DE_RECHERCHE_DEMPLOI,),
    "service-civique": (T.REMOBILISATION__BENEVOLAT_ACTION_CITOYENNE,),
}

# Service level -> data·inclusion service type (first service: information; second: accompaniment).
TYPE_BY_LEVEL: dict[str, TypeService] = {
    ServiceLevel.INFORMATION: TypeService.INFORMATION,
    ServiceLevel.ADVICE: TypeService.ACCOMPAGNEMENT,
    ServiceLevel.SUPPORT: TypeService.ACCOMPAGNEMENT,
    ServiceLevel.CEP_RECEPTION: TypeService.INFORMATION,
    ServiceLevel.CEP_ADVICE: TypeService.ACCOMPAGNEMENT,
    ServiceLevel.CEP_SUPPORT: TypeService.ACCOMPAGNEMENT,
}

# The description of a service whose own description is empty (the schema requires one).
DESCRIPTION_BY_LEVEL: dict[str, str] = {
    ServiceLevel.INFORMATION: (
        "Premier accueil, gratuit et sans rendez-vous selon les horaires du lieu : information sur les "
        "métiers, les formations, l'emploi et les dispositifs, et orientation vers le bon interlocuteur."
    ),
    ServiceLevel.ADVICE: (
        "Conseil en orientation : un entretien avec un conseiller pour faire le point sur sa situation "
        "et construire son projet professionnel ou de formation."
    ),
    ServiceLevel.SUPPORT: (
        "Accompagnement dans la durée pour construire et mettre en œuvre son projet professionnel, de "
        "formation ou d'emploi."
    ),
    ServiceLevel.CEP_RECEPTION: (
        "Conseil en évolution professionnelle, niveau 1 : accueil individualisé pour analyser sa "
        "demande, s'informer et être orienté."
    ),
    ServiceLevel.CEP_ADVICE: (
        "Conseil en évolution professionnelle, niveau 2 : conseil personnalisé pour clarifier son "
        "besoin et définir son projet d'évolution professionnelle."
    ),
    ServiceLevel.CEP_SUPPORT: (
        "Conseil en évolution professionnelle, niveau 3 : accompagnement à la mise en œuvre du projet "
        "d'évolution professionnelle (formation, financement, démarches)."
    ),
}

# Service mode -> data·inclusion modes d'accueil (by phone counts as remote in the schema).
MODE_ACCUEIL_BY_MODE: dict[str, ModeAccueil] = {
    ServiceMode.ON_SITE: ModeAccueil.EN_PRESENTIEL,
    ServiceMode.REMOTE: ModeAccueil.A_DISTANCE,
    ServiceMode.PHONE: ModeAccueil.A_DISTANCE,
}

# The places' and services' fields, in the schema's order (every key present, null when unknown).
STRUCTURE_FIELDS = tuple(Structure.model_fields)
SERVICE_FIELDS = tuple(Service.model_fields)
RESEAUX = frozenset(reseau.value for reseau in ReseauPorteur)

NAME_MAX = 150  # data·inclusion: 3 to 150 characters


def source() -> str:
    """data·inclusion's `source`: this portal, as a producer (the Region's INSEE code keeps it stable)."""
    return f"spro-{settings.PORTAL_REGION}"


def structure_id(identifier: str) -> str:
    """A place's data·inclusion id: the producer's and the place's stable identifiers (imports' key)."""
    return f"{source()}--{identifier}"


def service_id(pk: int) -> str:
    return f"{source()}--service-{pk}"


# --- Batches, CSV and counts (shared with events.opendata) ---


def keyset_batches(queryset: QuerySet, keys: tuple[str, ...] = ("pk",), size: int = BATCH) -> Iterator[list]:
    """The rows of a values() queryset in batches of `size`, ordered by `keys` (unique together), each
    batch one query that starts after the previous batch's last row (no OFFSET, no open cursor)."""
    ordered = queryset.order_by(*keys)
    after = None
    while True:
        page = ordered.filter(_after(keys, after)) if after else ordered
        rows = list(page[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        after = [rows[-1][key] for key in keys]


def _after(keys: tuple[str, ...], values: list) -> Q:
    """(k1, k2, …) > (v1, v2, …) in lexicographic order, with `k1 >= v1` first: an index on k1 then
    reads from there (PostgreSQL sorts the ties on the other keys)."""
    condition = Q(**{f"{keys[-1]}__gt": values[-1]})
    for key, value in zip(reversed(keys[:-1]), reversed(values[:-1]), strict=True):
        condition = Q(**{f"{key}__gt": value}) | (Q(**{key: value}) & condition)
    return Q(**{f"{keys[0]}__gte": values[0]}) & condition if len(keys) > 1 else condition


class _Echo:
    """A file-like object whose write returns the line: csv.writer then gives each line as a string."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(header: list[str], batches: Iterable[list], to_row: Callable) -> Iterator[bytes]:
    """RFC 4180 CSV (comma, CRLF, UTF-8 without BOM), one chunk per batch."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header).encode()
    for rows in batches:
        yield "".join(writer.writerow(to_row(row)) for row in rows).encode()


def json_list_chunks(batches: Iterable[list], to_record: Callable) -> Iterator[bytes]:
    """A JSON array of records, one chunk per batch."""
    yield b"["
    separator = "\n"
    for rows in batches:
        chunk = []
        for row in rows:
            chunk.append(separator + json.dumps(to_record(row), ensure_ascii=False))
            separator = ",\n"
        yield "".join(chunk).encode()
    yield b"\n]\n"


def joined(values: Iterable[str]) -> str:
    """Several values in one CSV cell, as the import files write them (`jeunes|demandeurs-emploi`)."""
    return "|".join(value for value in values if value)


def yes_no(value: bool) -> str:
    return "oui" if value else "non"


# --- Field values the schema accepts ---


@functools.lru_cache(maxsize=4096)
def valid_email(value: str) -> str | None:
    """The address if the schema's e-mail check (pydantic's, with email-validator) accepts it."""
    if not value:
        return None
    try:
        validate_email(value)
    except (ValueError, ValidationError):
        return None
    return value


def http_url(value: str) -> str | None:
    return value if value.startswith(("https://", "http://")) and len(value) <= 2083 else None


def e164(phone: str) -> str | None:
    """A French number in E.164 (`01 99 00 00 00` -> `+33199000000`), as the schema prefers; other
    numbers as written."""
    phone = phone.strip()
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    if phone.startswith("+") and 8 <= len(digits) <= 15:
        return f"+{digits}"
    if len(digits) == 10 and digits.startswith("0"):
        return f"+33{digits[1:]}"
    return phone


def postcode(value: str) -> str | None:
    return value if re.fullmatch(r"\d{5}", value) else None


def schema_name(name: str, fallback: str) -> str:
    """A name of 3 to 150 characters, not ending with a full stop."""
    name = " ".join(name.split())
    if len(name) < 3:
        name = f"{fallback} {name}".strip()
    if len(name) > NAME_MAX:
        name = name[: NAME_MAX - 1].rstrip() + "…"
    if name.endswith(".") and not name.endswith("etc."):
        name = name.rstrip(".").rstrip()
    return name


def update_date(moment) -> str:
    """`date_maj`: the day of the last change in UTC, which is never ahead of the French date (the schema
    refuses a date in the future)."""
    return moment.astimezone(UTC).date().isoformat()


# --- Structures (places) ---

STRUCTURE_COLUMNS = [
    "pk", "identifier", "slug", "name", "kind", "address", "postcode", "commune_id", "commune__name",
    "latitude", "longitude", "coordinates_approximate", "phone", "free_phone", "email", "website",
    "opening_hours", "updated_at", "member__name", "member__acronym", "member__network", "member__siret",
    "member__website", "member__description",
]  # fmt: skip


def _published_sites() -> QuerySet:
    return Site.objects.published()


def structure_record(row: dict, page_url: Callable[[str], str]) -> dict:
    """A place as a data·inclusion v1 structure (every field of the schema, null when unknown)."""
    kind = label_of(SiteKind, row["kind"])
    member = row["member__name"]
    if row["member__acronym"] and row["member__acronym"] not in member:
        member = f"{member} ({row['member__acronym']})"
    description = f"{kind} du Service public régional de l'orientation, porté par {member}."
    if row["member__description"].strip():
        description = f"{description}\n\n{row['member__description'].strip()}"
    approximate = row["coordinates_approximate"]
    network = row["member__network"]
    values = {
        "source": source(),
        "id": structure_id(row["identifier"]),
        "nom": schema_name(row["name"], kind),
        "date_maj": update_date(row["updated_at"]),
        "description": description[:10000],
        "lien_source": page_url(row["slug"]),
        "siret": row["member__siret"] if re.fullmatch(r"\d{14}", row["member__siret"]) else None,
        "commune": row["commune__name"],
        "code_postal": postcode(row["postcode"]),
        "code_insee": row["commune_id"],
        "adresse": row["address"] or None,
        # A commune's centre (no geocoded address) is not the place's position: left out.
        "longitude": None if approximate else row["longitude"],
        "latitude": None if approximate else row["latitude"],
        "telephone": e164(row["phone"]) or e164(row["free_phone"]),
        "courriel": valid_email(row["email"]),
        "site_web": http_url(row["website"]) or http_url(row["member__website"]),
        "horaires_accueil": row["opening_hours"] or None,
        "reseaux_porteurs": [network] if network in RESEAUX else None,
    }
    return {field: values.get(field) for field in STRUCTURE_FIELDS}


def structures_chunks(*, origin: str, size: int = BATCH) -> Iterator[bytes]:
    """structures.json: the published places as a JSON list of data·inclusion structures."""
    page_url = _page_url(origin)
    batches = keyset_batches(_published_sites().values(*STRUCTURE_COLUMNS), size=size)
    with translation.override("fr"):
        yield from json_list_chunks(batches, lambda row: structure_record(row, page_url))


def _page_url(origin: str) -> Callable[[str], str]:
    from .urlcache import slug_url

    path_of = slug_url("structures:site_detail")
    return lambda slug: f"{origin}{path_of(slug)}"


# --- Services ---


def _slugs(model) -> ArraySubquery:
    return ArraySubquery(
        model.objects.filter(serviceoffer=OuterRef("pk")).order_by("position").values("slug")
    )


def _labels(model) -> ArraySubquery:
    return ArraySubquery(
        model.objects.filter(serviceoffer=OuterRef("pk")).order_by("position").values("label")
    )


SERVICE_COLUMNS = [
    "pk", "level", "modes", "free", "description", "site__identifier", "site__slug", "site__address",
    "site__postcode", "site__commune_id", "site__commune__name", "site__latitude", "site__longitude",
    "site__coordinates_approximate", "site__phone", "site__free_phone", "site__email",
    "site__appointment_url", "site__updated_at", "audience_slugs", "audience_labels", "scheme_slugs",
    "scheme_labels", "project_slugs",
]  # fmt: skip


def _published_services() -> QuerySet:
    """The services of the published places (as `Site.objects.published()` selects them)."""
    services = ServiceOffer.objects.filter(site__published=True)
    inactive = catalog().inactive_members
    return services.exclude(site__member_id__in=inactive) if inactive else services


def _service_rows() -> QuerySet:
    return _published_services().annotate(
        audience_slugs=_slugs(Audience),
        audience_labels=_labels(Audience),
        scheme_slugs=_slugs(Scheme),
        scheme_labels=_labels(Scheme),
        project_slugs=_slugs(Project),
    )


def _publics(slugs: list[str]) -> list[str] | None:
    publics = {PUBLICS_BY_AUDIENCE[slug] for slug in slugs if slug in PUBLICS_BY_AUDIENCE}
    if Public.TOUS_PUBLICS in publics:
        return [Public.TOUS_PUBLICS.value]  # open to all: the only value allowed with it
    return sorted(public.value for public in publics) or None


def _thematiques(scheme_slugs: list[str], project_slugs: list[str]) -> list[str] | None:
    themes = set()
    for slug in scheme_slugs:
        themes.update(THEMATIQUES_BY_SCHEME.get(slug, ()))
    for slug in project_slugs:
        themes.update(THEMATIQUES_BY_PROJECT.get(slug, ()))
    return sorted(theme.value for theme in themes) or None


def service_record(row: dict, page_url: Callable[[str], str]) -> dict:
    """A service offer as a data·inclusion v1 service of its place's structure."""
    level = row["level"]
    description = row["description"].strip()
    if len(description) < 5:
        description = DESCRIPTION_BY_LEVEL.get(level) or label_of(ServiceLevel, level)
    if row["scheme_labels"]:
        description = f"{description}\n\nDispositifs : {', '.join(row['scheme_labels'])}."
    on_site = ServiceMode.ON_SITE in row["modes"]
    approximate = row["site__coordinates_approximate"]
    phone = e164(row["site__phone"]) or e164(row["site__free_phone"])
    email = valid_email(row["site__email"])
    appointment = http_url(row["site__appointment_url"])
    mobilisation = [
        mode
        for mode, offered in (
            (ModeMobilisation.ENVOYER_UN_COURRIEL, email),
            (ModeMobilisation.SE_PRESENTER, on_site),
            (ModeMobilisation.TELEPHONER, phone),
            (ModeMobilisation.UTILISER_LIEN_MOBILISATION, appointment),
        )
        if offered
    ]
    publics = _publics(row["audience_slugs"])
    # Our own publics, more precise than the schema's ("Cadres" for `actifs`), unless open to all only.
    precisions = ", ".join(row["audience_labels"]) if row["audience_slugs"] != ["tous-publics"] else ""
    modes_accueil = sorted(
        {MODE_ACCUEIL_BY_MODE[mode].value for mode in row["modes"] if mode in MODE_ACCUEIL_BY_MODE}
    )
    values = {
        "source": source(),
        "structure_id": structure_id(row["site__identifier"]),
        "id": service_id(row["pk"]),
        "nom": schema_name(label_of(ServiceLevel, level), "Service"),
        "description": description[:10000],
        "lien_source": page_url(row["site__slug"]),
        "date_maj": update_date(row["site__updated_at"]),
        "type": TYPE_BY_LEVEL[level].value if level in TYPE_BY_LEVEL else None,
        "thematiques": _thematiques(row["scheme_slugs"], row["project_slugs"]),
        "frais": (Frais.GRATUIT if row["free"] else Frais.PAYANT).value,
        "publics": publics,
        "publics_precisions": precisions or None,
        "telephone": phone,
        "courriel": email,
        "modes_accueil": modes_accueil or None,
        "lien_mobilisation": appointment,
        "modes_mobilisation": [mode.value for mode in mobilisation] or None,
        "mobilisable_par": [PersonneMobilisatrice.PROFESSIONNELS.value, PersonneMobilisatrice.USAGERS.value],
    }
    if on_site:  # where the service is delivered (a remote-only service has no address)
        values.update(
            {
                "commune": row["site__commune__name"],
                "code_postal": postcode(row["site__postcode"]),
                "code_insee": row["site__commune_id"],
                "adresse": row["site__address"] or None,
                "longitude": None if approximate else row["site__longitude"],
                "latitude": None if approximate else row["site__latitude"],
            }
        )
    return {field: values.get(field) for field in SERVICE_FIELDS}


def services_chunks(*, origin: str, size: int = BATCH) -> Iterator[bytes]:
    """services.json: the services of the published places as a JSON list of data·inclusion services."""
    page_url = _page_url(origin)
    batches = keyset_batches(_service_rows().values(*SERVICE_COLUMNS), size=size)
    with translation.override("fr"):
        yield from json_list_chunks(batches, lambda row: service_record(row, page_url))


# --- lieux.csv ---

SITE_CSV_COLUMNS = [
    "pk", "identifier", "name", "kind", "member__identifier", "member__name", "member__network",
    "parent__identifier", "address", "postcode", "commune_id", "commune__name", "department_code",
    "zone_code", "latitude", "longitude", "coordinates_approximate", "phone", "free_phone", "email",
    "website", "chat_url", "appointment_url", "opening_hours", "hours_note", "accessibility",
    "audience_ids", "scheme_ids", "project_ids", "slug", "updated_at",
]  # fmt: skip

# The import files' column names where they exist (structures.resources.SiteResource).
SITE_CSV_HEADER = [
    "identifiant", "nom", "type", "type_libelle", "membre_identifiant", "membre", "reseau_porteur",
    "rattachement", "adresse", "code_postal", "commune", "code_insee", "departement", "zone_emploi",
    "latitude", "longitude", "position_approximative", "telephone", "numero_vert", "courriel", "site_web",
    "discussion_en_ligne", "rendez_vous_en_ligne", "horaires", "precisions_horaires", "accessibilite",
    "publics", "dispositifs", "projets", "url", "date_maj",
]  # fmt: skip


def sites_csv_chunks(*, origin: str, size: int = BATCH) -> Iterator[bytes]:
    """lieux.csv: one line per published place. Publics, schemes and projects are the union of its
    services' (the search columns), as slugs."""
    page_url = _page_url(origin)
    terms = catalog()
    slug_of = {
        "audience_ids": {term.pk: term.slug for term in terms.audiences},
        "scheme_ids": {term.pk: term.slug for term in terms.schemes},
        "project_ids": {term.pk: term.slug for term in terms.projects},
    }

    def to_row(row: dict) -> list:
        return [
            row["identifier"],
            row["name"],
            row["kind"],
            label_of(SiteKind, row["kind"]),
            row["member__identifier"],
            row["member__name"],
            row["member__network"],
            row["parent__identifier"] or "",
            row["address"],
            row["postcode"],
            row["commune__name"],
            row["commune_id"],
            row["department_code"],
            row["zone_code"],
            "" if row["latitude"] is None else row["latitude"],
            "" if row["longitude"] is None else row["longitude"],
            yes_no(row["coordinates_approximate"]),
            row["phone"],
            row["free_phone"],
            row["email"],
            row["website"],
            row["chat_url"],
            row["appointment_url"],
            row["opening_hours"],
            row["hours_note"],
            joined(value for value in row["accessibility"] if value in AccessibilityFeature.values),
            *(
                joined(slug_of[name].get(pk, "") for pk in row[name])
                for name in ("audience_ids", "scheme_ids", "project_ids")
            ),
            page_url(row["slug"]),
            update_date(row["updated_at"]),
        ]

    batches = keyset_batches(_published_sites().values(*SITE_CSV_COLUMNS), size=size)
    with translation.override("fr"):
        yield from csv_chunks(SITE_CSV_HEADER, batches, to_row)


# --- Sizes shown on /donnees/ ---


def dataset_counts() -> dict[str, int]:
    """The number of published places and services (cached ten minutes: two counts of the whole table)."""

    def count() -> dict[str, int]:
        return {"sites": _published_sites().count(), "services": _published_services().count()}

    return cache.get_or_set(COUNTS_KEY, count, COUNTS_SECONDS)


def correspondences() -> dict[str, list[tuple[str, list[str]]]]:
    """For the /donnees/ page: each active term of our taxonomies and the data·inclusion values it
    becomes (empty: left out), from the cached catalog."""
    terms = catalog()

    def rows(our_terms, table) -> list[tuple[str, list[str]]]:
        return [(term.label, [value.value for value in table.get(term.slug, ())]) for term in our_terms]

    return {
        "publics": rows(terms.audiences, {slug: (public,) for slug, public in PUBLICS_BY_AUDIENCE.items()}),
        "schemes": rows(terms.schemes, THEMATIQUES_BY_SCHEME),
        "projects": rows(terms.projects, THEMATIQUES_BY_PROJECT),
    }
