"""Cells of the import files: django-import-export widgets and fields turning a cell into a value (or a
French `ValueError`) and back, so that an exported file re-imports unchanged. Used by structures.resources.
"""

import re

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.fields import Field

from .enums import ServiceLevel
from .models import Commune, Member, ServiceOffer, Site
from .selectors.communes import CODE
from .text import fold

TERM_RELATIONS = {"publics": "audiences", "dispositifs": "schemes", "projets": "projects"}


def normalize_header(header) -> str:
    """ "Code postal", "code_postal" and "Code_Postal " are the same column; so are "téléphone" and
    "telephone"."""
    return "_".join(fold(str(header or "")).split())


def _pad_code(value: str) -> str:
    """Spreadsheets read "09122" as the number 9122."""
    return f"0{value}" if value.isdigit() and len(value) == 4 else value


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(TextWidget):
    """One of the stored values of a closed set (SiteKind, MemberCategory…); `default` when empty."""

    def __init__(self, choices, default=""):
        super().__init__()
        self.values = [value for value, _label in choices]
        self.default = default

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value).lower()
        if not value:
            return self.default
        if value not in self.values:
            raise ValueError(
                _("« %(value)s » n'est pas une valeur possible ; valeurs possibles : %(values)s.")
                % {"value": value, "values": ", ".join(self.values)}
            )
        return value


class PostcodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        value = _pad_code(super().clean(value))
        if value and not (value.isdigit() and len(value) == 5):
            raise ValueError(
                _("Code postal « %(value)s » invalide : 5 chiffres attendus.") % {"value": value}
            )
        return value


class CoordinateWidget(TextWidget):
    """A decimal degree, with a decimal point or comma; exported with every digit stored."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value)
        if not value:
            return None
        try:
            return float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise ValueError(
                _("« %(value)s » n'est pas un nombre décimal (exemple : 43.6045).") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else repr(float(value))


class MemoWidget(TextWidget):
    """Looks a value up once per import: communes, members and taxonomies do not change meanwhile."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._found = {}

    def remember(self, key, lookup):
        if key not in self._found:
            self._found[key] = lookup()  # a lookup that fails raises, and is not remembered
        return self._found[key]


class CommuneWidget(MemoWidget):
    """An INSEE code, or a name (any case, with or without accents) narrowed down by the row's
    `code_postal`, then by the served territory (PORTAL_DEPARTMENTS); a name still shared by several
    communes is an error."""

    def clean(self, value, row=None, **kwargs):
        value = _pad_code(super().clean(value))
        if not value:
            return None
        if CODE.match(value):
            commune = self.remember(value, lambda: Commune.objects.filter(code=value.upper()).first())
            if commune is None:
                raise ValueError(
                    _("Aucune commune n'a le code INSEE « %(code)s » (le code postal va dans la colonne "
                      "code_postal).") % {"code": value}
                )  # fmt: skip
            return commune
        postcode = _pad_code(str((row or {}).get("code_postal") or "").strip())
        return self.remember((value, postcode), lambda: self._named(value, postcode))

    def _named(self, name: str, postcode: str) -> Commune:
        candidates = list(Commune.objects.filter(search_name=fold(name)).order_by("department_id", "code"))
        if not candidates:
            raise ValueError(
                _("Commune « %(name)s » inconnue : vérifiez l'orthographe ou indiquez son code INSEE.")
                % {"name": name}
            )
        with_postcode = [commune for commune in candidates if postcode in commune.postcodes]
        if with_postcode:
            candidates = with_postcode
        elif postcode and len(candidates) > 1:
            raise ValueError(
                _("Aucune des communes nommées « %(name)s » n'a le code postal %(postcode)s : indiquez le "
                  "code INSEE.") % {"name": name, "postcode": postcode}
            )  # fmt: skip
        served = [commune for commune in candidates if commune.department_id in settings.PORTAL_DEPARTMENTS]
        if len(candidates) > 1 and served:
            candidates = served
        if len(candidates) > 1:
            listed = ", ".join(
                f"{commune.name} ({commune.code}, {'/'.join(commune.postcodes[:2])})"
                for commune in candidates[:6]
            )
            raise ValueError(
                _("Plusieurs communes s'appellent « %(name)s » : %(communes)s. Indiquez le code INSEE, ou le "
                  "code postal dans la colonne code_postal.") % {"name": name, "communes": listed}
            )  # fmt: skip
        return candidates[0]

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class MemberWidget(MemoWidget):
    """A member by identifier, slug or exact name (any case)."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value)
        if not value:
            return None
        member = self.remember(
            value,
            lambda: (
                Member.objects.filter(identifier=value).first()
                or Member.objects.filter(slug=value).first()
                or _single(Member.objects.filter(name__iexact=value))
            ),
        )
        if member is None:
            raise ValueError(
                _("Membre « %(value)s » inconnu : indiquez l'identifiant d'un membre enregistré (importez "
                  "d'abord les membres).") % {"value": value}
            )  # fmt: skip
        return member

    def render(self, value, obj=None, **kwargs):
        return value.identifier if value else ""


def _single(queryset):
    found = list(queryset[:2])
    return found[0] if len(found) == 1 else None


class ParentWidget(TextWidget):
    """The `identifiant` of the parent site, saved before or defined in the same file (rows are written
    parents first); `file_lines` maps the file's identifiers to their line."""

    file_lines: dict = {}

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value)
        if not value:
            return None
        if value == str((row or {}).get("identifiant") or "").strip():
            raise ValueError(_("Un lieu ne peut pas être rattaché à lui-même."))
        site = Site.objects.filter(identifier=value).first()
        if site is not None:
            return site
        if value in self.file_lines:
            raise ValueError(
                _("Le lieu « %(id)s » (ligne %(line)s) n'a pas pu être enregistré : corrigez d'abord sa "
                  "ligne.") % {"id": value, "line": self.file_lines[value]}
            )  # fmt: skip
        raise ValueError(
            _("Lieu de rattachement « %(id)s » inconnu : indiquez l'identifiant d'un lieu enregistré ou "
              "présent dans le fichier.") % {"id": value}
        )  # fmt: skip

    def render(self, value, obj=None, **kwargs):
        return value.identifier if value else ""


