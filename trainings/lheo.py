"""Reading LHÉO flows (the Carif-Oref's training offers): a streaming parser, safe against hostile XML.

`LheoReader(source).offers()` yields one `ParsedOffer` per `<formation>` of the flow, read with lxml's
`iterparse` (libxml2, in C) hardened against hostile XML: entities are never substituted
(`resolve_entities=False`), nothing is fetched (`no_network`, `load_dtd=False`), libxml2's size limits stay
on (`huge_tree=False`), and a document with a DOCTYPE (the only place where entities can be declared: XML
bombs, external entities) is refused before any offer is handled. Only the ends of `<formation>` come
back to Python (`tag` filter); each is dropped from the tree once handled, so the memory stays flat
whatever the number of offers. Errors in an offer (a missing required element, an invalid date or code)
are collected in `reader.errors` with the offer number and the element path; the reading goes on (up to
`MAX_ERRORS`) so that one run lists them. Errors that stop the reading (malformed
or hostile XML, an unknown namespace) raise `LheoError`.

Nothing here touches the database: trainings.services imports the parsed offers.
"""

import dataclasses
import datetime
import re
from collections.abc import Iterator
from typing import IO

from lxml import etree

from .cleaning import clip, email_address, html_to_text, web_address
from .enums import ExitLevel, TeachingMode

# The namespaces of the versions we read: 2.3 moved from lheo.org to lheo.gouv.fr, both are in use.
NAMESPACES = {
    "http://www.lheo.org/2.2": "2.2",
    "http://www.lheo.org/2.3": "2.3",
    "http://lheo.gouv.fr/2.3": "2.3",
}
MAX_ERRORS = 50

# LHÉO `dict-niveaux` → the national levels of 2019 (trainings.enums.ExitLevel). Codes 0 to 8 are the
# 1969 nomenclature (LHÉO 2.2, still valid in 2.3); LHÉO 2.3 (PEL-37, "Nouvelle table des niveaux",
# lheo/lheo-schema doc/source/changements.rst) adds 11 to 18 for the levels 1 to 8 of 2019.
LEGACY_LEVELS = {
    "0": None,  # information non communiquée
    "1": ExitLevel.NONE,  # sans niveau spécifique
    "2": ExitLevel.NONE,  # niveau VI (illettrisme, analphabétisme)
    "3": ExitLevel.NONE,  # niveau V bis (préqualification)
    "4": ExitLevel.LEVEL_3,  # niveau V (CAP, BEP)
    "5": ExitLevel.LEVEL_4,  # niveau IV (baccalauréat)
    "6": ExitLevel.LEVEL_5,  # niveau III (BTS, DUT)
    "7": ExitLevel.LEVEL_6,  # niveau II (licence, maîtrise)
    "8": ExitLevel.LEVEL_7,  # niveau I (supérieur à la maîtrise)
}
LEVELS_2019 = {
    "11": ExitLevel.NONE,  # niveau 1 (savoirs de base): no level of its own in ExitLevel
    "12": ExitLevel.NONE,  # niveau 2
    "13": ExitLevel.LEVEL_3,
    "14": ExitLevel.LEVEL_4,
    "15": ExitLevel.LEVEL_5,
    "16": ExitLevel.LEVEL_6,
    "17": ExitLevel.LEVEL_7,
    "18": ExitLevel.LEVEL_8,
}
EXIT_LEVELS = {"2.2": LEGACY_LEVELS, "2.3": {**LEGACY_LEVELS, **LEVELS_2019}}

ROME_CODE = re.compile(r"[A-N]\d{4}")
FORMACODE = re.compile(r"\d{5}")
NSF_CODE = re.compile(r"\d{3}[a-z]?")
CERTIFICATION_CODE = re.compile(r"[A-Za-z0-9]{1,10}")
SIRET = re.compile(r"\d{14}")
POSTCODE = re.compile(r"\d{5}")
INSEE_CODE = re.compile(r"\d[\dAB]\d{3}")
DEPARTMENT_CODE = re.compile(r"\d{2,3}|2[AB]")
DATE = re.compile(r"\d{8}")


class LheoError(Exception):
    """The flow cannot be read at all (malformed or hostile XML, not an LHÉO flow)."""


@dataclasses.dataclass
class ParsedSession:
    number: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    registration_address: str = ""


