"""Writes of labelling: the applicant's draft, the workflow's transitions, and the decision's effects.

Every transition is one function here: it locks the application, checks who acts and from which state,
moves it, writes a `StatusChange` line (who, when, from, to, comment) and, once committed, e-mails the
applicant. A refused action raises `LabellingError` with a French message and changes nothing.
"""

import dataclasses
import math
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.uploads import UploadError, check_upload, clean_name
from structures.coverage import coverage_refresh_later
from structures.enums import MemberCategory, MembershipBasis, ProfessionalRole, SiteKind
from structures.geocoding import geocode
from structures.import_widgets import unique_slug
from structures.models import Member, Professional, ServiceOffer, Site
from structures.services import site_index_refresh

from .enums import EDITABLE, FINAL, ApplicationStatus, AttachmentKind, WantedKind
from .models import (
    Attachment,
    Criterion,
    CriterionAnswer,
    Label,
    LabellingApplication,
    ProposedSite,
    StatusChange,
)
from .selectors import missing_items

LABEL_YEARS = 3
REVIEW = {ApplicationStatus.UNDER_REVIEW, ApplicationStatus.COMPLEMENTS_PROVIDED}
# Under review by an instructor, until the decision.
OPEN_REVIEW = {*REVIEW, ApplicationStatus.COMPLEMENTS_REQUESTED, ApplicationStatus.OPINION_RECORDED}


class LabellingError(Exception):
    """An action refused; the message says why, in French."""


def is_instructor(user) -> bool:
    """Region staff who may review applications (both Region groups, or a superuser)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("labelling.change_labellingapplication")
    )


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- The applicant's draft -----------------------------------------------------------------------


def _locked(application: LabellingApplication) -> LabellingApplication:
    return LabellingApplication.objects.select_for_update().get(pk=application.pk)


def _check_applicant(application: LabellingApplication, user) -> None:
    if application.applicant_id != user.pk:
        raise LabellingError(_("Seul le compte qui a déposé la candidature peut agir en son nom."))


def _check_editable(application: LabellingApplication, user) -> None:
    _check_applicant(application, user)
    if application.status not in EDITABLE:
        raise LabellingError(
            _("La candidature est « %(status)s » : elle ne peut plus être modifiée.")
            % {"status": application.status_label}
        )


def _answers_for_criteria(application: LabellingApplication) -> None:
    """One answer row per criterion in force (new criteria appear in drafts)."""
    existing = set(application.answers.values_list("criterion_id", flat=True))
    CriterionAnswer.objects.bulk_create(
        CriterionAnswer(application=application, criterion=criterion)
        for criterion in Criterion.objects.active()
        if criterion.pk not in existing
    )


def renewable_label(user, label: Label) -> bool:
    """A label may be renewed by its member's référents and by the account that obtained it."""
    professional = Professional.objects.filter(user=user).first() if user.is_authenticated else None
    if professional and professional.is_referent and professional.member_id == label.member_id:
        return True
    return LabellingApplication.objects.filter(label=label, applicant=user).exists()


@transaction.atomic
def application_start(*, user, renewal_of: Label | None = None) -> LabellingApplication:
    """The user's application in progress, or a new draft: prefilled from the label renewed (its
    application's organisation, places and answers, the member's places), else from the member of a
    référent (who applies for their structure)."""
    current = LabellingApplication.objects.open().filter(applicant=user).first()
    if current is not None:
        return current
    application = LabellingApplication(applicant=user)
    professional = Professional.objects.select_related("member").filter(user=user).first()
    if renewal_of is not None:
        if not renewable_label(user, renewal_of):
            raise LabellingError(
                _("Seuls les référents de la structure labellisée peuvent renouveler son label.")
            )
        application.renewal_of = renewal_of
        application.member = renewal_of.member
    elif professional is not None and professional.is_referent:
        application.member = professional.member
    previous = (
        LabellingApplication.objects.filter(label=renewal_of).first() if renewal_of is not None else None
    )
    member = application.member
    if previous is not None:
        for field in [
            "name", "siret", "legal_form", "address", "postcode", "commune", "website", "presentation",
            "contact_name", "contact_email", "contact_phone",
        ]:  # fmt: skip
            setattr(application, field, getattr(previous, field))
    elif member is not None:
        application.name, application.siret, application.website = member.name, member.siret, member.website
    if not application.contact_email:
        application.contact_name = application.contact_name or user.get_full_name()
        application.contact_email = user.email
    application.full_clean(exclude=["siret", "commune"])
    application.save()
    StatusChange.objects.create(
        application=application,
        actor=user,
        to_status=ApplicationStatus.DRAFT,
        comment=_("Renouvellement du label") if renewal_of else "",
    )
    if previous is not None:
        _copy_previous(application, previous)
    elif renewal_of is not None:
        _copy_member_sites(application, renewal_of.member)
    _answers_for_criteria(application)
    return application


