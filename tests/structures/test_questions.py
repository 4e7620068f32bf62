"""Questions asked online on a place's page, answered from the inbox of the reserved space, and the
erasure of the person's data after the retention period."""

import html
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from structures.enums import QuestionAction, QuestionStatus
from structures.models import Question, QuestionEvent
from structures.services import QuestionError, question_answer, question_ask, question_close
from tests.factories import MemberFactory, ProfessionalFactory, SiteFactory, UserFactory, commune

ASKER = "lou.martin@exemple.invalid"
WORDS = "Comment trouver une formation en alternance dans le numérique ?"


def text(response) -> str:
    return html.unescape(response.content.decode())


def question_url(site) -> str:
    return f"/lieux/{site.slug}/question/"


def ask(client, site, remote_addr="192.0.2.10", **changes):
    data = {"name": "Lou", "email": ASKER, "text": WORDS, "commune": "", "consent": "on", "website": ""}
    data.update(changes)
    return client.post(
        question_url(site), {k: v for k, v in data.items() if v is not None}, REMOTE_ADDR=remote_addr
    )


def asked(site, **changes) -> Question:
    """A question stored as the form stores it (e-mails sent at once)."""
    values = {"site": site, "name": "Lou", "email": ASKER, "text": WORDS, "base_url": "http://testserver/"}
    values.update(changes)
    return question_ask(**values)


@pytest.fixture
def site():
    return SiteFactory(name="Mission locale de Muret", commune=commune("31395"))


@pytest.fixture
def referent(site):
    return ProfessionalFactory(referent=True, member=site.member)


def login(client, professional_or_user):
    user = getattr(professional_or_user, "user", professional_or_user)
    client.force_login(user)
    return client


# --- Asking on a place's page -----------------------------------------------------------------------


def test_question_form_page_is_reached_from_the_site_page(client, site):
    assert f'href="{question_url(site)}"' in text(client.get(site.get_absolute_url()))
    page = client.get(question_url(site))
    assert page.status_code == 200
    content = text(page)
    assert "Poser une question en ligne" in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_asked_question_is_stored_for_the_sites_member_and_e_mailed(
    client, site, referent, django_capture_on_commit_callbacks
):
    other_place = SiteFactory(member=site.member)
    limited_elsewhere = ProfessionalFactory(member=site.member)
    limited_elsewhere.sites.set([other_place])
    limited_here = ProfessionalFactory(member=site.member)
    limited_here.sites.set([site])
    ProfessionalFactory(member=site.member, user=UserFactory(is_active=False))
    ProfessionalFactory()  # another member's
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, site, commune="Muret")
    assert response.status_code == 302
    assert response["Location"] == f"/lieux/{site.slug}/question/envoyee/"
    question = Question.objects.get()
    assert (question.site, question.member, question.status) == (site, site.member, QuestionStatus.NEW)
    assert (question.name, question.email, question.text) == ("Lou", ASKER, WORDS)
    assert question.commune.code == "31395"
    event = QuestionEvent.objects.get()
    assert (event.action, event.to_member) == (QuestionAction.RECEIVED, site.member)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted([referent.user.email, limited_here.user.email, ASKER])
    assert recipients == expected
    for message in mail.outbox:  # neither the question nor the name travel by e-mail
        assert WORDS not in message.body
        assert "Lou" not in message.body
    to_professional = next(m for m in mail.outbox if m.to == [referent.user.email])
    assert f"http://testserver/espace-pro/questions/{question.pk}/" in to_professional.body
    thanks = text(client.get(response["Location"]))
    assert "Votre question est envoyée" in thanks


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "   "}, "Écrivez votre question."),
        ({"text": "Alors ?"}, "Votre question est trop courte : écrivez au moins 10 caractères."),
        ({"text": "x" * 3001}, "Votre question est trop longue"),
        ({"email": ""}, "Indiquez votre adresse e-mail"),
        ({"email": "pas-une-adresse"}, "Cette adresse e-mail n'est pas valide"),
        ({"consent": None}, "Cochez la case pour accepter l'usage de vos données."),
        ({"commune": "Zzzyville"}, "Aucune commune"),
    ],
)
def test_bad_input_is_refused_with_a_french_message_and_nothing_stored(client, site, changes, message):
    response = ask(client, site, **changes)
    assert response.status_code == 200
    assert message in text(response)
    assert "La question n'a pas été envoyée" in text(response)
    assert not Question.objects.exists()
    assert not mail.outbox


