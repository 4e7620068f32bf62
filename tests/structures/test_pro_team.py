"""A référent manages the member's team: roles, places, accounts."""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format

from structures.models import Professional
from tests.factories import PASSWORD, ProfessionalFactory, SiteFactory


def manage(client, person, **data):
    values = {"role": person.role, "active": "on"}
    values.update(data)
    return client.post(f"/espace-pro/equipe/{person.pk}/", {k: v for k, v in values.items() if v is not None})


def test_a_referent_limits_a_colleague_to_a_place_and_promotes_them(client):
    referent = ProfessionalFactory(referent=True)
    colleague = ProfessionalFactory(member=referent.member)
    mine, other = SiteFactory(member=referent.member), SiteFactory(member=referent.member)
    client.force_login(referent.user)
    assert f"/espace-pro/equipe/{colleague.pk}/" in client.get("/espace-pro/equipe/").content.decode()
    response = manage(client, colleague, role="referent", sites=[mine.pk])
    assert response.status_code == 302
    colleague = Professional.objects.get(pk=colleague.pk)
    assert colleague.role == "referent" and list(colleague.sites.all()) == [mine]
    client.force_login(colleague.user)
    assert client.get(f"/espace-pro/lieux/{other.slug}/modifier/").status_code == 403


def test_a_deactivated_account_can_no_longer_log_in(client):
    referent = ProfessionalFactory(referent=True)
    colleague = ProfessionalFactory(member=referent.member)
    client.force_login(referent.user)
    manage(client, colleague, active=None)
    client.logout()
    response = client.post("/espace-pro/connexion/", {"username": colleague.user.email, "password": PASSWORD})
    assert response.status_code == 200
    page = client.get("/espace-pro/annuaire/", {"q": colleague.user.last_name})
    assert page.status_code == 302  # logged out


def test_a_deactivated_account_shows_when_it_will_be_deleted_until_it_is_reactivated(client):
    referent = ProfessionalFactory(referent=True)
    colleague = ProfessionalFactory(member=referent.member)
    client.force_login(referent.user)
    assert "sera supprimé" not in client.get(f"/espace-pro/equipe/{colleague.pk}/").content.decode()

    manage(client, colleague, active=None)

    colleague.refresh_from_db()
    assert colleague.deactivated_at is not None
    erased = timezone.localdate(colleague.deactivated_at + timedelta(days=365))
    page = client.get(f"/espace-pro/equipe/{colleague.pk}/").content.decode()
    assert f"Ce compte sera supprimé avec ses données le {date_format(erased, 'j F Y')}" in page

    manage(client, colleague)  # reactivated: kept again, the year starts over at the next deactivation

    colleague.refresh_from_db()
    assert colleague.user.is_active and colleague.deactivated_at is None
    assert "sera supprimé" not in client.get(f"/espace-pro/equipe/{colleague.pk}/").content.decode()


def test_an_account_deactivated_in_the_admin_is_dated_too():
    colleague = ProfessionalFactory()
    colleague.user.is_active = False
    colleague.user.save()
    colleague.refresh_from_db()
    first = colleague.deactivated_at
    assert first is not None

    colleague.user.save()  # saved again while inactive: the date stays
    colleague.user.save(update_fields=["last_login"])
    colleague.refresh_from_db()
    assert colleague.deactivated_at == first


def test_nobody_demotes_or_deactivates_themselves(client):
    referent = ProfessionalFactory(referent=True)
    client.force_login(referent.user)
    response = manage(client, referent, role="conseiller")
    assert response.status_code == 200
    assert "votre propre rôle" in response.content.decode()
    referent.refresh_from_db()
    assert referent.role == "referent"


def test_places_of_another_member_cannot_be_chosen(client):
    referent = ProfessionalFactory(referent=True)
    colleague = ProfessionalFactory(member=referent.member)
    foreign = SiteFactory()
    client.force_login(referent.user)
    response = manage(client, colleague, sites=[foreign.pk])
    assert response.status_code == 200
    assert not colleague.sites.exists()


def test_conseillers_and_other_members_cannot_manage(client):
    colleague = ProfessionalFactory()
    client.force_login(ProfessionalFactory(member=colleague.member).user)  # a conseiller of the same member
    assert client.get(f"/espace-pro/equipe/{colleague.pk}/").status_code == 403
    client.force_login(ProfessionalFactory(referent=True).user)  # a référent of another member
    assert manage(client, colleague, role="referent").status_code == 403
    colleague.refresh_from_db()
    assert colleague.role == "conseiller"