def _copy_previous(application: LabellingApplication, previous: LabellingApplication) -> None:
    for proposed in previous.sites.prefetch_related("audiences"):
        audiences = list(proposed.audiences.all())
        proposed.pk, proposed.application = None, application
        proposed.save()
        proposed.audiences.set(audiences)
    active = set(Criterion.objects.active().values_list("pk", flat=True))
    CriterionAnswer.objects.bulk_create(
        CriterionAnswer(
            application=application,
            criterion_id=answer.criterion_id,
            commitment=answer.commitment,
            explanation=answer.explanation,
            evidence=answer.evidence,
        )
        for answer in previous.answers.all()
        if answer.criterion_id in active
    )


def _copy_member_sites(application: LabellingApplication, member: Member) -> None:
    """A label granted outside the portal (in the admin): its member's relay points and centres."""
    kinds = {
        SiteKind.RELAY_POINT: WantedKind.RELAY_POINT,
        SiteKind.ASSOCIATED_CENTRE: WantedKind.ASSOCIATED_CENTRE,
    }
    for site in member.sites.filter(kind__in=kinds).prefetch_related("services__audiences"):
        proposed = ProposedSite.objects.create(
            application=application,
            name=site.name,
            wanted_kind=kinds[site.kind],
            address=site.address,
            postcode=site.postcode,
            commune_id=site.commune_id,
            phone=site.phone,
            email=site.email,
            opening_hours=site.opening_hours,
            hours_note=site.hours_note,
            levels=sorted({service.level for service in site.services.all()}),
            accessibility=site.accessibility,
            site=site,
        )
        proposed.audiences.set(
            {audience for service in site.services.all() for audience in service.audiences.all()}
        )


@transaction.atomic
def application_update(*, application: LabellingApplication, user, values: dict) -> LabellingApplication:
    """Save the organisation step (values already parsed by the form; the SIRET is checked by it)."""
    application = _locked(application)
    _check_editable(application, user)
    for field, value in values.items():
        setattr(application, field, value)
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def proposed_site_save(
    *, application: LabellingApplication, user, proposed: ProposedSite, audiences
) -> ProposedSite:
    application = _locked(application)
    _check_editable(application, user)
    if proposed.application_id not in (None, application.pk):
        raise LabellingError(_("Ce lieu n'appartient pas à votre candidature."))
    proposed.application = application
    proposed.full_clean()
    proposed.save()
    proposed.audiences.set(audiences)
    return proposed


@transaction.atomic
def proposed_site_delete(*, application: LabellingApplication, user, proposed: ProposedSite) -> None:
    application = _locked(application)
    _check_editable(application, user)
    if proposed.application_id != application.pk:
        raise LabellingError(_("Ce lieu n'appartient pas à votre candidature."))
    proposed.delete()


@transaction.atomic
def answers_save(*, application: LabellingApplication, user, answers: dict[int, dict]) -> None:
    """`answers`: criterion id → {commitment, explanation, evidence}."""
    application = _locked(application)
    _check_editable(application, user)
    _answers_for_criteria(application)
    rows = {answer.criterion_id: answer for answer in application.answers.all()}
    changed = []
    for criterion_id, values in answers.items():
        answer = rows.get(criterion_id)
        if answer is None:
            continue
        for field in ("commitment", "explanation", "evidence"):
            setattr(answer, field, values[field])
        changed.append(answer)
    CriterionAnswer.objects.bulk_update(changed, ["commitment", "explanation", "evidence"])


