"""Writes with rules or side effects on the network."""

import secrets
from collections.abc import Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail, send_mass_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import can_handle_question, professional_of
from .enums import QuestionAction, QuestionStatus
from .models import Audience, Invitation, Member, Professional, Question, QuestionEvent, Site, SiteChange
from .models.people import INVITATION_VALIDITY
from .selectors.questions import question_recipients
from .text import fold

ALL_PUBLICS = "tous-publics"


def _site_search_text(site: Site) -> str:
    parts = [
        site.get_kind_display(),
        site.member.name,
        site.member.acronym,
        site.commune.name,
        site.postcode,
        site.address,
    ]
    for service in site.services.all():
        parts.append(service.get_level_display())
        parts.append(service.description)
        parts.extend(term.label for term in service.audiences.all())
        parts.extend(term.label for term in service.schemes.all())
        parts.extend(term.label for term in service.projects.all())
    for permanence in site.permanences.all():
        parts.extend([permanence.member.name, permanence.member.acronym])
    return fold(" ".join(part for part in parts if part))


@transaction.atomic
def site_index_refresh(*, sites: Iterable[Site] | None = None) -> int:
    """Rebuild the search columns (folded text, public/scheme/project ids) of these sites (default: all).

    A site open to "tous publics" is listed under every public: it welcomes them all.
    """
    queryset = (
        Site.objects.all() if sites is None else Site.objects.filter(pk__in=[site.pk for site in sites])
    )
    queryset = queryset.select_related("member", "commune").prefetch_related(
        "services__audiences", "services__schemes", "services__projects", "permanences__member"
    )
    every_audience = sorted(Audience.objects.values_list("pk", flat=True))
    updated = []
    for site in queryset:
        audiences, schemes, projects = set(), set(), set()
        for service in site.services.all():
            audiences.update(term.pk for term in service.audiences.all())
            schemes.update(term.pk for term in service.schemes.all())
            projects.update(term.pk for term in service.projects.all())
            if any(term.slug == ALL_PUBLICS for term in service.audiences.all()):
                audiences.update(every_audience)
        site.search_name = fold(site.name)
        site.search_text = _site_search_text(site)
        site.audience_ids, site.scheme_ids, site.project_ids = (
            sorted(audiences),
            sorted(schemes),
            sorted(projects),
        )
        updated.append(site)
    Site.objects.bulk_update(
        updated, ["search_name", "search_text", "audience_ids", "scheme_ids", "project_ids"], batch_size=1000
    )
    return len(updated)


TERRITORY_REFRESH_SQL = """
UPDATE structures_site AS site
SET department_code = commune.department_id, zone_code = coalesce(commune.employment_zone_id, '')
FROM structures_commune AS commune
WHERE commune.code = site.commune_id
  AND (site.department_code, site.zone_code)
      IS DISTINCT FROM (commune.department_id, coalesce(commune.employment_zone_id, ''))
"""


def territory_refresh() -> int:
    """Copy each site's département and zone from its commune (Site.save does it for one site): after
    writes that bypass it, such as reloading the reference data or bulk loading. Returns the rows changed."""
    with connection.cursor() as cursor:
        cursor.execute(TERRITORY_REFRESH_SQL)
        return cursor.rowcount


# --- Accounts of the reserved space --------------------------------------------------------------


class InvitationError(Exception):
    """An invitation cannot be sent or accepted; the message says why, in French."""