def test_robot_filling_the_trap_field_is_told_it_worked_and_nothing_is_stored(client, site):
    response = ask(client, site, website="https://spam.example/")
    assert response.status_code == 302
    assert not Question.objects.exists()
    assert not mail.outbox


def test_trap_field_is_hidden_from_people_and_assistive_technologies(client, site):
    content = text(client.get(question_url(site)))
    trap = content.split('<div class="trap" aria-hidden="true">')[1].split("</div>")[0]
    assert 'name="website"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_flood_from_one_client_address_is_refused_with_429_and_nothing_stored(client, site, settings):
    settings.PORTAL_QUESTIONS_PER_HOUR = 2
    for number in range(2):
        assert ask(client, site, email=f"personne{number}@exemple.invalid").status_code == 302
    response = ask(client, site, email="encore@exemple.invalid")
    assert response.status_code == 429
    assert "Vous avez envoyé beaucoup de questions en peu de temps" in text(response)
    assert Question.objects.count() == 2
    # Another client address is still welcome.
    assert ask(client, site, remote_addr="192.0.2.99", email="autre@exemple.invalid").status_code == 302


def test_flood_from_one_e_mail_address_is_refused_whatever_the_client_address(client, site, settings):
    settings.PORTAL_QUESTIONS_PER_HOUR = 2
    for number in range(2):
        assert ask(client, site, remote_addr=f"198.51.100.{number}").status_code == 302
    response = ask(client, site, remote_addr="198.51.100.200", email=ASKER.upper())
    assert response.status_code == 429
    assert Question.objects.count() == 2


def test_rate_limit_keeps_no_address_in_clear(client, site):
    ask(client, site)
    keys = " ".join(str(key) for key in cache._cache)  # the local-memory cache of the tests
    assert "rate:question" in keys
    assert ASKER not in keys and "192.0.2.10" not in keys


@pytest.mark.parametrize("slug", ["lieu-inconnu", "lieu-masque"])
def test_unknown_or_unpublished_place_gives_the_french_404(client, slug):
    SiteFactory(slug="lieu-masque", published=False)
    for response in (client.get(f"/lieux/{slug}/question/"), client.post(f"/lieux/{slug}/question/", {})):
        assert response.status_code == 404
        assert "Page introuvable" in text(response)
    assert not Question.objects.exists()


def test_consent_sentence_gives_the_retention_period(client, site, settings):
    settings.PORTAL_QUESTION_RETENTION_DAYS = 90
    content = text(client.get(question_url(site)))
    assert "effacées 90 jours après la clôture de la question" in content


# --- The inbox of the reserved space ----------------------------------------------------------------


def test_inbox_lists_the_members_questions_newest_first_with_counts(client, site, referent):
    first = asked(site, text="Première question sur le CEP ?")
    second = asked(site, text="Seconde question sur la VAE ?")
    asked(SiteFactory(), text="Question venue d'ailleurs ?")
    question_close(question=first, user=referent.user)
    content = text(login(client, referent).get("/espace-pro/questions/"))
    assert content.index("Seconde question") < content.index("Première question")
    assert "venue d'ailleurs" not in content
    assert "Toutes (2)" in content and "Nouvelle (1)" in content and "Clôturée (1)" in content
    new_only = text(client.get("/espace-pro/questions/?etat=nouvelle"))
    assert "Seconde question" in new_only and "Première question" not in new_only
    assert f"/espace-pro/questions/{second.pk}/" in new_only


def test_pro_navigation_links_to_the_questions(client, referent):
    assert 'href="/espace-pro/questions/"' in text(login(client, referent).get("/espace-pro/"))


def test_another_members_professional_can_neither_see_nor_answer(client, site):
    question = asked(site)
    outsider = ProfessionalFactory(referent=True)
    login(client, outsider)
    assert WORDS not in text(client.get("/espace-pro/questions/"))
    url = f"/espace-pro/questions/{question.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "repondre", "reponse-text": "Je réponds quand même."})
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW
    with pytest.raises(QuestionError, match="adressée à un autre membre"):
        question_answer(question=question, user=outsider.user, text="Non.", base_url="http://testserver/")