@transaction.atomic
def attachment_add(
    *, application: LabellingApplication, user, upload, kind: str, criterion: Criterion | None = None
) -> Attachment:
    """Store a document of the application: its type is read from its content (the same checks as the
    professional documents); a refused file raises LabellingError and stores nothing."""
    application = _locked(application)
    _check_editable(application, user)
    try:
        file_type = check_upload(upload)
    except UploadError as error:
        raise LabellingError(str(error)) from error
    if kind not in AttachmentKind.values:
        raise LabellingError(_("Choisissez la nature de la pièce."))
    attachment = Attachment(
        application=application,
        kind=kind,
        criterion=criterion if kind == AttachmentKind.EVIDENCE else None,
        original_name=clean_name(upload.name),
        content_type=file_type.content_type,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)  # no row, no file
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, application: LabellingApplication, user, attachment: Attachment) -> None:
    application = _locked(application)
    _check_editable(application, user)
    if attachment.application_id != application.pk:
        raise LabellingError(_("Cette pièce n'appartient pas à votre candidature."))
    name = attachment.file.name
    attachment.delete()
    attachment_files_delete_unused([name])


def attachment_files_delete_unused(names: list[str]) -> None:
    """Delete these stored files once the transaction commits, except those another attachment still
    uses (a renewal's copies share their files with the earlier application)."""
    used = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
    storage = Attachment._meta.get_field("file").storage
    for name in set(names) - used:
        transaction.on_commit(lambda name=name: storage.delete(name))


# --- Transitions ---------------------------------------------------------------------------------


def _move(application: LabellingApplication, *, actor, to: str, comment: str = "", fields=()) -> StatusChange:
    change = StatusChange.objects.create(
        application=application, actor=actor, from_status=application.status, to_status=to, comment=comment
    )
    application.status, application.status_changed_at = to, change.at
    application.save(update_fields=["status", "status_changed_at", "updated_at", *fields])
    transaction.on_commit(lambda: _notify(application.pk, change.pk))
    return change


def _check_from(application: LabellingApplication, allowed: set, action: str) -> None:
    if application.status not in allowed:
        raise LabellingError(
            _("Impossible %(action)s une candidature « %(status)s ».")
            % {"action": action, "status": application.status_label}
        )


def _check_instructor(application: LabellingApplication, user, *, assigned: bool = True) -> None:
    if not is_instructor(user):
        raise LabellingError(_("Seuls les agents de la Région chargés de l'instruction peuvent le faire."))
    if application.applicant_id == user.pk:
        raise LabellingError(_("Vous ne pouvez pas instruire ni décider votre propre candidature."))
    if assigned and application.instructor_id is None:
        raise LabellingError(_("Aucun instructeur n'est désigné : prenez d'abord la candidature en charge."))
    if assigned and application.instructor_id != user.pk:
        raise LabellingError(
            _("Cette candidature est instruite par %(name)s : prenez-la en charge pour agir.")
            % {"name": application.instructor.get_full_name() or application.instructor.email}
        )


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise LabellingError(message)
    return text


def staff_transitions(application: LabellingApplication, user) -> set[str]:
    """The staff transitions this user may make now ("assign", "request_complements", "record_opinion",
    "approve", "reject"): what the admin offers as buttons. The rules of the functions below, kept
    next to them; each function still checks them when called."""
    if not is_instructor(user) or application.applicant_id == user.pk:
        return set()
    status, assigned = application.status, application.instructor_id == user.pk
    names = set()
    if not assigned and status in {ApplicationStatus.SUBMITTED, *OPEN_REVIEW}:
        names.add("assign")
    if assigned and status in REVIEW:
        names |= {"request_complements", "record_opinion"}
    if assigned and status == ApplicationStatus.OPINION_RECORDED:
        names |= {"approve", "reject"}
    return names


