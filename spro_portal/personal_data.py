"""A signed-in person's own data, downloaded on request (`/espace-pro/profil/mes-donnees/`): the
account (without its password hash), the professional's profile, and what the person did or wrote in
the portal. It wires every application's models, hence its place in the project package."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from events.models import Registration
from governance.models import DocumentVersion, SharedDocument
from labelling.models import Attachment, LabellingApplication, StatusChange
from structures.access import signed_in_view
from structures.models import Invitation, QuestionEvent, SiteChange

ACCOUNT_FIELDS = [
    "id", "username", "email", "first_name", "last_name", "is_active", "is_staff", "date_joined",
    "last_login",
]  # fmt: skip
APPLICATION_FIELDS = [
    "id", "status", "name", "siret", "legal_form", "address", "postcode", "commune_id", "website",
    "presentation", "contact_name", "contact_email", "contact_phone", "created_at", "submitted_at",
    "decided_at", "decision_reason",
]  # fmt: skip


def my_data_export(user) -> dict:
    """Everything the portal keeps about `user` and what they did, as plain JSON-ready values."""
    professional = getattr(user, "professional", None) if user.pk else None
    data = {
        "exported_at": timezone.now(),
        "account": {name: getattr(user, name) for name in ACCOUNT_FIELDS},
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "professional": None,
        "invitations_sent": list(
            Invitation.objects.filter(invited_by=user)
            .order_by("created_at")
            .values("member__name", "role", "created_at", "accepted_at")  # not the invitee's data
        ),
        "invitations_received": list(
            Invitation.objects.filter(email__iexact=user.email)
            .order_by("created_at")
            .values("member__name", "role", "created_at", "expires_at", "accepted_at")
        )
        if user.email
        else [],
        "site_changes": list(
            SiteChange.objects.filter(user=user)
            .order_by("changed_at")
            .values("site__name", "changed_at", "changes")
        ),
        "question_steps": list(
            QuestionEvent.objects.filter(actor=user)
            .order_by("at")
            .values("question_id", "action", "at", "text", "to_member__name")
        ),
        "labelling_applications": list(
            LabellingApplication.objects.filter(applicant=user)
            .order_by("created_at")
            .values(*APPLICATION_FIELDS)
        ),
        "labelling_documents": list(
            Attachment.objects.filter(uploaded_by=user)
            .order_by("uploaded_at")
            .values("application_id", "kind", "original_name", "content_type", "size", "uploaded_at")
        ),
        "labelling_steps": list(
            StatusChange.objects.filter(actor=user)
            .order_by("at")
            .values("application_id", "from_status", "to_status", "at", "comment")
        ),
        "shared_documents": list(
            SharedDocument.objects.filter(created_by=user)
            .order_by("created_at")
            .values("id", "title", "created_at")
        ),
        "document_versions": list(
            DocumentVersion.objects.filter(uploaded_by=user)
            .order_by("uploaded_at")
            .values(
                "document__title", "number", "original_name", "content_type", "size", "note", "uploaded_at"
            )
        ),
        "session_registrations": [],
    }
    if professional is not None:
        data["professional"] = {
            "member": professional.member.name,
            "role": professional.role,
            "job_title": professional.job_title,
            "phone": professional.phone,
            "share_email": professional.share_email,
            "share_phone": professional.share_phone,
            "sites": sorted(professional.sites.values_list("name", flat=True)),
            "created_at": professional.created_at,
            "updated_at": professional.updated_at,
        }
        data["session_registrations"] = list(
            Registration.objects.filter(professional=professional)
            .order_by("registered_at")
            .values("event__title", "event__start", "status", "registered_at")
        )
    return data


@signed_in_view
@require_safe
def my_data(request):
    """My data as a JSON file (right of access and portability, GDPR articles 15 and 20)."""
    body = json.dumps(my_data_export(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-spro.json"'
    response["Cache-Control"] = "private, no-store"
    return response
