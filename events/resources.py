"""Import and export of the events agenda: one django-import-export resource, shared by the admin and the
`import_events` command.

Same behaviour as the network's imports (structures.resources): a file imports whole or not at all,
every row passes Event.full_clean(), errors are in French by line and column, and an exported file
re-imports unchanged. Columns, values and behaviour: docs/events_import.md.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.fields import Field

from structures.geocoding import geocode
from structures.import_widgets import (
    ChoiceWidget,
    CommuneWidget,
    CoordinateWidget,
    MemberWidget,
    MemoWidget,
    PostcodeWidget,
    TermsWidget,
    TextWidget,
)
from structures.models import Audience, Job, Project, Scheme, Sector, Site
from structures.resources import AllOrNothingResource

from .enums import AttendanceMode, AudienceScope, EventStatus, EventType
from .models import Event
from .services import event_index_refresh

PARIS = ZoneInfo("Europe/Paris")
SEPARATOR = "|"
YES, NO = "oui", "non"
REGISTRATION_REQUIRED, REGISTRATION_NONE = "obligatoire", "sans inscription"

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")
_FRENCH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?$")


class DateTimeWidget(TextWidget):
    """A local date and time in Europe/Paris: `2026-12-03 09:00` or `2026-12-03T09:00` (seconds and a UTC
    offset are accepted; `03/12/2026 09:00`, as spreadsheets rewrite it, too). Exported as
    `2026-12-03 09:00` in Europe/Paris time."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        if not text:
            return None
        moment = None
        if _ISO.match(text):
            moment = _parse(lambda: datetime.fromisoformat(text.replace(" ", "T")))
        elif match := _FRENCH.match(text):
            day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
            moment = _parse(lambda: datetime(year, month, day, hour, minute, second))
        if moment is None:
            raise ValueError(
                _("« %(value)s » n'est pas une date et une heure lisibles : écrivez par exemple "
                  "2026-12-03 09:00 (heure de Paris).") % {"value": text}
            )  # fmt: skip
        if moment.microsecond:  # spreadsheets store times as fractions of a day
            moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=PARIS)
        return moment

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        local = timezone.localtime(value, PARIS)
        return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


def _parse(build):
    try:
        return build()
    except ValueError:  # 2026-02-30, 25:00…
        return None


class YesNoWidget(TextWidget):
    """`oui` or `non` (also o/n, 1/0, vrai/faux, x); an empty cell gives `default`."""

    TRUE = {"oui", "o", "1", "vrai", "true", "x", "yes"}
    FALSE = {"non", "n", "0", "faux", "false", "no"}

    def __init__(self, default: bool, true=YES, false=NO, aliases=()):
        super().__init__()
        self.default, self.true, self.false = default, true, false
        self.true_values = {*self.TRUE, true}
        self.false_values = {*self.FALSE, false, *aliases}

    def clean(self, value, row=None, **kwargs):
        text = " ".join(super().clean(value).lower().split())
        if not text:
            return self.default
        if text in self.true_values:
            return True
        if text in self.false_values:
            return False
        raise ValueError(
            _("« %(value)s » : écrivez « %(true)s » ou « %(false)s ».")
            % {"value": text, "true": self.true, "false": self.false}
        )

    def render(self, value, obj=None, **kwargs):
        return self.true if value else self.false


class CapacityWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value).replace(" ", "").replace("\u202f", "")
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(
                _("« %(value)s » n'est pas un nombre de places (exemple : 40).") % {"value": text}
            )
        return int(text)


