"""Reads of the labelling pages."""

from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from spro_portal.shared_value import SharedValue
from structures.models import Member
from structures.selectors.indicators import Median, year_bounds

from .enums import REQUIRED_ATTACHMENTS, ApplicationStatus, AttachmentKind
from .models import Criterion, Label, LabellingApplication
from .validators import siret_is_valid


def labelling_overview() -> dict:
    """The criteria in force and the structures whose label is valid today (with its end). Three queries."""
    valid = Label.objects.valid().values("member_id").annotate(until=Max("valid_until"))
    until = {row["member_id"]: row["until"] for row in valid}
    members = Member.objects.filter(pk__in=until).only("pk", "name", "slug", "acronym").order_by("name")
    return {
        "criteria": list(Criterion.objects.active()),
        "labelled": [(member, until[member.pk]) for member in members],
    }


# The labels in force, by member, are read on every place's page: kept per day in each process and in
# the shared cache, read again by every process after a write to labels (labelling.apps).
LABELS_KEY = "labelling:valid-labels:v2"
LABELS_SECONDS = 600


def _valid_label_ends() -> dict[int, date]:
    rows = Label.objects.valid().values("member_id").annotate(until=Max("valid_until"))
    return {row["member_id"]: row["until"] for row in rows}


_labels = SharedValue(LABELS_KEY, _valid_label_ends, LABELS_SECONDS)


def label_end(member_id: int) -> date | None:
    """The end of a member's label in force today, if it has one."""
    return _labels.get(timezone.localdate().isoformat()).get(member_id)


def labels_invalidate(**kwargs) -> None:
    _labels.invalidate()


class Missing(NamedTuple):
    """Something an application lacks, and the step of the application where it is given."""

    step: str  # "organisation", "sites", "criteria" or "attachments"
    text: str

    def __str__(self):
        return self.text


def missing_items(application: LabellingApplication) -> list[Missing]:
    """What an application lacks before it can be submitted (or complements sent, or approved), in
    French, in the order of the steps. Empty when complete. Four queries."""
    missing = []
    required = {
        "name": _("le nom de la structure"),
        "siret": _("un SIRET valide"),
        "legal_form": _("la forme juridique"),
        "address": _("l'adresse du siège"),
        "commune_id": _("la commune du siège"),
        "presentation": _("la présentation de l'activité"),
        "contact_name": _("la personne à contacter"),
        "contact_email": _("le courriel de contact"),
    }
    for field, label in required.items():
        value = getattr(application, field)
        if not (siret_is_valid(value) if field == "siret" else value):
            missing.append(Missing("organisation", label))
    sites = list(application.sites.prefetch_related("audiences"))
    if not sites:
        missing.append(Missing("sites", _("au moins un lieu proposé")))
    for site in sites:
        if not site.opening_hours:
            missing.append(Missing("sites", _("les horaires du lieu « %(name)s »") % {"name": site.name}))
        if not site.levels:
            missing.append(Missing("sites", _("les services du lieu « %(name)s »") % {"name": site.name}))
        if not site.audiences.all():
            missing.append(Missing("sites", _("les publics du lieu « %(name)s »") % {"name": site.name}))
    answers = {answer.criterion_id: answer for answer in application.answers.all()}
    for criterion in Criterion.objects.active():
        answer = answers.get(criterion.pk)
        if answer is None or not answer.commitment or not answer.explanation.strip():
            text = _("l'engagement et l'explication du critère « %(title)s »") % {"title": criterion.title}
            missing.append(Missing("criteria", text))
    kinds = set(application.attachments.values_list("kind", flat=True))
    missing += [
        Missing("attachments", _("la pièce « %(kind)s »") % {"kind": AttachmentKind(kind).label})
        for kind in REQUIRED_ATTACHMENTS
        if kind not in kinds
    ]
    return missing


# --- Indicators for Region staff (`/espace-pro/pilotage/`) ---


class StatusCount(NamedTuple):
    status: str
    label: str
    count: int


class ReviewFigures(NamedTuple):
    decided: int  # approved or rejected in the year
    approved: int
    rejected: int
    median_review: timedelta | None  # from submission to decision


def applications_by_status(*, year: int) -> list[StatusCount]:
    """The applications of the year — submitted in it, or, never submitted, started in it — by their
    current state, every state listed (zeros included); nothing when the year has none. One query."""
    start, end = year_bounds(year)
    counts = dict(
        LabellingApplication.objects.annotate(since=Coalesce("submitted_at", "created_at"))
        .filter(since__gte=start, since__lt=end)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    if not counts:
        return []
    return [
        StatusCount(status.value, str(status.label), counts.get(status.value, 0))
        for status in ApplicationStatus
    ]


def labelling_review(*, year: int) -> ReviewFigures | None:
    """The decisions of the year (approved or rejected) and the median time from submission to
    decision; None when nothing was decided. One query."""
    start, end = year_bounds(year)
    figures = LabellingApplication.objects.filter(
        status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED],
        submitted_at__isnull=False,
        decided_at__gte=start,
        decided_at__lt=end,
    ).aggregate(
        decided=Count("pk"),
        approved=Count("pk", filter=Q(status=ApplicationStatus.APPROVED)),
        rejected=Count("pk", filter=Q(status=ApplicationStatus.REJECTED)),
        median_review=Median(F("decided_at") - F("submitted_at")),
    )
    return ReviewFigures(**figures) if figures["decided"] else None