@transaction.atomic
def application_submit(*, application: LabellingApplication, user, comment: str = "") -> StatusChange:
    application = _locked(application)
    _check_applicant(application, user)
    _check_from(application, {ApplicationStatus.DRAFT}, _("de déposer"))
    if missing := missing_items(application):
        raise LabellingError(
            _("La candidature est incomplète : %(missing)s.") % {"missing": " ; ".join(map(str, missing))}
        )
    application.submitted_at = timezone.now()
    return _move(
        application, actor=user, to=ApplicationStatus.SUBMITTED, comment=comment, fields=["submitted_at"]
    )


@transaction.atomic
def application_assign(*, application: LabellingApplication, user, comment: str = "") -> StatusChange:
    """ "Assign to me": the officer becomes the instructor (a submitted application goes under review;
    in review, the officer takes it over from a colleague)."""
    application = _locked(application)
    _check_instructor(application, user, assigned=False)
    _check_from(application, {ApplicationStatus.SUBMITTED, *OPEN_REVIEW}, _("de prendre en charge"))
    if application.instructor_id == user.pk:
        raise LabellingError(_("Vous instruisez déjà cette candidature."))
    previous = application.instructor
    application.instructor = user
    to = (
        ApplicationStatus.UNDER_REVIEW
        if application.status == ApplicationStatus.SUBMITTED
        else application.status
    )
    if previous is not None and not comment:
        comment = _("Reprise de l'instruction (auparavant : %(name)s).") % {
            "name": previous.get_full_name() or previous.email
        }
    return _move(application, actor=user, to=to, comment=comment, fields=["instructor"])


@transaction.atomic
def application_request_complements(*, application: LabellingApplication, user, message: str) -> StatusChange:
    application = _locked(application)
    _check_instructor(application, user)
    _check_from(application, REVIEW, _("de demander des compléments sur"))
    message = _required(message, _("Écrivez au candidat ce qui manque ou doit être précisé."))
    return _move(application, actor=user, to=ApplicationStatus.COMPLEMENTS_REQUESTED, comment=message)


@transaction.atomic
def application_provide_complements(*, application: LabellingApplication, user, message: str) -> StatusChange:
    application = _locked(application)
    _check_applicant(application, user)
    _check_from(
        application, {ApplicationStatus.COMPLEMENTS_REQUESTED}, _("de transmettre des compléments pour")
    )
    message = _required(message, _("Répondez à la demande de l'instructeur en quelques mots."))
    if missing := missing_items(application):
        raise LabellingError(
            _("La candidature est incomplète : %(missing)s.") % {"missing": " ; ".join(map(str, missing))}
        )
    return _move(application, actor=user, to=ApplicationStatus.COMPLEMENTS_PROVIDED, comment=message)


@transaction.atomic
def application_record_opinion(
    *, application: LabellingApplication, user, opinion: str, opinion_date: date, comment: str = ""
) -> StatusChange:
    """The CREFOP bureau's opinion (favourable, with reservations, unfavourable) and its date."""
    from .enums import Opinion

    application = _locked(application)
    _check_instructor(application, user)
    _check_from(application, REVIEW, _("d'enregistrer l'avis sur"))
    if opinion not in Opinion.values:
        raise LabellingError(_("Choisissez l'avis du bureau du CREFOP."))
    if opinion_date is None or opinion_date > timezone.localdate():
        raise LabellingError(_("La date de l'avis est obligatoire et ne peut pas être dans le futur."))
    if application.submitted_at and opinion_date < timezone.localtime(application.submitted_at).date():
        raise LabellingError(_("La date de l'avis ne peut pas précéder le dépôt de la candidature."))
    application.opinion, application.opinion_date = opinion, opinion_date
    text = _("Avis %(opinion)s du %(date)s.") % {
        "opinion": Opinion(opinion).label.lower(),
        "date": opinion_date.strftime("%d/%m/%Y"),
    }
    comment = f"{text} {comment.strip()}".strip()
    return _move(
        application,
        actor=user,
        to=ApplicationStatus.OPINION_RECORDED,
        comment=comment,
        fields=["opinion", "opinion_date"],
    )