class SiteWidget(MemoWidget):
    """A network site by its `identifiant`."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value)
        if not value:
            return None
        site = self.remember(
            value, lambda: Site.objects.select_related("commune").filter(identifier=value).first()
        )
        if site is None:
            raise ValueError(
                _("Lieu « %(value)s » inconnu : indiquez l'identifiant d'un lieu du réseau, ou laissez la "
                  "colonne vide et remplissez adresse et commune.") % {"value": value}
            )  # fmt: skip
        return site

    def render(self, value, obj=None, **kwargs):
        return value.identifier if value else ""


def _parts(text: str) -> list[str]:
    return [part for part in dict.fromkeys(part.strip() for part in text.split(SEPARATOR)) if part]


class MembersWidget(TextWidget):
    """Members separated by `|`, each as the `organisateur` column reads them; exported sorted."""

    def __init__(self):
        super().__init__()
        self.member = MemberWidget()

    def clean(self, value, row=None, **kwargs):
        members, errors = [], []
        for part in _parts(super().clean(value)):
            try:
                members.append(self.member.clean(part))
            except ValueError as error:
                errors.append(str(error))
        if errors:
            raise ValueError(" ".join(errors))
        return members

    def render(self, value, obj=None, **kwargs):
        return SEPARATOR.join(sorted(member.identifier for member in value or []))


class JobsWidget(MemoWidget):
    """ROME codes (`M1805`) separated by `|`; exported sorted."""

    def clean(self, value, row=None, **kwargs):
        codes = [code.upper() for code in _parts(super().clean(value))]
        jobs = self.remember("*", lambda: Job.objects.in_bulk())
        unknown = [code for code in codes if code not in jobs]
        if unknown:
            raise ValueError(
                _("Code ROME inconnu : %(codes)s (une lettre et quatre chiffres, par exemple M1805).")
                % {"codes": ", ".join(unknown)}
            )
        return [jobs[code] for code in codes]

    def render(self, value, obj=None, **kwargs):
        return SEPARATOR.join(sorted(job.code for job in value or []))


class RelationField(Field):
    """A many-to-many relation: the row's values are kept on the instance and set once it is saved, so
    that an unchanged row is recognised (skip_row) and a bad value is a row error."""

    def __init__(self, attribute, column_name, widget):
        super().__init__(attribute=attribute, column_name=column_name, widget=widget)

    def get_value(self, instance):
        pending = getattr(instance, "_import_relations", {})
        if self.attribute in pending:
            return pending[self.attribute]
        return list(getattr(instance, self.attribute).all()) if instance.pk else []

    def save(self, instance, row, is_m2m=False, **kwargs):
        values = self.clean(row, **kwargs)
        instance._import_relations = {**getattr(instance, "_import_relations", {}), self.attribute: values}


EVENT_COLUMNS = (
    "identifiant", "titre", "type", "description", "debut", "fin", "lieu", "nom_du_lieu", "adresse",
    "code_postal", "commune", "latitude", "longitude", "format", "lien_en_ligne", "organisateur",
    "co_organisateurs", "publics", "secteurs", "metiers", "projets", "dispositifs", "inscription",
    "lien_inscription", "places", "gratuit", "charte_gratuit", "charte_accessible", "charte_branches",
    "charte_entreprises", "charte_demonstrations", "statut", "public_vise",
)  # fmt: skip
# The resource's field names: the columns', but for `format`.
EVENT_FIELDS = tuple("attendance_mode" if column == "format" else column for column in EVENT_COLUMNS)
RELATIONS = ("co_organisers", "audiences", "sectors", "jobs", "projects", "schemes")


def _text(attribute, column):
    return Field(attribute=attribute, column_name=column, widget=TextWidget())


def _yes_no(attribute, column, default=False):
    return Field(attribute=attribute, column_name=column, widget=YesNoWidget(default))


class EventResource(AllOrNothingResource):
    identifiant = _text("identifier", "identifiant")
    titre = _text("title", "titre")
    type = Field(attribute="type", column_name="type", widget=ChoiceWidget(EventType.choices))
    description = _text("description", "description")
    debut = Field(attribute="start", column_name="debut", widget=DateTimeWidget())
    fin = Field(attribute="end", column_name="fin", widget=DateTimeWidget())
    lieu = Field(attribute="venue", column_name="lieu", widget=SiteWidget())
    nom_du_lieu = _text("venue_name", "nom_du_lieu")
    adresse = _text("address", "adresse")
    code_postal = Field(attribute="postcode", column_name="code_postal", widget=PostcodeWidget())
    commune = Field(attribute="commune", column_name="commune", widget=CommuneWidget())
    latitude = Field(attribute="latitude", column_name="latitude", widget=CoordinateWidget())
    longitude = Field(attribute="longitude", column_name="longitude", widget=CoordinateWidget())
    # Not named `format`: the admin's export form has a field of that name.
    attendance_mode = Field(
        attribute="attendance_mode",
        column_name="format",
        widget=ChoiceWidget(AttendanceMode.choices, default=AttendanceMode.ON_SITE),
    )
    lien_en_ligne = _text("online_url", "lien_en_ligne")
    organisateur = Field(attribute="organiser", column_name="organisateur", widget=MemberWidget())
    co_organisateurs = RelationField("co_organisers", "co_organisateurs", MembersWidget())
    publics = RelationField("audiences", "publics", TermsWidget(Audience))
    secteurs = RelationField("sectors", "secteurs", TermsWidget(Sector))
    metiers = RelationField("jobs", "metiers", JobsWidget())
    projets = RelationField("projects", "projets", TermsWidget(Project))
    dispositifs = RelationField("schemes", "dispositifs", TermsWidget(Scheme))
    inscription = Field(
        attribute="registration_required",
        column_name="inscription",
        widget=YesNoWidget(
            False, REGISTRATION_REQUIRED, REGISTRATION_NONE, aliases=("sans", "libre", "facultative")
        ),
    )
    lien_inscription = _text("registration_url", "lien_inscription")
    places = Field(attribute="capacity", column_name="places", widget=CapacityWidget())
    gratuit = _yes_no("free", "gratuit", default=True)
    charte_gratuit = _yes_no("charter_free", "charte_gratuit")
    charte_accessible = _yes_no("charter_accessible", "charte_accessible")
    charte_branches = _yes_no("charter_branches", "charte_branches")
    charte_entreprises = _yes_no("charter_companies", "charte_entreprises")
    charte_demonstrations = _yes_no("charter_demonstrations", "charte_demonstrations")
    # Empty: a new event is a draft, an existing one keeps its status.
    statut = Field(
        attribute="status",
        column_name="statut",
        widget=ChoiceWidget(EventStatus.choices, default=None),
        saves_null_values=False,
    )
    public_vise = Field(
        attribute="scope",
        column_name="public_vise",
        widget=ChoiceWidget(AudienceScope.choices, default=AudienceScope.EVERYONE),
    )

    required_columns = ("identifiant", "titre", "type", "debut", "fin", "organisateur")
    slug_source = "title"

    class Meta(AllOrNothingResource.Meta):
        model = Event
        fields = EVENT_FIELDS
        import_order = EVENT_FIELDS
        export_order = EVENT_FIELDS

    def get_queryset(self):
        return Event.objects.select_related("organiser", "venue", "commune").prefetch_related(*RELATIONS)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organiser", "venue", "commune").prefetch_related(*RELATIONS)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_before = (
            (instance.address, instance.postcode, instance.commune_id),
            (instance.latitude, instance.longitude),
        )

    def complete_instance(self, instance, row):
        """The place: that of the network site (`lieu`) when there is one, as Event.save() does;
        otherwise the file's coordinates, else the previous ones (if any) when the address has not changed,
        else geocoded (PORTAL_GEOCODING) or the commune's centre."""
        co_organisers = getattr(instance, "_import_relations", {}).get("co_organisers", [])
        if any(member.pk == instance.organiser_id for member in co_organisers):
            message = _("« %(member)s » est déjà l'organisateur de l'événement.")
            raise ValidationError({"co_organisers": message % {"member": instance.organiser.identifier}})
        if instance.venue_id:
            venue = instance.venue
            instance.commune, instance.address, instance.postcode = (
                venue.commune,
                venue.address,
                venue.postcode,
            )
            instance.latitude, instance.longitude = venue.latitude, venue.longitude
            return
        if row.get("latitude") or row.get("longitude"):
            return
        location, (latitude, longitude) = instance._import_before
        if instance.commune_id is None:  # online only: no place
            instance.latitude = instance.longitude = None
            return
        moved = location != (instance.address, instance.postcode, instance.commune_id)
        if instance.pk is not None and not moved:
            instance.latitude, instance.longitude = latitude, longitude
            return
        instance.latitude, instance.longitude, _approximate = geocode(
            instance.address, instance.postcode, instance.commune
        )

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        for attribute, values in getattr(instance, "_import_relations", {}).items():
            getattr(instance, attribute).set(values)

    def after_successful_import(self, saved):
        if saved:
            event_index_refresh(events=saved)
