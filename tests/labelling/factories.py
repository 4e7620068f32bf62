"""Applications in a given state, built through the services (as the pages would)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from labelling import services
from labelling.enums import AttachmentKind, LegalForm, WantedKind
from labelling.models import Criterion, LabellingApplication, ProposedSite
from structures.models import Audience
from tests.factories import UserFactory, commune

VALID_SIRET = "73282932000074"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="statuts.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def draft(applicant=None, **values) -> LabellingApplication:
    """An empty draft of a new account (or `applicant`)."""
    applicant = applicant or UserFactory()
    application = services.application_start(user=applicant)
    if values:
        application = services.application_update(application=application, user=applicant, values=values)
    return application


def complete_draft(
    applicant=None, *, commune_code="81004", name="Association Cap Avenir"
) -> LabellingApplication:
    """A draft with everything a submission needs: organisation, one relay point in Albi, every criterion
    committed and explained, statutes and activity report."""
    application = draft(
        applicant,
        name=name,
        siret=VALID_SIRET,
        legal_form=LegalForm.ASSOCIATION,
        address="12 rue de la République",
        postcode="81000",
        commune=commune(commune_code),
        presentation="Accueil et information des jeunes et des adultes sur les métiers.",
        contact_name="Claire Martin",
        contact_email="claire.martin@cap-avenir.invalid",
    )
    user = application.applicant
    proposed = ProposedSite(
        name="Point relais Cap Avenir",
        wanted_kind=WantedKind.RELAY_POINT,
        address="12 rue de la République",
        postcode="81000",
        commune=commune(commune_code),
        opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        levels=["accueil_information"],
    )
    services.proposed_site_save(
        application=application, user=user, proposed=proposed, audiences=Audience.objects.all()[:2]
    )
    services.answers_save(
        application=application,
        user=user,
        answers={
            criterion.pk: {
                "commitment": True,
                "explanation": f"Engagement : {criterion.title}.",
                "evidence": "",
            }
            for criterion in Criterion.objects.active()
        },
    )
    services.attachment_add(application=application, user=user, upload=pdf(), kind=AttachmentKind.STATUTES)
    services.attachment_add(
        application=application, user=user, upload=pdf("rapport.pdf"), kind=AttachmentKind.ACTIVITY_REPORT
    )
    application.refresh_from_db()
    return application


def submitted(applicant=None, **kwargs) -> LabellingApplication:
    application = complete_draft(applicant, **kwargs)
    services.application_submit(application=application, user=application.applicant)
    application.refresh_from_db()
    return application


def under_review(instructor, **kwargs) -> LabellingApplication:
    application = submitted(**kwargs)
    services.application_assign(application=application, user=instructor)
    application.refresh_from_db()
    return application


def with_opinion(instructor, **kwargs) -> LabellingApplication:
    application = under_review(instructor, **kwargs)
    services.application_record_opinion(
        application=application, user=instructor, opinion="favorable", opinion_date=timezone.localdate()
    )
    application.refresh_from_db()
    return application