def _user_with_email(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


@transaction.atomic
def invitation_create(
    *, email: str, first_name: str, last_name: str, member: Member, role: str, invited_by, base_url: str
) -> Invitation:
    """Invite a person to join `member`'s team: stores the invitation (a digest of its secret) and, once
    committed, e-mails them the one-time link, valid INVITATION_VALIDITY. `base_url` is the site's root
    ("https://host/"). Replaces a pending invitation of the same address."""
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    if _user_with_email(email) is not None:
        raise InvitationError(_("Un compte existe déjà pour l'adresse %(email)s.") % {"email": email})
    Invitation.objects.pending().filter(email__iexact=email).update(expires_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        member=member,
        role=role,
        invited_by=invited_by,
        token_digest=Invitation.digest(token),
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean()
    invitation.save()
    link = urljoin(base_url, reverse("pro:invitation_accept", args=[token]))
    inviter = invited_by.get_full_name() if invited_by else ""
    transaction.on_commit(lambda: _send_invitation(invitation, link, inviter))
    return invitation


def _send_invitation(invitation: Invitation, link: str, inviter: str) -> None:
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": inviter,
        "portal_name": settings.PORTAL_NAME,
        "days": INVITATION_VALIDITY.days,
    }
    send_mail(
        _("Invitation à l'espace professionnel — %(portal)s") % {"portal": settings.PORTAL_NAME},
        render_to_string("pro/email/invitation.txt", context),
        None,
        [invitation.email],
    )


def invitation_for_token(token: str) -> Invitation:
    """The invitation of a link, if it can still be accepted; else InvitationError."""
    invitation = (
        Invitation.objects.select_related("member").filter(token_digest=Invitation.digest(token)).first()
    )
    if invitation is None:
        raise InvitationError(_("Ce lien d'invitation n'est pas valide. Vérifiez qu'il est complet."))
    if invitation.accepted_at is not None:
        raise InvitationError(
            _("Cette invitation a déjà été utilisée : connectez-vous avec votre adresse e-mail.")
        )
    if invitation.is_expired:
        raise InvitationError(
            _(
                "Ce lien d'invitation a expiré. Demandez une nouvelle invitation à la personne qui vous "
                "a invité."
            )
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> Professional:
    """Create the account of an invitation with the chosen `password` (already validated by the form),
    and its professional; the link cannot be used again."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # accepted meanwhile
        raise InvitationError(
            _("Cette invitation a déjà été utilisée : connectez-vous avec votre adresse e-mail.")
        )
    if _user_with_email(invitation.email) is not None:
        raise InvitationError(
            _("Un compte existe déjà pour l'adresse %(email)s.") % {"email": invitation.email}
        )
    user = get_user_model().objects.create_user(
        username=invitation.email,
        email=invitation.email,
        password=password,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    professional = Professional.objects.create(user=user, member=invitation.member, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return professional


class AccountError(Exception):
    """An account refused; the message says why, in French."""


@transaction.atomic
def account_create(*, email: str, password: str, first_name: str, last_name: str):
    """An account of its own, without a professional (an organisation applying for the label: the
    approval makes it a référent). `password` is already validated by the form. An address names at
    most one account, in any case (a unique index of the database)."""
    email = email.strip()
    message = _("Un compte existe déjà pour l'adresse %(email)s : connectez-vous.") % {"email": email}
    if _user_with_email(email) is not None:
        raise AccountError(message)
    try:
        with transaction.atomic():
            return get_user_model().objects.create_user(
                username=email,
                email=email,
                password=password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
            )
    except IntegrityError:  # created meanwhile
        raise AccountError(message) from None


# Region staff's groups: (name, permissions as "app_label.codename" or "app_label.*" for all of an app).
STAFF_GROUPS = {
    "Région — administration": [
        "structures.*",
        "events.*",
        "labelling.*",
        "governance.*",
        "auth.*",
        "axes.*",
        "trainings.view_*",  # imported offers: read-only for everyone (trainings.admin)
    ],
    "Région — instruction": [
        "structures.view_*",
        "events.*",
        "labelling.*",
        "trainings.view_*",
    ],
}


def staff_groups_sync() -> None:
    """Create Region staff's groups and give them their permissions (after every migration)."""
    from django.contrib.auth.models import Group, Permission

    for name, patterns in STAFF_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for pattern in patterns:
            app_label, codename = pattern.split(".")
            permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codename.endswith("*") and codename != "*":
                permissions = permissions.filter(codename__startswith=codename[:-1])
            elif codename != "*":
                permissions = permissions.filter(codename=codename)
            wanted.extend(permissions)
        group.permissions.set(wanted)


# --- Places edited in the reserved space ---------------------------------------------------------

# What a member's professionals edit of their places (the rest stays with Region staff, in the admin).
EDITABLE_SITE_FIELDS = [
    "phone",
    "free_phone",
    "email",
    "website",
    "chat_url",
    "appointment_url",
    "opening_hours",
    "hours_note",
    "accessibility",
]


@transaction.atomic
def site_update(*, site: Site, user, values: dict) -> SiteChange | None:
    """Write `values` (EDITABLE_SITE_FIELDS → new value) to `site`, public at once, and keep what
    changed, by whom and when (`SiteChange`); None when nothing changed. Raises ValidationError (the
    model's rules), and then writes nothing."""
    unknown = set(values) - set(EDITABLE_SITE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    site = Site.objects.select_for_update().get(pk=site.pk)
    changes = {}
    for name, value in values.items():
        before = getattr(site, name)
        if before != value:
            changes[name] = [before, value]
            setattr(site, name, value)
    if not changes:
        return None
    site.full_clean()
    site.save()
    site_index_refresh(sites=[site])
    return SiteChange.objects.create(site=site, user=user, changes=changes)


@transaction.atomic
def profile_update(*, user, values: dict) -> None:
    """A person's name and, for a professional, their job title, phone and what the directory shows."""
    user.first_name, user.last_name = values["first_name"].strip(), values["last_name"].strip()
    user.save(update_fields=["first_name", "last_name"])
    professional = Professional.objects.filter(user=user).first()
    if professional is not None:
        for name in ("job_title", "phone", "share_email", "share_phone"):
            setattr(professional, name, values[name])
        professional.full_clean()
        professional.save()


def _services_summary(site: Site) -> list[str]:
    """The place's services and permanences in words, for its history."""
    lines = []
    for service in site.services.prefetch_related("audiences", "schemes", "projects").order_by("pk"):
        terms = [
            term.label
            for related in (service.audiences, service.schemes, service.projects)
            for term in related.all()
        ]
        lines.append(f"{service.level_label}" + (f" ({', '.join(terms)})" if terms else ""))
    for permanence in site.permanences.select_related("member").order_by("pk"):
        lines.append(f"{_('Permanence')} {permanence.member.name} : {permanence.opening_hours}")
    return lines


@transaction.atomic
def site_services_update(*, site: Site, user, services, permanences) -> SiteChange | None:
    """Save a place's services and permanences (two valid inline formsets), index the place again
    (its publics, schemes and projects come from its services) and keep the change in its history."""
    site = Site.objects.select_for_update().get(pk=site.pk)
    before = _services_summary(site)
    services.instance = permanences.instance = site
    services.save()
    permanences.save()
    after = _services_summary(site)
    if before == after:
        return None
    Site.objects.filter(pk=site.pk).update(updated_at=timezone.now())
    site_index_refresh(sites=[site])
    return SiteChange.objects.create(site=site, user=user, changes={"services": [before, after]})


class TeamError(Exception):
    """A change of the team refused; the message says why, in French."""


@transaction.atomic
def professional_manage(*, professional: Professional, by, role: str, sites, active: bool) -> Professional:
    """Set a professional's role, the places they are limited to (none: all the member's) and whether
    their account is active. Nobody changes their own role or account (a team keeps its référent)."""
    if professional.user_id == by.pk and (role != professional.role or not active):
        raise TeamError(_("Vous ne pouvez pas changer votre propre rôle ni désactiver votre compte."))
    if any(site.member_id != professional.member_id for site in sites):
        raise TeamError(_("Ces lieux ne sont pas ceux du membre."))
    professional.role = role
    professional.full_clean()
    professional.save()
    professional.sites.set(sites)
    if professional.user.is_active != active:
        professional.user.is_active = active
        professional.user.save(update_fields=["is_active"])
    return professional


# --- Questions asked online on a place's page (`/lieux/<slug>/question/`, `/espace-pro/questions/`) --

ERASED_TEXT = "[question effacée]"


class QuestionError(Exception):
    """An action on a question refused; the message says why, in French."""


def _question_link(base_url: str, question: Question) -> str:
    return urljoin(base_url, reverse("pro:question_detail", args=[question.pk]))


@transaction.atomic
def question_ask(
    *, site: Site, email: str, text: str, name: str = "", commune=None, base_url: str
) -> Question:
    """Store a question asked on `site`'s page, addressed to its member (status new, event received).
    Once committed, e-mail the professionals who see it a link to it (not its content), and the person
    an acknowledgement that repeats neither their words nor their name (so that the form cannot be
    used to send messages to someone else). `base_url` is the site's root ("https://host/")."""
    question = Question(
        site=site,
        member_id=site.member_id,
        name=name.strip(),
        email=get_user_model().objects.normalize_email(email.strip()),
        text=text.strip(),
        commune=commune,
        status=QuestionStatus.NEW,
    )
    question.full_clean()
    question.save()
    QuestionEvent.objects.create(
        question=question, action=QuestionAction.RECEIVED, to_member_id=site.member_id
    )
    recipients = question_recipients(question)
    link = _question_link(base_url, question)
    transaction.on_commit(lambda: _send_question_received(question, recipients, link))
    return question


def _question_context(question: Question, **extra) -> dict:
    return {
        "question": question,
        "site": question.site,
        "portal_name": settings.PORTAL_NAME,
        "days": settings.PORTAL_QUESTION_RETENTION_DAYS,
        **extra,
    }


def _send_question_received(question: Question, recipients: list[str], link: str) -> None:
    context = _question_context(question, link=link)
    to_professionals = (
        _("Nouvelle question en ligne — %(site)s") % {"site": question.site.name},
        render_to_string("structures/email/question_new.txt", context),
    )
    messages = [(*to_professionals, None, [address]) for address in recipients]
    messages.append(
        (
            _("Votre question est bien arrivée — %(portal)s") % {"portal": settings.PORTAL_NAME},
            render_to_string("structures/email/question_received.txt", context),
            None,
            [question.email],
        )
    )
    send_mass_mail(messages)


def _question_to_handle(question: Question, user, closed_message: str) -> Question:
    """The question locked for an action, once `user` may act on it and it is not closed."""
    question = (
        Question.objects.select_for_update(of=("self",)).select_related("site", "member").get(pk=question.pk)
    )
    if not can_handle_question(user, question):
        raise QuestionError(
            _("Cette question est adressée à un autre membre : vous ne pouvez pas la traiter.")
        )
    if question.status == QuestionStatus.CLOSED or question.erased_at is not None:
        raise QuestionError(closed_message)
    return question


@transaction.atomic
def question_answer(*, question: Question, user, text: str, base_url: str) -> Question:
    """Answer a question: once committed, the answer is e-mailed to the person, signed with the
    member's name (and the professional's name and address, as Reply-To, when they share their
    e-mail in the directory; else replies go to the portal's no-reply address). Status answered; the
    answer is kept in the history. A professional of the question's member, or Region staff."""
    question = _question_to_handle(
        question, user, _("Cette question est close : elle ne peut plus recevoir de réponse.")
    )
    text = text.strip()
    if not text:
        raise QuestionError(_("Écrivez la réponse avant de l'envoyer."))
    question.status = QuestionStatus.ANSWERED
    question.full_clean()
    question.save()
    QuestionEvent.objects.create(question=question, action=QuestionAction.ANSWERED, actor=user, text=text)
    professional = professional_of(user)
    shared = professional is not None and professional.share_email and bool(user.email)
    context = _question_context(
        question,
        answer=text,
        signer=user.get_full_name() if shared else "",
        signer_email=user.email if shared else "",
        organisation=question.member.name if professional is not None else settings.PORTAL_REGION_NAME,
        site_link=urljoin(base_url, question.site.get_absolute_url()),
    )
    message = EmailMessage(
        _("Réponse à votre question — %(site)s") % {"site": question.site.name},
        render_to_string("structures/email/question_answer.txt", context),
        None,
        [question.email],
        reply_to=[user.email] if shared else None,
    )
    transaction.on_commit(message.send)
    return question


@transaction.atomic
def question_redirect(*, question: Question, user, to_member: Member, note: str, base_url: str) -> Question:
    """Send a question on to another member, with a note for them: it leaves the inbox of its member
    (the history stays), status redirected; once committed, the new member's professionals are told."""
    question = _question_to_handle(
        question, user, _("Cette question est close : elle ne peut plus être transmise.")
    )
    note = note.strip()
    if not note:
        raise QuestionError(_("Expliquez en une phrase pourquoi vous transmettez cette question."))
    if to_member.pk == question.member_id:
        raise QuestionError(_("Cette question est déjà adressée à ce membre."))
    if not to_member.active:
        raise QuestionError(_("Ce membre ne fait plus partie du réseau."))
    from_member = question.member
    question.member = to_member
    question.status = QuestionStatus.REDIRECTED
    question.full_clean()
    question.save()
    QuestionEvent.objects.create(
        question=question,
        action=QuestionAction.REDIRECTED,
        actor=user,
        from_member=from_member,
        to_member=to_member,
        text=note,
    )
    recipients = question_recipients(question)
    context = _question_context(question, link=_question_link(base_url, question), from_member=from_member)
    subject = _("Question en ligne transmise par %(member)s") % {"member": from_member.name}
    body = render_to_string("structures/email/question_redirected.txt", context)
    transaction.on_commit(
        lambda: send_mass_mail([(subject, body, None, [address]) for address in recipients])
    )
    return question


@transaction.atomic
def question_close(*, question: Question, user) -> Question:
    """Close a question (answered, or needing no answer): nothing more can be done with it, and its
    personal data is erased PORTAL_QUESTION_RETENTION_DAYS later (`purge_personal_data`)."""
    question = _question_to_handle(question, user, _("Cette question est déjà close."))
    question.status = QuestionStatus.CLOSED
    question.closed_at = timezone.now()
    question.full_clean()
    question.save()
    QuestionEvent.objects.create(question=question, action=QuestionAction.CLOSED, actor=user)
    return question


@transaction.atomic
def question_erase(*, question: Question, actor=None) -> bool:
    """Erase the person's data of a question (name, e-mail, text, commune, and the answers and notes
    of its history), keeping what statistics need (place, members, statuses, dates); the question is
    closed. False when it was already erased."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.erased_at is not None:
        return False
    now = timezone.now()
    question.name, question.email, question.text, question.commune = "", "", ERASED_TEXT, None
    if question.status != QuestionStatus.CLOSED:
        question.status = QuestionStatus.CLOSED
    question.closed_at = question.closed_at or now
    question.erased_at = now
    question.save()
    QuestionEvent.objects.filter(question=question).exclude(text="").update(text="")
    QuestionEvent.objects.create(question=question, action=QuestionAction.ERASED, actor=actor)
    return True
