"""Personal data: a person downloads their own data; the logs and the purge keep none beyond need."""

import json
import logging
from datetime import timedelta
from io import StringIO

from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format

from events.enums import AudienceScope
from events.services import registration_create
from structures.models import Invitation, Member, Professional, SiteChange
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, ProfessionalFactory, SiteFactory, UserFactory
from tests.labelling.factories import submitted

User = get_user_model()

URL = "/espace-pro/profil/mes-donnees/"


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/espace-pro/connexion/")


def test_my_data_is_a_json_download_of_my_account_profile_and_actions(client):
    person = ProfessionalFactory(job_title="Conseillère", phone="01 99 00 12 34")
    site = SiteFactory(member=person.member)
    SiteChange.objects.create(site=site, user=person.user, changes={"phone": ["", "01 99 00 00 01"]})
    session = EventFactory(scope=AudienceScope.PROFESSIONALS, title="Session sur la VAE")
    registration_create(event=session, professional=person)
    Invitation.objects.create(
        email="invitee@exemple.invalid", first_name="Inès", last_name="Invitée", member=person.member,
        token_digest="0" * 64, invited_by=person.user, expires_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip
    someone_else = ProfessionalFactory(job_title="Autre fonction")
    client.force_login(person.user)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-spro.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == person.user.email
    assert data["professional"]["job_title"] == "Conseillère"
    assert data["professional"]["phone"] == "01 99 00 12 34"
    assert data["site_changes"][0]["site__name"] == site.name
    assert data["session_registrations"][0]["event__title"] == "Session sur la VAE"
    assert data["invitations_sent"][0]["member__name"] == person.member.name
    body = response.content.decode()
    assert "password" not in body and person.user.password not in body
    assert someone_else.user.email not in body and "Autre fonction" not in body
    assert "invitee@exemple.invalid" not in body  # another person's data


def test_an_applicant_downloads_their_labelling_application(client):
    application = submitted(name="Association Mes Données")
    client.force_login(application.applicant)
    data = json.loads(client.get(URL).content)
    assert data["professional"] is None
    assert data["labelling_applications"][0]["name"] == "Association Mes Données"
    assert {document["original_name"] for document in data["labelling_documents"]}


def test_the_profile_page_links_to_my_data(pro_client):
    assert URL in pro_client.get("/espace-pro/profil/").content.decode()


def test_failed_and_locked_out_logins_log_neither_the_address_nor_the_ip(client, caplog):
    user = UserFactory(email="secret.person@exemple.invalid")
    with caplog.at_level(logging.DEBUG):
        for _attempt in range(6):
            client.post(
                "/espace-pro/connexion/",
                {"username": user.email, "password": "mauvais"},
                REMOTE_ADDR="203.0.113.7",
            )
        client.post("/espace-pro/connexion/", {"username": "inconnu@exemple.invalid", "password": "x"})
    assert any("AXES" in record.getMessage() for record in caplog.records)  # axes did log
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "secret.person" not in logged and "inconnu@" not in logged and "203.0.113.7" not in logged


def test_a_successful_login_logs_no_personal_data(client, caplog):
    user = UserFactory(email="quelquun@exemple.invalid")
    with caplog.at_level(logging.DEBUG):
        client.post("/espace-pro/connexion/", {"username": user.email, "password": PASSWORD})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "quelquun" not in logged and "127.0.0.1" not in logged


def test_purge_erases_old_invitations_login_records_and_expired_sessions(client):
    person = ProfessionalFactory()
    client.force_login(person.user)  # first: a login clears axes' stale attempts itself
    now = timezone.now()

    def invitation(digest, **values):
        return Invitation.objects.create(
            email=f"{digest}@exemple.invalid", first_name="A", last_name="B", member=person.member,
            token_digest=digest * 64, **{"expires_at": now + timedelta(days=7), **values},
        )  # fmt: skip

    old_expired = invitation("a", expires_at=now - timedelta(days=31))
    old_accepted = invitation("b", accepted_at=now - timedelta(days=31))
    pending = invitation("c")
    recently_expired = invitation("d", expires_at=now - timedelta(days=2))
    AccessAttempt.objects.create(
        username="x@exemple.invalid", ip_address="203.0.113.7", user_agent="", get_data="", post_data="",
        http_accept="", path_info="/", failures_since_start=1,
    )  # fmt: skip
    AccessAttempt.objects.update(attempt_time=now - timedelta(days=31))
    for days in (181, 10):
        log = AccessLog.objects.create(
            username="y", ip_address="203.0.113.8", user_agent="", http_accept="", path_info="/"
        )
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=now - timedelta(days=days))
    from django.contrib.sessions.models import Session

    Session.objects.update(expire_date=now - timedelta(days=1))

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    assert "2 invitation(s)" in out.getvalue() and "2 trace(s) de connexion" in out.getvalue()
    remaining = set(Invitation.objects.values_list("pk", flat=True))
    assert remaining == {pending.pk, recently_expired.pk}
    assert old_expired.pk not in remaining and old_accepted.pk not in remaining
    assert (
        not AccessAttempt.objects.exists() and AccessLog.objects.count() == 2
    )  # the recent one and this login's
    assert not Session.objects.exists()