@transaction.atomic
def application_reject(*, application: LabellingApplication, user, reason: str) -> StatusChange:
    application = _locked(application)
    _check_instructor(application, user)
    _check_from(application, {ApplicationStatus.OPINION_RECORDED}, _("de refuser"))
    application.decision_reason = _required(reason, _("Le motif du refus est obligatoire."))
    application.decided_at = timezone.now()
    return _move(
        application,
        actor=user,
        to=ApplicationStatus.REJECTED,
        comment=application.decision_reason,
        fields=["decision_reason", "decided_at"],
    )


@transaction.atomic
def application_withdraw(*, application: LabellingApplication, user, comment: str = "") -> StatusChange:
    application = _locked(application)
    _check_applicant(application, user)
    if application.status in FINAL:
        raise LabellingError(_("La décision est prise : la candidature ne peut plus être retirée."))
    return _move(application, actor=user, to=ApplicationStatus.WITHDRAWN, comment=comment.strip())


@transaction.atomic
def application_approve(
    *, application: LabellingApplication, user, comment: str = "", years: int = LABEL_YEARS
) -> StatusChange:
    """Grant the label (LABEL_YEARS years, following on from the label renewed) and publish: the member
    is created or updated (basis labellisé), the proposed places become relay points attached to their
    département's associated centre (or associated centres, where asked and the département has room),
    and the applicant becomes a référent of the member."""
    application = _locked(application)
    _check_instructor(application, user)
    _check_from(application, {ApplicationStatus.OPINION_RECORDED}, _("d'approuver"))
    if missing := missing_items(application):
        raise LabellingError(
            _("La candidature est incomplète : %(missing)s.") % {"missing": " ; ".join(map(str, missing))}
        )
    today = timezone.localdate()
    start = today
    if application.renewal_of and application.renewal_of.valid_until >= today:
        start = application.renewal_of.valid_until + timedelta(days=1)
    member = _member_for(application)
    label = Label.objects.create(
        member=member,
        valid_from=start,
        valid_until=add_years(start, years) - timedelta(days=1),
        note=_("Approuvé le %(date)s (avis du bureau du CREFOP du %(opinion)s)")
        % {"date": today.strftime("%d/%m/%Y"), "opinion": application.opinion_date.strftime("%d/%m/%Y")},
    )
    published = _publish_sites(application, member)
    if (
        application.applicant is not None
        and not Professional.objects.filter(user=application.applicant).exists()
    ):
        Professional.objects.create(user=application.applicant, member=member, role=ProfessionalRole.REFERENT)
    application.member, application.label, application.decided_at = member, label, timezone.now()
    text = _("Label accordé du %(start)s au %(end)s ; lieux publiés : %(sites)s.") % {
        "start": label.valid_from.strftime("%d/%m/%Y"),
        "end": label.valid_until.strftime("%d/%m/%Y"),
        "sites": ", ".join(site.name for site in published) or "—",
    }
    return _move(
        application,
        actor=user,
        to=ApplicationStatus.APPROVED,
        comment=f"{text} {comment.strip()}".strip(),
        fields=["member", "label", "decided_at"],
    )


def _member_for(application: LabellingApplication) -> Member:
    member = application.member or Member.objects.filter(siret=application.siret).first()
    if member is None:
        member = Member(
            identifier=f"siret-{application.siret}",
            slug=unique_slug(Member, application.name),
            category=MemberCategory.LABELLED,
            basis=MembershipBasis.LABELLED,
        )
    member.name, member.siret, member.active = application.name, application.siret, True
    member.website = application.website or member.website
    member.description = member.description or application.presentation
    if member.basis not in (MembershipBasis.STATUTORY, MembershipBasis.ADDED, MembershipBasis.ASSOCIATED):
        member.basis = MembershipBasis.LABELLED
    member.full_clean()
    member.save()
    return member


def _distance(a, b) -> float:
    if a.latitude is None or b.latitude is None:
        return math.inf
    return math.hypot(
        a.latitude - b.latitude, (a.longitude - b.longitude) * math.cos(math.radians(a.latitude))
    )