def test_professional_limited_to_other_places_does_not_see_the_question(client, site):
    question = asked(site)
    limited = ProfessionalFactory(member=site.member)
    limited.sites.set([SiteFactory(member=site.member)])
    assert login(client, limited).get(f"/espace-pro/questions/{question.pk}/").status_code == 404


def test_detail_shows_the_question_the_person_and_the_history(client, site, referent):
    question = asked(site, commune=commune("31395"))
    content = text(login(client, referent).get(f"/espace-pro/questions/{question.pk}/"))
    for expected in [WORDS, "Lou", ASKER, "Muret", "Reçue", "Répondre", "Transmettre", "Clore la question"]:
        assert expected in content, expected


def test_answer_is_e_mailed_to_the_person_and_kept_in_the_history(
    client, site, referent, django_capture_on_commit_callbacks
):
    question = asked(site)
    referent.share_email = False
    referent.save()
    mail.outbox.clear()
    login(client, referent)
    answer = "Bonjour, venez nous voir mardi : nous regarderons les formations en alternance."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/espace-pro/questions/{question.pk}/", {"action": "repondre", "reponse-text": answer}
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    event = question.events.get(action=QuestionAction.ANSWERED)
    assert (event.text, event.actor) == (answer, referent.user)
    [message] = mail.outbox
    assert message.to == [ASKER]
    assert answer in message.body
    assert site.member.name in message.body  # signed with the member's name
    assert referent.user.email not in message.body
    assert message.reply_to == []
    assert "Réponse envoyée" in text(client.get(f"/espace-pro/questions/{question.pk}/"))


def test_answer_of_a_professional_sharing_their_e_mail_can_be_replied_to(
    site, referent, django_capture_on_commit_callbacks
):
    question = asked(site)
    mail.outbox.clear()
    referent.share_email = True
    referent.save()
    with django_capture_on_commit_callbacks(execute=True):
        question_answer(question=question, user=referent.user, text="Voici.", base_url="http://testserver/")
    assert mail.outbox[0].reply_to == [referent.user.email]
    assert referent.user.email in mail.outbox[0].body


def test_empty_answer_is_refused_and_nothing_sent(client, site, referent):
    question = asked(site)
    mail.outbox.clear()
    login(client, referent)
    response = client.post(
        f"/espace-pro/questions/{question.pk}/", {"action": "repondre", "reponse-text": " "}
    )
    assert response.status_code == 200
    assert "Écrivez la réponse avant de l'envoyer." in text(response)
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW
    assert not mail.outbox


def test_redirect_changes_the_member_keeps_the_history_and_tells_the_new_member(
    client, site, referent, django_capture_on_commit_callbacks
):
    question = asked(site)
    mail.outbox.clear()
    cio = MemberFactory(name="CIO de Muret")
    cio_adviser = ProfessionalFactory(member=cio)
    cio_adviser.sites.set([SiteFactory(member=cio)])  # limited to its own places: still sees it
    login(client, referent)
    note = "Question sur l'orientation scolaire : le CIO répondra mieux."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/espace-pro/questions/{question.pk}/",
            {"action": "transmettre", "transmission-member": cio.pk, "transmission-note": note},
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.member, question.status) == (cio, QuestionStatus.REDIRECTED)
    event = question.events.get(action=QuestionAction.REDIRECTED)
    assert (event.from_member, event.to_member, event.text) == (site.member, cio, note)
    assert [message.to for message in mail.outbox] == [[cio_adviser.user.email]]
    assert WORDS not in mail.outbox[0].body
    # The first member no longer sees it; the new one sees it with its whole history.
    assert client.get(f"/espace-pro/questions/{question.pk}/").status_code == 404
    content = text(login(client, cio_adviser).get(f"/espace-pro/questions/{question.pk}/"))
    assert "Reçue" in content and note in content
    assert f"De {site.member.name} vers CIO de Muret" in content


def test_redirect_needs_a_note(client, site, referent):
    question = asked(site)
    cio = MemberFactory()
    login(client, referent)
    response = client.post(
        f"/espace-pro/questions/{question.pk}/",
        {"action": "transmettre", "transmission-member": cio.pk, "transmission-note": ""},
    )
    assert "Expliquez en une phrase pourquoi vous transmettez cette question." in text(response)
    question.refresh_from_db()
    assert question.member == site.member