class TermsWidget(MemoWidget):
    """Taxonomy slugs separated by `|` (a comma is accepted too); exported sorted."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def clean(self, value, row=None, **kwargs):
        parts = (part.strip() for part in re.split(r"[|,]", super().clean(value)))
        slugs = [slug for slug in dict.fromkeys(parts) if slug]
        terms = self.remember("*", lambda: {term.slug: term for term in self.model.objects.all()})
        unknown = [slug for slug in slugs if slug not in terms]
        if unknown:
            raise ValueError(
                _("%(kind)s inconnu : %(unknown)s. Valeurs possibles : %(known)s.")
                % {
                    "kind": str(self.model._meta.verbose_name).capitalize(),
                    "unknown": ", ".join(unknown),
                    "known": ", ".join(sorted(terms)),
                }
            )
        return [terms[slug] for slug in slugs]

    def render(self, value, obj=None, **kwargs):
        return "|".join(sorted(term.slug for term in value or []))


def cell_text(value) -> str:
    """A cell as text: spreadsheets give numbers for codes ("9122.0" must read "9122")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def unique_slug(model, name: str) -> str:
    base = slugify(name)[:190].strip("-") or model._meta.model_name
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


class TermsField(Field):
    """Taxonomy slugs separated by `|`, carried by the site's first "accueil et information" service
    (created when needed): the row's values are kept on the instance until it is saved."""

    def __init__(self, column_name, model):
        super().__init__(attribute=column_name, column_name=column_name, widget=TermsWidget(model))

    def get_value(self, instance):
        pending = getattr(instance, "_import_terms", {})
        if self.column_name in pending:
            return pending[self.column_name]
        offer = imported_offer(instance)
        return list(getattr(offer, TERM_RELATIONS[self.column_name]).all()) if offer else []

    def save(self, instance, row, is_m2m=False, **kwargs):
        terms = self.clean(row, **kwargs)
        instance._import_terms = {**getattr(instance, "_import_terms", {}), self.column_name: terms}


def imported_offer(site: Site) -> ServiceOffer | None:
    """The service whose publics, schemes and projects the import files describe."""
    if site.pk is None:
        return None
    return site.services.filter(level=ServiceLevel.INFORMATION).order_by("pk").first()


class CoordinateField(Field):
    """Exported blank when the position is only the commune's centre, so that a re-import keeps it so."""

    def get_value(self, instance):
        return None if instance.coordinates_approximate else super().get_value(instance)