def _place_in_network(proposed: ProposedSite, site: Site) -> None:
    """Kind and parent of a published place: an associated centre attached to the Cité des métiers when
    asked and the département has fewer than two, else a relay point attached to the nearest associated
    centre of its département."""
    department = proposed.commune.department_id
    centres = [
        centre
        for centre in Site.objects.filter(kind=SiteKind.ASSOCIATED_CENTRE, department_code=department)
        if centre.pk != site.pk
    ]
    if proposed.wanted_kind == WantedKind.ASSOCIATED_CENTRE and len(centres) < 2:
        central = Site.objects.filter(kind=SiteKind.CENTRAL).first()
        if central is not None:
            site.kind, site.parent = SiteKind.ASSOCIATED_CENTRE, central
            return
    if not centres:
        raise LabellingError(
            _(
                "Le département %(department)s n'a pas de centre associé : le lieu « %(name)s » ne peut "
                "pas y être rattaché comme point relais. Créez d'abord le centre associé."
            )
            % {"department": department, "name": proposed.name}
        )
    site.kind, site.parent = SiteKind.RELAY_POINT, min(centres, key=lambda centre: _distance(site, centre))


def _publish_sites(application: LabellingApplication, member: Member) -> list[Site]:
    published = []
    for proposed in application.sites.select_related("commune", "site").prefetch_related("audiences"):
        site = proposed.site
        new = site is None
        if new:
            slug = unique_slug(Site, f"{proposed.name} {proposed.commune.name}")
            site = Site(identifier=f"labellise-{slug}"[:80], slug=slug, member=member)
        if new or (site.address, site.commune_id) != (proposed.address, proposed.commune_id):
            site.latitude, site.longitude, site.coordinates_approximate = geocode(
                proposed.address, proposed.postcode, proposed.commune
            )
        site.member = member
        for field in (
            "name",
            "address",
            "postcode",
            "phone",
            "email",
            "opening_hours",
            "hours_note",
            "accessibility",
        ):
            setattr(site, field, getattr(proposed, field))
        site.commune = proposed.commune
        site.published = True
        if new or site.kind not in (SiteKind.RELAY_POINT, SiteKind.ASSOCIATED_CENTRE):
            _place_in_network(proposed, site)
        try:
            site.full_clean()
        except ValidationError as error:
            raise LabellingError(
                _("Le lieu « %(name)s » ne peut pas être publié : %(errors)s")
                % {"name": proposed.name, "errors": " ".join(error.messages)}
            ) from error
        site.save()
        if new:
            audiences = list(proposed.audiences.all())
            for level in proposed.levels:
                offer = ServiceOffer.objects.create(site=site, level=level)
                offer.audiences.set(audiences)
            proposed.site = site
            proposed.save(update_fields=["site"])
        published.append(site)
    site_index_refresh(sites=published)
    coverage_refresh_later()  # equal access (the member may be active again too), once the approval commits
    return published


# --- E-mails --------------------------------------------------------------------------------------


def applicant_addresses(application: LabellingApplication) -> list[str]:
    addresses = []
    for address in (application.applicant.email if application.applicant else "", application.contact_email):
        if address and address.lower() not in {known.lower() for known in addresses}:
            addresses.append(address)
    return addresses


def _notify(application_id: int, change_id: int) -> None:
    application = LabellingApplication.objects.select_related("applicant", "label").get(pk=application_id)
    change = StatusChange.objects.get(pk=change_id)
    recipients = applicant_addresses(application)
    if not recipients:
        return
    context = {
        "application": application,
        "change": change,
        "status": ApplicationStatus(change.to_status).label,
        "link": settings.PORTAL_URL + reverse("pro:labelling"),
        "portal_name": settings.PORTAL_NAME,
    }
    send_mail(
        _("Votre candidature à la labellisation SPRO : %(status)s") % {"status": context["status"]},
        render_to_string("labelling/email/status_change.txt", context),
        None,
        recipients,
    )


# --- Label expiry (`manage.py labels_expiring`, daily) ---------------------------------------------

REMINDER_DAYS = (90, 30)


