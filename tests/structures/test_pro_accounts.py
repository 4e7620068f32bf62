"""The reserved space's accounts: logging in by e-mail, brute-force lockout, passwords, invitations."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from structures.enums import ProfessionalRole
from structures.models import Invitation, Professional
from tests.factories import PASSWORD, MemberFactory, ProfessionalFactory, SiteFactory, UserFactory

LOGIN = "/espace-pro/connexion/"


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_a_professional_logs_in_with_their_email_in_any_case(client, professional):
    response = log_in(client, professional.user.email.upper())
    assert response.status_code == 302 and response["Location"] == "/espace-pro/"
    page = client.get("/espace-pro/").content.decode()
    assert professional.member.name in page
    assert "Se déconnecter" in page


def test_a_wrong_password_gives_a_french_error_and_no_session(client, professional):
    response = log_in(client, professional.user.email, "pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()
    assert client.get("/espace-pro/").status_code == 302


def test_login_page_sends_back_to_the_page_asked_for(client, professional):
    response = client.get("/espace-pro/equipe/")
    assert (
        response.status_code == 302
        and response["Location"] == "/espace-pro/connexion/?next=/espace-pro/equipe/"
    )
    response = client.post(
        "/espace-pro/connexion/?next=/espace-pro/equipe/",
        {"username": professional.user.email, "password": PASSWORD, "next": "/espace-pro/equipe/"},
    )
    assert response["Location"] == "/espace-pro/equipe/"


def test_five_failures_lock_the_login_for_fifteen_minutes(client, professional):
    for _attempt in range(5):
        log_in(client, professional.user.email, "mauvais")
    response = log_in(client, professional.user.email)  # the right password, but locked out
    assert response.status_code == 429
    page = response.content.decode()
    assert "bloquée pendant 15 minutes" in page
    assert client.get("/espace-pro/").status_code == 302
    # Fifteen minutes later (the attempts made older rather than the clock moved: axes reads it
    # through several imports).
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, professional.user.email).status_code == 302


def test_the_admin_login_is_locked_out_too(client, staff_user):
    for _attempt in range(5):
        client.post("/admin/login/", {"username": staff_user.username, "password": "mauvais"})
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff_user.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "bloquée pendant 15 minutes" in response.content.decode()


def test_a_user_who_is_neither_professional_nor_staff_is_refused(client):
    client.force_login(UserFactory())
    response = client.get("/espace-pro/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_professionals_of_a_member_that_left_the_network_lose_the_reserved_space(client, professional):
    member = professional.member
    member.active = False
    member.save()
    client.force_login(professional.user)

    for path in ("/espace-pro/", "/espace-pro/annuaire/", "/espace-pro/equipe/"):
        response = client.get(path)
        assert response.status_code == 403
        page = response.content.decode()
        assert "Espace professionnel fermé" in page
        assert f"{member.name} ne fait plus partie du réseau" in page.replace("&#39;", "'")
    assert client.get("/espace-pro/profil/mes-donnees/").status_code == 200  # their data stays theirs

    member.active = True
    member.save()
    assert client.get("/espace-pro/annuaire/").status_code == 200


def test_logout_ends_the_session(pro_client):
    response = pro_client.post("/espace-pro/deconnexion/")
    assert response.status_code == 302
    assert pro_client.get("/espace-pro/").status_code == 302


def test_password_reset_by_email(client, professional):
    response = client.post("/espace-pro/mot-de-passe/oubli/", {"email": professional.user.email.upper()})
    assert response["Location"] == "/espace-pro/mot-de-passe/oubli/envoye/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [professional.user.email]
    assert "Nouveau mot de passe" in mail.outbox[0].subject
    link = link_in(mail.outbox[0])
    form_url = client.get(link)["Location"]  # Django hides the token from the page's address
    response = client.post(form_url, {"new_password1": "court", "new_password2": "court"})
    assert response.status_code == 200 and "Ce mot de passe est trop court" in response.content.decode()
    new = "un-nouveau-mot-de-passe-solide"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/espace-pro/mot-de-passe/nouveau/termine/"
    assert log_in(client, professional.user.email, new).status_code == 302


def test_password_reset_of_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post("/espace-pro/mot-de-passe/oubli/", {"email": "inconnu@exemple.invalid"})
    assert response["Location"] == "/espace-pro/mot-de-passe/oubli/envoye/"
    assert mail.outbox == []


def invite(client, **fields):
    """Post the invitation form; the e-mail leaves once the transaction commits (here: at once)."""
    data = {
        "first_name": "Inès",
        "last_name": "Roux",
        "email": "ines.roux@exemple.invalid",
        "role": "conseiller",
    }
    data.update(fields)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/espace-pro/equipe/" + data.pop("query", ""), data)


def test_a_referent_invites_a_colleague_who_sets_a_password_and_is_logged_in(client):
    referent = ProfessionalFactory(referent=True)
    client.force_login(referent.user)
    response = invite(client)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.member, invitation.role, invitation.invited_by) == (
        referent.member,
        "conseiller",
        referent.user,
    )
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ines.roux@exemple.invalid"]
    assert referent.member.name in mail.outbox[0].body
    link = link_in(mail.outbox[0])
    assert invitation.token_digest not in link  # only a digest of the secret is stored
    client.post("/espace-pro/deconnexion/")

    page = client.get(link)
    assert page.status_code == 200 and "Créer votre compte" in page.content.decode()
    weak = client.post(link, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200 and "trop court" in weak.content.decode()
    assert not Professional.objects.filter(user__email="ines.roux@exemple.invalid").exists()
    strong = "une-phrase-de-passe-solide"
    response = client.post(link, {"password1": strong, "password2": strong})
    assert response["Location"] == "/espace-pro/"
    colleague = Professional.objects.get(user__email="ines.roux@exemple.invalid")
    assert (colleague.member, colleague.role) == (referent.member, ProfessionalRole.ADVISER)
    assert client.get("/espace-pro/").status_code == 200

    client.post("/espace-pro/deconnexion/")
    again = client.get(link)
    assert again.status_code == 410 and "déjà été utilisée" in again.content.decode()
    assert log_in(client, "Ines.Roux@exemple.invalid", strong).status_code == 302


def test_an_expired_invitation_link_is_refused_and_creates_nothing(client):
    referent = ProfessionalFactory(referent=True)
    client.force_login(referent.user)
    invite(client)
    link = link_in(mail.outbox[0])
    client.logout()
    later = timezone.now() + timedelta(days=7, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(link, {"password1": "une-phrase-solide-x", "password2": "une-phrase-solide-x"})
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert not get_user_model().objects.filter(email="ines.roux@exemple.invalid").exists()


def test_an_unknown_invitation_link_is_refused(client):
    response = client.get("/espace-pro/invitation/pas-un-vrai-jeton/")
    assert response.status_code == 410 and "pas valide. Vérifiez" in response.content.decode()


def test_an_address_that_already_has_an_account_cannot_be_invited(client, professional):
    referent = ProfessionalFactory(referent=True)
    client.force_login(referent.user)
    response = invite(client, email=professional.user.email.upper())
    assert response.status_code == 200
    assert "Un compte existe déjà" in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


def test_a_conseiller_cannot_invite(pro_client):
    page = pro_client.get("/espace-pro/equipe/").content.decode()
    assert "Inviter un professionnel" not in page
    assert invite(pro_client).status_code == 403
    assert not Invitation.objects.exists()


def test_a_referent_invites_only_to_their_member(client):
    referent = ProfessionalFactory(referent=True)
    other = MemberFactory()
    client.force_login(referent.user)
    invite(client, member=other.pk, query=f"?membre={other.slug}")
    assert Invitation.objects.get().member == referent.member


def test_region_staff_invite_to_any_member_from_the_team_page(staff_client, staff_user):
    member = MemberFactory(name="CIO de Foix")
    response = invite(staff_client, member=member.pk, role="referent", query=f"?membre={member.slug}")
    assert response["Location"] == f"/espace-pro/equipe/?membre={member.slug}"
    invitation = Invitation.objects.get()
    assert (invitation.member, invitation.role, invitation.invited_by) == (member, "referent", staff_user)
    page = staff_client.get(response["Location"]).content.decode()
    assert "ines.roux@exemple.invalid" in page and "Invitations en attente" in page


def test_region_staff_invite_from_the_admin(staff_client):
    member = MemberFactory()
    data = {
        "email": "Nouveau@Exemple.invalid",
        "first_name": "Noé",
        "last_name": "Petit",
        "member": member.pk,
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post("/admin/structures/invitation/add/", {**data, "role": "conseiller"})
    assert response.status_code == 302, response.content.decode()[:2000]
    invitation = Invitation.objects.get()
    assert invitation.email == "nouveau@exemple.invalid" and invitation.member == member
    assert len(mail.outbox) == 1 and "/espace-pro/invitation/" in mail.outbox[0].body


def test_a_new_invitation_replaces_the_pending_one(client):
    referent = ProfessionalFactory(referent=True)
    client.force_login(referent.user)
    invite(client)
    invite(client)
    first, second = (link_in(message) for message in mail.outbox)
    client.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_dashboard_lists_the_places_with_a_warning_when_not_updated_for_six_months(pro_client, professional):
    from structures.models import Site

    old = SiteFactory(member=professional.member, name="Antenne ancienne")
    Site.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=200))
    page = pro_client.get("/espace-pro/").content.decode()
    assert "Antenne ancienne" in page
    assert page.count("à vérifier") == 1


def test_email_addresses_are_unique_among_accounts_in_any_case():
    from django.db import IntegrityError, transaction

    UserFactory(email="unique@exemple.invalid")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="UNIQUE@exemple.invalid", username="autre")
