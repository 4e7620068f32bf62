"""The applicant's application pages (`/labellisation/candidater/…`): the landing page, the account, the
steps saved as a draft, the checks of what is typed and uploaded, the submission, and who may see what."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from labelling import services
from labelling.enums import ApplicationStatus, AttachmentKind, LegalForm, WantedKind
from labelling.models import Attachment, Criterion, LabellingApplication, ProposedSite, StatusChange
from structures.models import Audience, Professional
from tests.factories import PASSWORD, ProfessionalFactory, SiteFactory, UserFactory, commune

from .factories import VALID_SIRET, complete_draft, draft, pdf, submitted, with_opinion

APPLY = "/labellisation/candidater/"
ACCOUNT = APPLY + "compte/"
ORGANISATION = APPLY + "organisation/"
SITES = APPLY + "lieux/"
CRITERIA = APPLY + "criteres/"
ATTACHMENTS = APPLY + "pieces/"
SUBMIT = APPLY + "depot/"
STEP_PAGES = [ORGANISATION, SITES, CRITERIA, ATTACHMENTS, SUBMIT]


@pytest.fixture
def application():
    return draft()


@pytest.fixture
def applicant_client(client, application):
    client.force_login(application.applicant)
    return client


def organisation_data(**changes):
    data = {
        "name": "Association Cap Avenir",
        "siret": "732 829 320 00074",
        "legal_form": LegalForm.ASSOCIATION,
        "address": "12 rue de la République",
        "postcode": "81000",
        "commune_text": "81000",
        "website": "cap-avenir.invalid",
        "presentation": "Accueil des jeunes.",
        "contact_name": "Claire Martin",
        "contact_email": "claire.martin@cap-avenir.invalid",
        "contact_phone": "05 63 00 00 00",
        "enregistrer": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def site_data(**changes):
    audiences = list(Audience.objects.active().values_list("pk", flat=True)[:2])
    data = {
        "lieu-name": "Point relais du centre",
        "lieu-wanted_kind": WantedKind.RELAY_POINT,
        "lieu-address": "3 place du Vigan",
        "lieu-postcode": "81000",
        "lieu-commune_text": "Albi",
        "lieu-phone": "",
        "lieu-email": "",
        "lieu-levels": ["accueil_information", "conseil"],
        "lieu-audiences": audiences,
        "lieu-accessibility": ["fauteuil-roulant"],
        "horaires-mode": "jours",
        "horaires-closed_on_public_holidays": "on",
        "horaires-expert": "",
        "horaires-hours_note": "",
        "enregistrer": "",
    }
    for day in range(5):
        data.update(
            {
                f"horaires-d{day}_start1": "09:00",
                f"horaires-d{day}_end1": "12:00",
                f"horaires-d{day}_start2": "14:00",
                f"horaires-d{day}_end2": "17:00",
            }
        )
    data.update(changes)
    return data


def criteria_data(application, **changes):
    data = {"enregistrer": ""}
    for criterion in Criterion.objects.active():
        data[f"c{criterion.pk}_commitment"] = "on"
        data[f"c{criterion.pk}_explanation"] = f"Notre pratique : {criterion.title}."
        data[f"c{criterion.pk}_evidence"] = ""
    data.update(changes)
    return data


def approved(centre_commune="81004"):
    """An application approved through the services (its relay point has an associated centre)."""
    SiteFactory(associated_centre=True, commune=commune(centre_commune))
    instructor = UserFactory(is_staff=True, is_superuser=True)
    application = with_opinion(instructor)
    services.application_approve(application=application, user=instructor)
    application.refresh_from_db()
    return application


# --- Landing page and account --------------------------------------------------------------------


def test_landing_page_sets_no_cookie_for_an_anonymous_visitor(client):
    response = client.get(APPLY)
    assert response.status_code == 200
    assert response.cookies == {}
    page = response.content.decode()
    assert 'href="/labellisation/candidater/compte/"' in page
    assert 'href="/espace-pro/connexion/?next=/labellisation/candidater/"' in page
    assert "csrfmiddlewaretoken" not in page


def test_labelling_home_links_to_the_landing_page(client):
    page = client.get("/labellisation/").content.decode()
    assert 'href="/labellisation/candidater/"' in page
    assert "Déposer une candidature" in page


def test_a_signed_in_user_starts_a_draft_from_the_landing_page(client):
    user = UserFactory()
    client.force_login(user)
    assert "Commencer une nouvelle candidature" in client.get(APPLY).content.decode()
    response = client.post(APPLY)
    assert response.status_code == 302 and response["Location"] == ORGANISATION
    application = LabellingApplication.objects.get(applicant=user)
    assert application.status == ApplicationStatus.DRAFT
    assert application.contact_email == user.email


def test_the_landing_page_continues_the_application_in_progress(applicant_client, application):
    page = applicant_client.get(APPLY).content.decode()
    assert "Continuer ma candidature" in page
    applicant_client.post(APPLY)
    assert LabellingApplication.objects.filter(applicant=application.applicant).count() == 1


def test_creating_an_account_logs_in_and_opens_a_draft_without_a_professional(client):
    response = client.post(
        ACCOUNT,
        {
            "last_name": "Martin",
            "first_name": "Claire",
            "email": "Claire.Martin@cap-avenir.invalid",
            "password1": "une phrase de passe solide",
            "password2": "une phrase de passe solide",
        },
    )
    assert response.status_code == 302 and response["Location"] == ORGANISATION
    user = get_user_model().objects.get(email="Claire.Martin@cap-avenir.invalid")
    assert user.check_password("une phrase de passe solide")
    assert not Professional.objects.filter(user=user).exists()
    assert LabellingApplication.objects.get(applicant=user).status == ApplicationStatus.DRAFT
    assert client.get(ORGANISATION).status_code == 200  # logged in


def test_an_address_that_has_an_account_in_any_case_cannot_create_another(client):
    UserFactory(email="claire.martin@cap-avenir.invalid")
    response = client.post(
        ACCOUNT,
        {
            "last_name": "Martin",
            "first_name": "Claire",
            "email": "CLAIRE.MARTIN@Cap-Avenir.invalid",
            "password1": "une phrase de passe solide",
            "password2": "une phrase de passe solide",
        },
    )
    assert response.status_code == 200
    assert "Un compte existe déjà pour cette adresse" in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="claire.martin@cap-avenir.invalid").count() == 1


def test_an_account_needs_the_same_strong_password_twice(client):
    data = {"last_name": "Martin", "first_name": "Claire", "email": "claire@cap-avenir.invalid"}
    response = client.post(ACCOUNT, {**data, "password1": "court", "password2": "court"})
    assert "Ce mot de passe est trop court" in response.content.decode()
    response = client.post(
        ACCOUNT, {**data, "password1": "une phrase de passe solide", "password2": "une autre phrase"}
    )
    assert "Les deux mots de passe ne sont pas identiques." in response.content.decode()
    assert not get_user_model().objects.filter(email="claire@cap-avenir.invalid").exists()


def test_the_step_pages_ask_an_anonymous_visitor_to_log_in(client):
    for url in STEP_PAGES:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/espace-pro/connexion/?next=")


def test_the_step_pages_send_an_account_without_application_to_the_landing_page(client):
    client.force_login(UserFactory())
    response = client.get(SITES)
    assert response.status_code == 302 and response["Location"] == APPLY


# --- The steps -----------------------------------------------------------------------------------


def test_the_organisation_step_saves_the_draft_and_shows_it_again(applicant_client, application):
    response = applicant_client.post(ORGANISATION, organisation_data())
    assert response.status_code == 302 and response["Location"] == ORGANISATION
    application.refresh_from_db()
    assert application.siret == VALID_SIRET  # spaces removed
    assert application.commune == commune("81004")  # Albi, from its postcode
    assert application.website == "https://cap-avenir.invalid"
    assert application.status == ApplicationStatus.DRAFT
    page = applicant_client.get(ORGANISATION).content.decode()
    assert "Organisation enregistrée." in page
    assert 'value="Association Cap Avenir"' in page
    assert 'value="Albi 81004"' in page
    assert '<nav class="steps" aria-label="Étapes de la candidature">' in page
    assert f'<a href="{ORGANISATION}" aria-current="step">' in page


def test_an_invalid_siret_is_refused_in_french_and_nothing_is_saved(applicant_client, application):
    response = applicant_client.post(ORGANISATION, organisation_data(siret="732 829 320 00075"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce SIRET n&#39;est pas valide (clé de contrôle)" in page
    assert 'href="#id_siret"' in page  # the error summary links to the field
    application.refresh_from_db()
    assert (application.name, application.siret) == ("", "")


def test_save_and_continue_goes_to_the_next_step(applicant_client):
    response = applicant_client.post(ORGANISATION, organisation_data(continuer="", enregistrer=None))
    assert response["Location"] == SITES


def test_an_unknown_commune_is_refused_on_its_field(applicant_client, application):
    response = applicant_client.post(ORGANISATION, organisation_data(commune_text="Nullepartville"))
    assert "Aucune commune ne correspond à « Nullepartville »" in response.content.decode()
    application.refresh_from_db()
    assert application.name == ""


def test_a_proposed_place_is_added_with_its_hours_and_shown_again(applicant_client, application):
    response = applicant_client.post(SITES, site_data())
    assert response.status_code == 302 and response["Location"] == SITES
    proposed = ProposedSite.objects.get(application=application)
    assert proposed.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    assert proposed.commune == commune("81004")
    assert proposed.levels == ["accueil_information", "conseil"]
    assert proposed.accessibility == ["fauteuil-roulant"]
    assert proposed.audiences.count() == 2
    page = applicant_client.get(SITES).content.decode()
    assert "Point relais du centre" in page and "Mo-Fr 09:00-12:00,14:00-17:00; PH off" in page


def test_unreadable_hours_are_refused_on_their_field_and_no_place_is_added(applicant_client, application):
    data = site_data(**{"horaires-mode": "expert", "horaires-expert": "du lundi au vendredi"})
    response = applicant_client.post(SITES, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Horaires « du lundi au vendredi » illisibles" in page
    assert 'href="#id_horaires-expert"' in page
    assert not ProposedSite.objects.filter(application=application).exists()


def test_a_proposed_place_is_changed_then_deleted(applicant_client, application):
    applicant_client.post(SITES, site_data())
    proposed = ProposedSite.objects.get(application=application)
    url = f"{SITES}{proposed.pk}/"
    page = applicant_client.get(url).content.decode()
    assert 'value="Point relais du centre"' in page and 'value="09:00"' in page
    response = applicant_client.post(url, site_data(**{"lieu-name": "Antenne de Lescure"}))
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.name == "Antenne de Lescure"
    response = applicant_client.post(url, {"supprimer": ""})
    assert response.status_code == 302 and response["Location"] == SITES
    assert not ProposedSite.objects.filter(application=application).exists()


def test_criteria_answers_are_saved_and_shown_again(applicant_client, application):
    criterion = Criterion.objects.active().first()
    response = applicant_client.post(CRITERIA, criteria_data(application))
    assert response.status_code == 302
    answer = application.answers.get(criterion=criterion)
    assert answer.commitment and answer.explanation == f"Notre pratique : {criterion.title}."
    page = applicant_client.get(CRITERIA).content.decode()
    assert "Nous nous engageons à respecter ce critère" in page
    assert f"Notre pratique : {criterion.title}." in page.replace("&#39;", "'")
    assert criterion.description.replace("'", "&#39;") in page


def test_a_document_is_uploaded_listed_and_downloaded_by_the_applicant(applicant_client, application):
    response = applicant_client.post(
        ATTACHMENTS, {"kind": AttachmentKind.STATUTES, "criterion": "", "file": pdf(), "enregistrer": ""}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=application)
    assert (attachment.kind, attachment.original_name, attachment.content_type) == (
        "statuts",
        "statuts.pdf",
        "application/pdf",
    )
    page = applicant_client.get(ATTACHMENTS).content.decode()
    download = f"{ATTACHMENTS}{attachment.pk}/telecharger/"
    assert f'href="{download}"' in page
    response = applicant_client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_disguised_upload_is_refused_in_french_and_nothing_is_stored(applicant_client, application):
    from django.conf import settings

    before = sorted(p for p in settings.PRIVATE_FILES_ROOT.rglob("*") if p.is_file())
    upload = SimpleUploadedFile("statuts.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = applicant_client.post(
        ATTACHMENTS, {"kind": AttachmentKind.STATUTES, "criterion": "", "file": upload, "enregistrer": ""}
    )
    assert response.status_code == 200
    assert "Le contenu du fichier ne correspond pas à son nom (pdf)" in response.content.decode()
    assert not Attachment.objects.exists()
    assert sorted(p for p in settings.PRIVATE_FILES_ROOT.rglob("*") if p.is_file()) == before


def test_a_document_is_deleted(applicant_client, application):
    attachment = services.attachment_add(
        application=application, user=application.applicant, upload=pdf(), kind=AttachmentKind.STATUTES
    )
    response = applicant_client.post(ATTACHMENTS, {"supprimer": str(attachment.pk)})
    assert response.status_code == 302
    assert not Attachment.objects.exists()


# --- Submission ----------------------------------------------------------------------------------


def test_submitting_an_incomplete_application_lists_what_is_missing_and_changes_nothing(
    applicant_client, application
):
    response = applicant_client.post(SUBMIT, {"comment": "", "deposer": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "La candidature est incomplète" in page
    assert f'<a href="{ORGANISATION}">Un SIRET valide</a>' in page
    assert f'<a href="{SITES}">Au moins un lieu proposé</a>' in page
    assert f'<a href="{ATTACHMENTS}">La pièce « Statuts »</a>' in page
    assert f'<a href="{CRITERIA}">L&#39;engagement et l&#39;explication du critère' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.history.count() == 1
    assert len(mail.outbox) == 0


def test_each_missing_place_detail_links_to_the_places_step(applicant_client, application):
    proposed = ProposedSite(name="Lieu sans détails", address="1 rue", commune=commune("81004"))
    services.proposed_site_save(
        application=application, user=application.applicant, proposed=proposed, audiences=[]
    )
    page = applicant_client.get(SUBMIT).content.decode()
    for what in ("horaires", "services", "publics"):
        assert f'<a href="{SITES}">Les {what} du lieu « Lieu sans détails »</a>' in page
    assert f'<a href="{ORGANISATION}">La forme juridique</a>' in page


def test_the_submit_button_is_disabled_while_something_is_missing(applicant_client):
    page = applicant_client.get(SUBMIT).content.decode()
    assert 'name="deposer" disabled' in page


def test_a_complete_application_is_submitted_recorded_and_emailed(client):
    application = complete_draft()
    client.force_login(application.applicant)
    assert 'name="deposer" disabled' not in client.get(SUBMIT).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(SUBMIT, {"comment": "Merci de votre attention.", "deposer": ""})
    assert response.status_code == 302 and response["Location"] == "/espace-pro/labellisation/"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_at
    change = application.history.last()
    assert (change.from_status, change.to_status, change.comment) == (
        "brouillon",
        "deposee",
        "Merci de votre attention.",
    )
    assert len(mail.outbox) == 1 and application.applicant.email in mail.outbox[0].to


def test_the_steps_are_read_only_after_submission_and_a_post_changes_nothing(client):
    application = submitted()
    client.force_login(application.applicant)
    page = client.get(ORGANISATION).content.decode()
    assert "elle ne peut plus être modifiée" in page
    assert 'name="name"' not in page and "Association Cap Avenir" in page
    assert 'href="/espace-pro/labellisation/"' in page
    response = client.post(ORGANISATION, organisation_data(name="Autre nom"))
    assert response.status_code == 302
    proposed = application.sites.get()
    client.post(f"{SITES}{proposed.pk}/", {"supprimer": ""})
    client.post(ATTACHMENTS, {"supprimer": str(application.attachments.first().pk)})
    application.refresh_from_db()
    assert application.name == "Association Cap Avenir"
    assert application.sites.count() == 1 and application.attachments.count() == 2
    assert "elle ne peut plus être modifiée" in client.get(ORGANISATION).content.decode()


# --- Someone else's application ------------------------------------------------------------------


def test_another_account_cannot_see_change_or_download_an_application(client):
    application = complete_draft()
    proposed = application.sites.get()
    attachment = application.attachments.first()
    client.force_login(draft().applicant)  # another account, with its own draft
    assert client.get(f"{SITES}{proposed.pk}/").status_code == 404
    assert client.post(f"{SITES}{proposed.pk}/", {"supprimer": ""}).status_code == 404
    assert client.get(f"{ATTACHMENTS}{attachment.pk}/telecharger/").status_code == 404
    assert client.post(ATTACHMENTS, {"supprimer": str(attachment.pk)}).status_code == 404
    assert "Association Cap Avenir" not in client.get(ORGANISATION).content.decode()
    assert "Association Cap Avenir" not in client.get("/espace-pro/labellisation/").content.decode()
    assert application.sites.count() == 1 and application.attachments.count() == 2


def test_region_staff_do_not_download_through_the_applicant_view(staff_client):
    attachment = complete_draft().attachments.first()
    assert staff_client.get(f"{ATTACHMENTS}{attachment.pk}/telecharger/").status_code == 404


# --- Renewal -------------------------------------------------------------------------------------


def test_a_label_is_renewed_by_a_draft_prefilled_from_its_application(client):
    previous = approved()
    user = previous.applicant
    client.force_login(user)
    page = client.get(APPLY).content.decode()
    assert "Renouveler le label de Association Cap Avenir" in page
    response = client.post(APPLY, {"label": previous.label_id})
    assert response.status_code == 302 and response["Location"] == ORGANISATION
    renewal = LabellingApplication.objects.open().get(applicant=user)
    assert renewal.renewal_of_id == previous.label_id
    assert (renewal.name, renewal.siret) == ("Association Cap Avenir", VALID_SIRET)
    assert renewal.sites.get().name == "Point relais Cap Avenir"
    assert renewal.answers.filter(commitment=True).count() == Criterion.objects.active().count()
    assert "Renouvellement" in client.get(ORGANISATION).content.decode()


def test_a_label_cannot_be_renewed_by_someone_else(client):
    previous = approved()
    stranger = ProfessionalFactory(referent=True).user
    client.force_login(stranger)
    assert "Renouveler le label" not in client.get(APPLY).content.decode()
    response = client.post(APPLY, {"label": previous.label_id}, follow=True)
    assert "Seuls les référents de la structure labellisée" in response.content.decode()
    assert not LabellingApplication.objects.filter(applicant=stranger).exists()


# --- Query counts --------------------------------------------------------------------------------


def grow(application, count):
    """`count` more places and documents, and as many history lines (saved drafts go back and forth
    only through services: the history is written directly here)."""
    user = application.applicant
    for rank in range(count):
        proposed = ProposedSite(
            name=f"Lieu {rank}",
            address="1 rue",
            postcode="81000",
            commune=commune("81004"),
            opening_hours="Mo 09:00-12:00",
            levels=["conseil"],
        )
        services.proposed_site_save(
            application=application, user=user, proposed=proposed, audiences=Audience.objects.all()[:3]
        )
        services.attachment_add(
            application=application, user=user, upload=pdf(f"piece-{rank}.pdf"), kind=AttachmentKind.OTHER
        )
        StatusChange.objects.create(
            application=application, actor=user, to_status="brouillon", at=timezone.now()
        )


@pytest.mark.parametrize("url", STEP_PAGES)
def test_the_step_pages_run_a_bounded_number_of_queries_whatever_the_application_holds(
    client, django_assert_max_num_queries, url
):
    application = complete_draft()
    client.force_login(application.applicant)
    client.get(url)  # warm the per-process caches
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    grow(application, 6)
    with django_assert_max_num_queries(16) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_logged_in_applicant_can_log_in_again_and_find_their_draft(client, application):
    response = client.post(
        "/espace-pro/connexion/?next=/labellisation/candidater/",
        {"username": application.applicant.email, "password": PASSWORD},
    )
    assert response["Location"] == APPLY
    assert "Continuer ma candidature" in client.get(APPLY).content.decode()