@dataclasses.dataclass
class ExpiryReport:
    reminders: list[tuple[Label, int]] = dataclasses.field(
        default_factory=list
    )  # (label, days before its end)
    expired: list[Label] = dataclasses.field(default_factory=list)
    unpublished: list[Site] = dataclasses.field(default_factory=list)


def _latest_ends() -> dict[int, date]:
    return dict(
        Label.objects.values("member_id").annotate(end=Max("valid_until")).values_list("member_id", "end")
    )


def label_addresses(label: Label) -> list[str]:
    """Who hears about a label: the account that obtained it, its contact, the member's référents."""
    addresses = []
    application = LabellingApplication.objects.filter(label=label).select_related("applicant").first()
    if application is not None:
        addresses += applicant_addresses(application)
    addresses += Professional.objects.filter(
        member_id=label.member_id, role=ProfessionalRole.REFERENT, user__is_active=True
    ).values_list("user__email", flat=True)
    return list(dict.fromkeys(address.lower() for address in addresses if address))


def _send_label_mail(label: Label, template: str, subject: str, **context) -> None:
    recipients = label_addresses(label)
    if not recipients:
        return
    context.update(
        label=label,
        renew_link=settings.PORTAL_URL + reverse("labelling:apply"),
        portal_name=settings.PORTAL_NAME,
    )
    send_mail(subject, render_to_string(template, context), None, recipients)


def labels_expiring(*, today: date | None = None, dry_run: bool = False) -> ExpiryReport:
    """Remind the labelled structures 90 and 30 days before their label ends (once each, also when a day
    was missed), and at the end unpublish the places the label brought. A label followed by a newer one
    of the same member (renewed) is left alone. Each label is handled in its own transaction, its e-mail
    sent before it is marked: a failed run is resumed by the next."""
    today = today or timezone.localdate()
    report = ExpiryReport()
    latest = _latest_ends()
    soon = Label.objects.valid(today).filter(valid_until__lte=today + timedelta(days=max(REMINDER_DAYS)))
    for label in soon.select_related("member").order_by("valid_until", "pk"):
        if latest[label.member_id] > label.valid_until:
            continue  # renewed
        left = (label.valid_until - today).days
        due = [
            days for days in REMINDER_DAYS if left <= days and getattr(label, f"reminded_{days}_on") is None
        ]
        if not due:
            continue
        days = min(due)  # a missed 90-day reminder is not sent after the 30-day one
        report.reminders.append((label, days))
        if dry_run:
            continue
        with transaction.atomic():
            _send_label_mail(
                label,
                "labelling/email/label_reminder.txt",
                _("Votre label SPRO prend fin le %(date)s")
                % {"date": label.valid_until.strftime("%d/%m/%Y")},
                days_left=left,
            )
            for reminder in due:
                setattr(label, f"reminded_{reminder}_on", today)
            label.save(update_fields=[f"reminded_{reminder}_on" for reminder in due])
    ended = Label.objects.filter(valid_until__lt=today, expired_on__isnull=True).select_related("member")
    for label in ended.order_by("valid_until", "pk"):
        if latest[label.member_id] > label.valid_until:
            label.expired_on = today  # renewed: nothing to unpublish
            if not dry_run:
                label.save(update_fields=["expired_on"])
            continue
        sites = list(
            Site.objects.filter(
                pk__in=ProposedSite.objects.filter(application__label=label).values("site"), published=True
            )
        )
        report.expired.append(label)
        report.unpublished += sites
        if dry_run:
            continue
        with transaction.atomic():
            Site.objects.filter(pk__in=[site.pk for site in sites]).update(
                published=False, updated_at=timezone.now()
            )
            if sites:
                coverage_refresh_later()  # equal access, once this label's transaction commits
            _send_label_mail(
                label,
                "labelling/email/label_expired.txt",
                _("Votre label SPRO a pris fin le %(date)s")
                % {"date": label.valid_until.strftime("%d/%m/%Y")},
                sites=sites,
            )
            label.expired_on = today
            label.save(update_fields=["expired_on"])
    return report