@dataclasses.dataclass
class ParsedAction:
    number: str = ""
    place_name: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    insee_code: str = ""
    department_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    rhythm: str = ""
    teaching_mode: int | None = None
    funding_possible: bool = False
    duration: str = ""
    url: str = ""
    sessions: list[ParsedSession] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ParsedOffer:
    number: str
    path: str
    title: str = ""
    objective: str = ""
    expected_results: str = ""
    content: str = ""
    certifying: bool = False
    exit_level: int | None = None
    rome_codes: list[str] = dataclasses.field(default_factory=list)
    formacode_codes: list[str] = dataclasses.field(default_factory=list)
    nsf_codes: list[str] = dataclasses.field(default_factory=list)
    rncp_code: str = ""
    certifinfo_code: str = ""
    url: str = ""
    organisation_name: str = ""
    organisation_siret: str = ""
    organisation_phone: str = ""
    organisation_email: str = ""
    organisation_url: str = ""
    actions: list[ParsedAction] = dataclasses.field(default_factory=list)


# --- The reader ----------------------------------------------------------------------------------------


class LheoReader:
    """Reads a flow once: `for offer in reader.offers(): …`, then `reader.errors` (capped at MAX_ERRORS)."""

    def __init__(self, source: IO[bytes]):
        self.source = source
        self.version: str | None = None
        self.namespace = ""
        self.errors: list[str] = []
        self.count = 0  # <formation> elements read
        self.truncated = False
        self._paths: dict[str, list[str]] = {}

    # Errors of an offer ---------------------------------------------------------------------------------

    def error(self, number: str, path: str, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        who = f"offre {number}" if number else "offre sans numéro"
        self.errors.append(f"{who}, {path} : {message}")

    @property
    def full(self) -> bool:
        return len(self.errors) >= MAX_ERRORS

    # Streaming ----------------------------------------------------------------------------------------

    def offers(self) -> Iterator[ParsedOffer]:
        """The valid offers of the flow, one at a time (invalid ones only add to `errors`)."""
        try:
            yield from self._offers()
        except etree.XMLSyntaxError as error:
            line, column = error.position or (0, 0)
            message = error.msg or ""
            if (line, column) == (0, 0) and len(error.error_log):  # e.g. "no element found": the cause
                cause = error.error_log[-1]
                line, column, message = cause.line, cause.column, cause.message
            message = message.split(", line ")[0].rstrip(".")
            raise LheoError(
                f"Le fichier n'est pas un XML bien formé (ligne {line}, colonne {column}) : {message}."
            ) from None

    def _offers(self) -> Iterator[ParsedOffer]:
        # Events for the <formation> ends only (the loop stays in C for every other element); the root and
        # the DOCTYPE are checked before the first offer is handled, or at the end when there is none.
        events = etree.iterparse(
            self.source,
            events=("end",),
            tag="{*}formation",
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        root = None
        index = 0
        for _event, element in events:
            if root is None:
                root = element.getroottree().getroot()
                self._check_document(root)
            parent = element.getparent()
            if parent is None or parent.tag != self._tag("offres") or parent.getparent() is not root:
                continue  # a <formation> elsewhere is not an offer of the flow
            index += 1
            self.count += 1
            offer = self._offer(element, f"/lheo/offres/formation[{index}]")
            element.clear()
            parent.remove(element)
            if offer is not None:
                yield offer
            if self.full:
                self.truncated = True
                return
        if root is None:
            self._check_document(events.root)

    def _check_document(self, root) -> None:
        self._check_doctype(root)
        self._check_root(root.tag)

    def _check_doctype(self, root) -> None:
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url or docinfo.public_id:
            raise LheoError(
                "Le fichier contient une déclaration de type de document (DOCTYPE) : refusé par sécurité "
                "(déclarations d'entités, expansion d'entités, entités externes). Un flux LHÉO n'en a pas "
                "besoin."
            )

    def _check_root(self, tag: str) -> None:
        namespace, _sep, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        if name != "lheo" or namespace not in NAMESPACES:
            known = ", ".join(NAMESPACES)
            found = f"<{name}>" + (
                f" dans l'espace de noms « {namespace} »" if namespace else " sans espace de noms"
            )
            raise LheoError(
                f"Ce fichier n'est pas un flux LHÉO 2.2 ou 2.3 : élément racine {found}. "
                f"Attendu : <lheo> dans l'un des espaces de noms {known}."
            )
        self.namespace = namespace
        self.version = NAMESPACES[namespace]

    def _tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}"

    # Helpers on elements ----------------------------------------------------------------------------

    def _tags(self, path: str) -> list[str]:
        tags = self._paths.get(path)
        if tags is None:
            tags = self._paths[path] = [self._tag(part) for part in path.split("/")]
        return tags

    def _find(self, element, path: str):
        """The first element at this path of children (lxml's C iterators: faster than ElementPath)."""
        for tag in self._tags(path):
            element = next(element.iterchildren(tag), None)
            if element is None:
                return None
        return element

    def _findall(self, element, path: str):
        *parents, last = self._tags(path)
        for tag in parents:
            element = next(element.iterchildren(tag), None)
            if element is None:
                return []
        return list(element.iterchildren(last))

    def _text(self, element, path: str) -> str:
        found = self._find(element, path)
        return (found.text or "").strip() if found is not None else ""

    # One offer --------------------------------------------------------------------------------------

    def _offer(self, element, path: str) -> ParsedOffer | None:
        number = (element.get("numero") or "").strip()
        before = len(self.errors)
        offer = ParsedOffer(number=number, path=path)
        if not number:
            self.error("", path, "attribut numero manquant (l'offre est identifiée par son numéro)")
        elif len(number) > 100:
            self.error(number[:40] + "…", path, "numéro de plus de 100 caractères")

        def required(name: str, label: str) -> str:
            value = self._text(element, name)
            if not value:
                self.error(number, f"{path}/{name}", f"{label} manquant")
            return value

        if self._find(element, "domaine-formation") is None:
            self.error(number, f"{path}/domaine-formation", "domaine de la formation manquant")
        offer.title = clip(html_to_text(required("intitule-formation", "intitulé de la formation")), 500)
        offer.objective = html_to_text(self._text(element, "objectif-formation"))
        offer.expected_results = html_to_text(self._text(element, "resultats-attendus"))
        offer.content = html_to_text(self._text(element, "contenu-formation"))
        offer.certifying = self._boolean(element, "certifiante", number, path)

        level = self._text(element, "code-niveau-sortie")
        if level:
            table = EXIT_LEVELS[self.version]
            if level in table:
                offer.exit_level = table[level]
            else:
                self.error(
                    number,
                    f"{path}/code-niveau-sortie",
                    f"code de niveau « {level} » inconnu de la table dict-niveaux de LHÉO {self.version}",
                )

        offer.rome_codes = self._codes(element, "domaine-formation/code-ROME", ROME_CODE, number, path)
        offer.formacode_codes = self._codes(
            element, "domaine-formation/code-FORMACODE", FORMACODE, number, path
        )
        offer.nsf_codes = [
            code[:3] for code in self._codes(element, "domaine-formation/code-NSF", NSF_CODE, number, path)
        ]
        offer.nsf_codes = list(dict.fromkeys(offer.nsf_codes))
        for name, attribute in (("code-RNCP", "rncp_code"), ("code-CERTIFINFO", "certifinfo_code")):
            codes = self._codes(element, f"certification/{name}", CERTIFICATION_CODE, number, path)
            setattr(offer, attribute, codes[0] if codes else "")
        offer.url = web_address(self._text(element, "url-formation/urlweb"))

        organisation = self._find(element, "organisme-formation-responsable")
        org_path = f"{path}/organisme-formation-responsable"
        if organisation is None:
            self.error(number, org_path, "organisme responsable manquant")
        else:
            name = self._text(organisation, "nom-organisme")
            if not name:
                self.error(number, f"{org_path}/nom-organisme", "nom de l'organisme manquant")
            offer.organisation_name = clip(name, 250)
            siret = self._text(organisation, "SIRET-organisme-formation/SIRET").replace(" ", "")
            if siret and not SIRET.fullmatch(siret):
                self.error(
                    number, f"{org_path}/SIRET-organisme-formation/SIRET", f"SIRET « {siret} » invalide"
                )
            offer.organisation_siret = siret if SIRET.fullmatch(siret) else ""
            contact = self._find(organisation, "coordonnees-organisme/coordonnees")
            if contact is not None:
                offer.organisation_phone = clip(self._text(contact, "telfixe/numtel"), 40)
                offer.organisation_email = email_address(self._text(contact, "courriel"))
                offer.organisation_url = web_address(self._text(contact, "web/urlweb"))

        actions = self._findall(element, "action")
        if not actions:
            self.error(number, f"{path}/action", "aucune action de formation (lieu, dates)")
        for position, action in enumerate(actions, start=1):
            offer.actions.extend(self._action(action, number, f"{path}/action[{position}]"))
        return offer if len(self.errors) == before and not self.full else None

    def _boolean(self, element, name: str, number: str, path: str) -> bool:
        value = self._text(element, name)
        if value in ("", "0"):
            return False
        if value == "1":
            return True
        self.error(number, f"{path}/{name}", f"valeur « {value} » invalide (0 ou 1 attendu)")
        return False

    def _codes(self, element, name: str, pattern, number: str, path: str) -> list[str]:
        codes = []
        for found in self._findall(element, name):
            code = (found.text or "").strip()
            if not pattern.fullmatch(code):
                self.error(number, f"{path}/{name}", f"code « {code[:20]} » invalide")
            elif code not in codes:
                codes.append(code)
        return codes

    def _action(self, element, number: str, path: str) -> list[ParsedAction]:
        """The action, once per place of training (LHÉO 2.3 allows several: the same dates in each)."""
        places = [
            place
            for container in self._findall(element, "lieu-de-formation")
            if (place := self._find(container, "coordonnees")) is not None
        ]
        if not places:
            self.error(number, f"{path}/lieu-de-formation", "lieu de formation manquant")
            return []
        action = ParsedAction(number=clip((element.get("numero") or "").strip(), 100))
        action.rhythm = clip(html_to_text(self._text(element, "rythme-formation")), 500)
        mode = self._text(element, "modalites-enseignement")
        if mode:
            if mode.isdigit() and int(mode) in TeachingMode.values:
                action.teaching_mode = int(mode)
            else:
                self.error(number, f"{path}/modalites-enseignement", f"code « {mode} » invalide (0, 1 ou 2)")
        action.funding_possible = self._boolean(element, "prise-en-charge-frais-possible", number, path)
        action.duration = clip(html_to_text(self._text(element, "duree-indicative")), 250)
        action.url = web_address(self._text(element, "url-action/urlweb"))
        for position, session in enumerate(self._findall(element, "session"), start=1):
            action.sessions.append(self._session(session, number, f"{path}/session[{position}]"))
        located = []
        for place in places:
            copy = dataclasses.replace(action, sessions=list(action.sessions))
            lines = [(line.text or "").strip() for line in self._findall(place, "ligne")]
            copy.place_name = clip(next((line for line in lines if line), ""), 250)
            address = self._find(place, "adresse")
            if address is not None:
                self._address(address, copy)
            located.append(copy)
        return located

    def _address(self, address, action: ParsedAction) -> None:
        lines = [(line.text or "").strip() for line in self._findall(address, "ligne")]
        action.address = clip(", ".join(line for line in lines if line), 500)
        postcode = self._text(address, "codepostal")
        action.postcode = postcode if POSTCODE.fullmatch(postcode) else ""
        action.city = clip(self._text(address, "ville"), 100)
        insee = self._text(address, "code-INSEE-commune").upper()
        action.insee_code = insee if INSEE_CODE.fullmatch(insee) else ""
        department = self._text(address, "departement").upper()
        action.department_code = department if DEPARTMENT_CODE.fullmatch(department) else ""
        try:
            latitude = float(self._text(address, "geolocalisation/latitude").replace(",", "."))
            longitude = float(self._text(address, "geolocalisation/longitude").replace(",", "."))
        except ValueError:
            return
        if -90 <= latitude <= 90 and -180 <= longitude <= 180 and (latitude, longitude) != (0, 0):
            action.latitude, action.longitude = latitude, longitude

    def _session(self, element, number: str, path: str) -> ParsedSession:
        session = ParsedSession(number=clip((element.get("numero") or "").strip(), 100))
        session.start = self._date(element, "periode/debut", number, path)
        session.end = self._date(element, "periode/fin", number, path)
        if session.start and session.end and session.end < session.start:
            self.error(number, f"{path}/periode", "la fin de la session précède son début")
        registration = self._find(element, "adresse-inscription/adresse")
        if registration is not None:
            parts = [(line.text or "").strip() for line in self._findall(registration, "ligne")]
            town = " ".join(
                part
                for part in (self._text(registration, "codepostal"), self._text(registration, "ville"))
                if part
            )
            session.registration_address = ", ".join(part for part in (*parts, town) if part)
        return session

    def _date(self, element, name: str, number: str, path: str) -> datetime.date | None:
        value = self._text(element, name)
        if value in ("", "00000000", "99999999"):  # permanent entry, open-ended
            return None
        try:
            if not DATE.fullmatch(value):
                raise ValueError
            return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            self.error(number, f"{path}/{name}", f"date « {value[:20]} » invalide (AAAAMMJJ attendu)")
            return None
