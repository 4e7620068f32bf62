"""A demo labelling application (`manage.py load_demo`): an association of Lavaur (Tarn) has applied for
the label and waits for the Region's review, so that the admin's queue has something to show."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from structures.enums import AccessibilityFeature, ServiceLevel
from structures.models import Audience, Commune

from . import services
from .enums import AttachmentKind, LegalForm, WantedKind
from .models import Criterion, LabellingApplication, ProposedSite

DEMO_APPLICANT = "candidat@demo.invalid"
DEMO_APPLICANT_DESCRIPTION = "association candidate à la labellisation (candidature déposée)"
# A minimal valid PDF: the demo's statutes and activity report.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def demo_load(password: str, stats: Counter | None = None) -> None:
    """Create the demo applicant (password `password`) and their submitted application, once: an
    application already made by the account (whatever became of it in the admin) is left as it is."""
    stats = stats if stats is not None else Counter()
    users = get_user_model().objects
    user = users.filter(email__iexact=DEMO_APPLICANT).first()
    if user is None:
        user = users.create_user(
            username=DEMO_APPLICANT,
            email=DEMO_APPLICANT,
            password=password,
            first_name="Inès",
            last_name="Moreau",
        )
        stats["created"] += 1
    if LabellingApplication.objects.filter(applicant=user).exists():
        return
    lavaur = Commune.objects.get(code="81140")
    application = services.application_start(user=user)
    application = services.application_update(
        application=application,
        user=user,
        values={
            "name": "Association Trait d'Union Lavaur",
            "siret": "42424242400002",
            "legal_form": LegalForm.ASSOCIATION,
            "address": "3 place du Plô",
            "postcode": "81500",
            "commune": lavaur,
            "website": "https://trait-d-union.demo.invalid",
            "presentation": (
                "Association d'éducation populaire : accueil des jeunes et des adultes du Pays de Cocagne, "
                "information sur les métiers et les formations, ateliers numériques."
            ),
            "contact_name": "Inès Moreau",
            "contact_email": DEMO_APPLICANT,
            "contact_phone": "05 99 00 00 81",
        },
    )
    proposed = ProposedSite(
        name="Point information métiers de Lavaur",
        wanted_kind=WantedKind.RELAY_POINT,
        address="3 place du Plô",
        postcode="81500",
        commune=lavaur,
        phone="05 99 00 00 81",
        opening_hours="Tu-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
        levels=[ServiceLevel.INFORMATION],
        accessibility=[AccessibilityFeature.WHEELCHAIR],
    )
    audiences = Audience.objects.filter(slug__in=["jeunes", "tous-publics"])
    services.proposed_site_save(application=application, user=user, proposed=proposed, audiences=audiences)
    services.answers_save(
        application=application,
        user=user,
        answers={
            criterion.pk: {
                "commitment": True,
                "explanation": f"Nous respectons ce critère ({criterion.title.lower()}) depuis 2019.",
                "evidence": "",
            }
            for criterion in Criterion.objects.active()
        },
    )
    for kind, name in [
        (AttachmentKind.STATUTES, "statuts.pdf"),
        (AttachmentKind.ACTIVITY_REPORT, "rapport-2025.pdf"),
    ]:
        upload = SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")
        services.attachment_add(application=application, user=user, upload=upload, kind=kind)
    services.application_submit(application=application, user=user)
    stats["created"] += 1