def test_new_member_can_answer_a_redirected_question(
    client, site, referent, django_capture_on_commit_callbacks
):
    from structures.services import question_redirect

    question = asked(site)
    cio_adviser = ProfessionalFactory()
    question_redirect(
        question=question, user=referent.user, to_member=cio_adviser.member, note="Pour vous.", base_url="/"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        question_answer(question=question, user=cio_adviser.user, text="Réponse du CIO.", base_url="/")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert mail.outbox[0].to == [ASKER]
    assert cio_adviser.member.name in mail.outbox[0].body


def test_close_sets_the_status_and_date(client, site, referent):
    question = asked(site)
    response = login(client, referent).post(f"/espace-pro/questions/{question.pk}/", {"action": "clore"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED
    assert question.closed_at is not None
    assert question.events.filter(action=QuestionAction.CLOSED, actor=referent.user).exists()
    content = text(client.get(f"/espace-pro/questions/{question.pk}/"))
    assert "Cette question est close" in content
    assert 'value="repondre"' not in content


def test_closed_question_cannot_be_answered(client, site, referent):
    question = asked(site)
    question_close(question=question, user=referent.user)
    mail.outbox.clear()
    with pytest.raises(QuestionError, match="close"):
        question_answer(question=question, user=referent.user, text="Trop tard.", base_url="/")
    response = login(client, referent).post(
        f"/espace-pro/questions/{question.pk}/",
        {"action": "repondre", "reponse-text": "Trop tard."},
        follow=True,
    )
    assert "Cette question est close : elle ne peut plus recevoir de réponse." in text(response)
    assert not mail.outbox
    assert not question.events.filter(action=QuestionAction.ANSWERED).exists()


def test_staff_see_every_question_and_may_narrow_to_a_member(staff_client, site):
    mine = asked(site, text="Question pour la mission locale ?")
    other_site = SiteFactory()
    asked(other_site, text="Question pour un voisin ?")
    content = text(staff_client.get("/espace-pro/questions/"))
    assert "Question pour la mission locale" in content and "Question pour un voisin" in content
    narrowed = text(staff_client.get(f"/espace-pro/questions/?membre={site.member.slug}"))
    assert "Question pour la mission locale" in narrowed and "voisin" not in narrowed
    assert staff_client.get(f"/espace-pro/questions/{mine.pk}/").status_code == 200


def test_inbox_query_count_does_not_grow_with_questions(
    client, site, referent, django_assert_max_num_queries
):
    asked(site)
    login(client, referent)
    client.get("/espace-pro/questions/")  # warm the cached lists
    with django_assert_max_num_queries(12) as few:
        client.get("/espace-pro/questions/")
    for number in range(15):
        asked(SiteFactory(member=site.member), text=f"Question numéro {number} sur les métiers ?")
    with django_assert_max_num_queries(12) as many:
        response = client.get("/espace-pro/questions/")
    assert "Question numéro 14" in text(response)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Erasure after the retention period -------------------------------------------------------------


def _age(question, days, **fields):
    """Make a question `days` days old in the fields given (closed_at, updated_at)."""
    moment = timezone.now() - timedelta(days=days)
    Question.objects.filter(pk=question.pk).update(**dict.fromkeys(fields, moment), updated_at=moment)


def test_purge_erases_only_old_closed_or_answered_questions(site, referent, settings):
    settings.PORTAL_QUESTION_RETENTION_DAYS = 30
    old_closed = asked(site, commune=commune("31395"))
    question_answer(question=old_closed, user=referent.user, text="La réponse.", base_url="/")
    question_close(question=old_closed, user=referent.user)
    _age(old_closed, 31, closed_at=True)
    old_answered = asked(site)
    question_answer(question=old_answered, user=referent.user, text="Une réponse.", base_url="/")
    _age(old_answered, 31)
    recent_closed = asked(site)
    question_close(question=recent_closed, user=referent.user)
    old_new = asked(site)  # never handled: kept until someone does
    _age(old_new, 400)

    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Données personnelles effacées : 2 question(s)" in out.getvalue()

    for question in (old_closed, old_answered):
        question.refresh_from_db()
        assert (question.name, question.email, question.text, question.commune) == (
            "",
            "",
            "[question effacée]",
            None,
        )
        assert question.erased_at is not None and question.status == QuestionStatus.CLOSED
        assert not question.events.exclude(text="").exists()
        assert question.events.filter(action=QuestionAction.ERASED).count() == 1
        # What statistics need stays.
        assert question.events.filter(action=QuestionAction.ANSWERED).exists()
        assert (question.site, question.member) == (site, site.member)
    for question in (recent_closed, old_new):
        question.refresh_from_db()
        assert (question.email, question.text, question.erased_at) == (ASKER, WORDS, None)


def test_purge_dry_run_changes_nothing_and_a_second_purge_does_nothing(site, referent):
    question = asked(site)
    question_close(question=question, user=referent.user)
    _age(question, 181, closed_at=True)

    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Simulation : 1 question(s) à effacer" in out.getvalue()
    question.refresh_from_db()
    assert (question.email, question.erased_at) == (ASKER, None)

    call_command("purge_personal_data", stdout=StringIO())
    question.refresh_from_db()
    erased_at = question.erased_at
    events = question.events.count()
    again = StringIO()
    call_command("purge_personal_data", stdout=again)
    assert "0 question(s)" in again.getvalue()
    question.refresh_from_db()
    assert (question.erased_at, question.events.count()) == (erased_at, events)


def test_erased_question_shows_no_personal_data_in_the_inbox(client, site, referent):
    question = asked(site)
    question_close(question=question, user=referent.user)
    _age(question, 181, closed_at=True)
    call_command("purge_personal_data", stdout=StringIO())
    content = text(login(client, referent).get(f"/espace-pro/questions/{question.pk}/"))
    assert ASKER not in content and WORDS not in content
    assert "Données personnelles effacées le" in content


def test_privacy_page_explains_online_questions_and_their_retention(client, settings):
    settings.PORTAL_QUESTION_RETENTION_DAYS = 120
    content = text(client.get("/donnees-personnelles/"))
    assert "Questions posées en ligne" in content
    assert "120 jours après la clôture de la question" in content


# --- Admin -------------------------------------------------------------------------------------------


def test_admin_lists_questions_without_personal_data_and_shows_them_on_a_question(staff_client, site):
    question = asked(site)
    listing = text(staff_client.get("/admin/structures/question/"))
    assert site.name in listing
    assert ASKER not in listing
    assert staff_client.get("/admin/structures/question/add/").status_code == 403
    detail = text(staff_client.get(f"/admin/structures/question/{question.pk}/change/"))
    assert ASKER in detail and WORDS in detail


def test_admin_action_erases_a_persons_data_on_request(staff_client, site):
    question = asked(site)
    staff_client.post(
        "/admin/structures/question/", {"action": "erase_personal_data", "_selected_action": [question.pk]}
    )
    question.refresh_from_db()
    assert question.erased_at is not None and question.email == ""


# --- Done when: the demo référent answers a question asked on a demo place --------------------------


def test_demo_referent_answers_a_question_asked_on_a_demo_place(client, django_capture_on_commit_callbacks):
    from structures.demo import demo_load
    from structures.demo_accounts import DEMO_PASSWORD, demo_accounts_load
    from structures.models import Site

    demo_load()
    demo_accounts_load()
    place = Site.objects.filter(member__identifier="demo-mission-locale", published=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, place).status_code == 302
    question = Question.objects.get()
    assert "referent.missionlocale@demo.invalid" in {address for m in mail.outbox for address in m.to}
    mail.outbox.clear()

    credentials = {"username": "referent.missionlocale@demo.invalid", "password": DEMO_PASSWORD}
    assert client.post("/espace-pro/connexion/", credentials).status_code == 302
    assert WORDS in text(client.get(f"/espace-pro/questions/{question.pk}/"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/espace-pro/questions/{question.pk}/",
            {"action": "repondre", "reponse-text": "Venez à la mission locale mardi matin."},
        )
    [answer] = mail.outbox
    assert answer.to == [ASKER]
    assert "Venez à la mission locale mardi matin." in answer.body