def test_purge_deletes_professionals_accounts_a_year_after_their_deactivation():
    now = timezone.now()
    event = EventFactory(scope=AudienceScope.PROFESSIONALS, title="Session sur la VAE")

    def deactivated(days, **user_fields):
        person = ProfessionalFactory(user__is_active=False, **user_fields)
        Professional.objects.filter(pk=person.pk).update(deactivated_at=now - timedelta(days=days))
        return person

    gone = deactivated(366)
    registration_create(event=event, professional=gone)
    SiteChange.objects.create(site=SiteFactory(), user=gone.user, changes={})
    recent = deactivated(364)
    staff = deactivated(400, user__is_staff=True)
    active = ProfessionalFactory()

    dry = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=dry)
    assert "1 compte(s) désactivé(s) depuis plus d'un an à effacer" in dry.getvalue()
    assert User.objects.filter(pk=gone.user_id).exists()

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    assert "1 compte(s) désactivé(s) depuis plus d'un an." in out.getvalue()
    assert not User.objects.filter(pk=gone.user_id).exists()
    assert not Professional.objects.filter(pk=gone.pk).exists()
    assert not event.registrations.exists()
    assert SiteChange.objects.get().user is None  # the history stays, without the person
    kept = set(Professional.objects.values_list("pk", flat=True))
    assert kept == {recent.pk, staff.pk, active.pk}


def test_purge_deletes_professionals_accounts_a_year_after_their_member_left_the_network(client):
    now = timezone.now()
    left = ProfessionalFactory()
    left.member.active = False
    left.member.save()
    assert left.member.deactivated_at is not None
    colleague = ProfessionalFactory(member=left.member)
    recently_left = ProfessionalFactory()
    recently_left.member.active = False
    recently_left.member.save(update_fields=["active"])  # dated too
    Member.objects.filter(pk=left.member_id).update(deactivated_at=now - timedelta(days=366))
    came_back = ProfessionalFactory()
    Member.objects.filter(pk=came_back.member_id).update(deactivated_at=now - timedelta(days=400))
    came_back.member.refresh_from_db()
    came_back.member.save()  # active: undated

    client.force_login(recently_left.user)
    page = client.get("/espace-pro/").content.decode()
    erased = timezone.localdate(
        Member.objects.get(pk=recently_left.member_id).deactivated_at + timedelta(days=365)
    )
    assert f"Votre compte et ses données seront supprimés le {date_format(erased, 'j F Y')}" in page

    output = StringIO()
    call_command("purge_personal_data", stdout=output)

    assert "2 compte(s) désactivé(s) depuis plus d'un an." in output.getvalue()
    assert not User.objects.filter(pk__in=[left.user_id, colleague.user_id]).exists()
    assert Member.objects.filter(pk=left.member_id).exists()  # the member and its places stay
    assert User.objects.filter(pk__in=[recently_left.user_id, came_back.user_id]).count() == 2
    assert Member.objects.get(pk=came_back.member_id).deactivated_at is None
