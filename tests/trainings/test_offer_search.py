"""The public search of training offers, /formations/: each criterion, bad parameters, query counts."""

import datetime
import html
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.trainings.factories import (
    TrainingActionFactory,
    TrainingOfferFactory,
    TrainingSessionFactory,
    commune,
)
from trainings.dates import dates_refresh
from trainings.enums import ExitLevel
from trainings.indexing import offer_search_text
from trainings.models import TrainingAction

URL = "/formations/"


def offer(title="Formation", with_action=True, **fields):
    objective = fields.pop("objective", "")
    organisation = fields.get("organisation_name", "Institut de formation de Rodez")
    return TrainingOfferFactory(
        title=title,
        objective=objective,
        search_text=offer_search_text(title=title, objective=objective, organisation_name=organisation),
        with_action=with_action,
        **fields,
    )


def action_at(offer_, code, days=30, **fields):
    action = TrainingActionFactory(offer=offer_, commune=commune(code), **fields)
    if days is not None:
        TrainingSessionFactory(action=action, start=timezone.localdate() + datetime.timedelta(days=days))
    return action


def titles(response) -> list[str]:
    """The offer titles of the results, in order."""
    assert response.status_code == 200
    return re.findall(r'class="site-card__title"><a href="/formations/\d+/">([^<]*)</a>', text(response))


def text(response) -> str:
    """The page's text, its entities read (« n'existe pas » is written « n&#39;existe pas »)."""
    return html.unescape(response.content.decode())


def test_words_find_offers_whatever_the_accents_case_and_hyphens(client):
    offer("Diplôme d'État d'aide-soignant")
    offer("Bac pro cuisine")
    for words in ["aide soignant", "aide-soignant", "AIDE SOIGNANTE", "aide-soignante diplome"]:
        assert titles(client.get(URL, {"q": words})) == ["Diplôme d'État d'aide-soignant"], words


def test_metier_keeps_offers_leading_to_the_job_and_shows_its_title(client):
    offer("DEAS", rome_codes=["J1501"])
    offer("Développeur web", rome_codes=["M1805"])
    response = client.get(URL, {"metier": "j1501"})
    assert titles(response) == ["DEAS"]
    assert "Aide-soignant / Aide-soignante" in text(response)


@pytest.mark.parametrize("value", ["J9999", "XX", "12345", "<b>"])
def test_unknown_or_malformed_rome_code_is_explained_and_not_applied(client, value):
    offer("DEAS", rome_codes=["J1501"])
    offer("Développeur web", rome_codes=["M1805"])
    response = client.get(URL, {"metier": value})
    assert sorted(titles(response)) == ["DEAS", "Développeur web"]
    assert "Ce critère n'a pas été appliqué" in text(response)


def test_secteur_keeps_offers_of_the_professional_domain(client):
    offer("DEAS", rome_codes=["J1501"])
    offer("Développeur web", rome_codes=["M1805"])
    assert titles(client.get(URL, {"secteur": "m"})) == ["Développeur web"]
    response = client.get(URL, {"secteur": "zz"})
    assert len(titles(response)) == 2 and "Secteur" in text(response)


def test_zone_and_departement_filter_on_the_action_place(client):
    rodez = offer("À Rodez")  # the factory's action is in Rodez (zone 7621, Aveyron)
    millau = offer("À Millau", with_action=False)
    action_at(millau, "12145")  # Millau, zone 7614, Aveyron
    toulouse = offer("À Toulouse", with_action=False)
    action_at(toulouse, "31555")
    assert titles(client.get(URL, {"zone": "7614"})) == ["À Millau"]
    assert sorted(titles(client.get(URL, {"departement": "12"}))) == ["À Millau", "À Rodez"]
    assert rodez.pk != millau.pk
    response = client.get(URL, {"zone": "0000"})
    assert "n'existe pas" in text(response) and len(titles(response)) == 3


def test_commune_and_radius_give_distances_nearest_first(client):
    far = offer("À Millau", with_action=False)
    action_at(far, "12145", days=5)  # Millau: 48.6 km from Rodez, the earliest session
    offer("À Rodez")  # Rodez itself, session in 30 days
    near = offer("À Onet", with_action=False)
    action_at(near, "12176", days=60)  # Onet-le-Château, next to Rodez
    toulouse = offer("À Toulouse", with_action=False)
    action_at(toulouse, "31555")
    response = client.get(URL, {"commune": "Rodez", "rayon": "80"})
    assert titles(response) == ["À Rodez", "À Onet", "À Millau"]
    page = text(response)
    assert "à moins de 80 km de Rodez" in page
    assert "à 0,0 km" in page and "à 2,3 km" in page and "à 48,6 km" in page
    assert titles(client.get(URL, {"commune": "Rodez"})) == ["À Rodez", "À Onet"]  # 30 km by default


def test_without_a_place_results_are_sorted_by_next_session_permanent_entries_last(client):
    permanent = offer("Entrée permanente", with_action=False)
    TrainingSessionFactory(action=TrainingActionFactory(offer=permanent), start=None, end=None)
    later = offer("Plus tard", with_action=False)
    action_at(later, "12202", days=90)
    sooner = offer("Bientôt", with_action=False)
    action_at(sooner, "12202", days=3)
    response = client.get(URL)
    assert titles(response) == ["Bientôt", "Plus tard", "Entrée permanente"]
    assert "Entrée permanente" in text(response)


def test_without_dates_only_actions_with_a_session_to_come_are_listed(client):
    past = offer("Passée", with_action=False)
    action_at(past, "12202", days=-10)
    offer("À venir")
    assert titles(client.get(URL)) == ["À venir"]


def test_a_stored_next_session_that_has_passed_is_read_again_from_the_sessions(client):
    # Stored dates age (trainings.dates): a first session now past must not hide the next one.
    aged = offer("Rentrée passée", with_action=False)
    action = action_at(aged, "12202", days=60)
    TrainingSessionFactory(action=action, start=timezone.localdate() - datetime.timedelta(days=5))
    sooner = offer("Bientôt", with_action=False)
    action_at(sooner, "12202", days=10)
    last_week = timezone.localdate() - datetime.timedelta(days=5)
    TrainingAction.objects.filter(pk=action.pk).update(upcoming_start=last_week)  # as computed last week

    page = text(client.get(URL))

    assert titles(client.get(URL)) == ["Bientôt", "Rentrée passée"]
    in_60_days = date_format(timezone.localdate() + datetime.timedelta(days=60), "j F Y")
    assert f"Prochaine session : le {in_60_days}" in page
    assert dates_refresh(stale_only=True) == 1
    assert TrainingAction.objects.get(
        pk=action.pk
    ).upcoming_start == timezone.localdate() + datetime.timedelta(days=60)


def test_du_au_keep_actions_with_a_session_starting_in_the_period(client):
    past = offer("Passée", with_action=False)
    action_at(past, "12202", days=-10)
    offer("Dans trente jours")
    later = offer("Dans un an", with_action=False)
    action_at(later, "12202", days=365)
    today = timezone.localdate()
    period = {
        "du": (today - datetime.timedelta(days=20)).isoformat(),
        "au": (today + datetime.timedelta(days=40)).isoformat(),
    }
    assert titles(client.get(URL, period)) == ["Passée", "Dans trente jours"]
    assert titles(client.get(URL, {"du": (today + datetime.timedelta(days=100)).isoformat()})) == [
        "Dans un an"
    ]


def test_niveau_and_certifiante(client):
    offer("Bac pro", exit_level=ExitLevel.LEVEL_4, certifying=True)
    offer("BTS", exit_level=ExitLevel.LEVEL_5, certifying=True)
    offer("Remise à niveau", exit_level=ExitLevel.NONE, certifying=False)
    assert titles(client.get(URL, {"niveau": "5"})) == ["BTS"]
    assert sorted(titles(client.get(URL, {"certifiante": "oui"}))) == ["BTS", "Bac pro"]
    response = client.get(URL, {"niveau": "42"})
    assert len(titles(response)) == 3 and "Niveau de sortie" in text(response)


def test_form_shows_the_current_values(client):
    offer("BTS", exit_level=ExitLevel.LEVEL_5)
    page = text(
        client.get(
            URL, {"q": "bts", "niveau": "5", "secteur": "j", "departement": "12", "certifiante": "oui"}
        )
    )
    assert 'name="q" type="search" value="bts"' in page
    assert '<option value="5" selected>' in page
    assert '<option value="j" selected>' in page
    assert '<option value="12" selected>' in page
    assert 'id="id_certifiante" name="certifiante" value="oui" checked' in page


def test_results_are_paginated_twenty_a_page(client):
    for number in range(23):
        offer(f"Formation {number:02d}")
    first = client.get(URL)
    assert "23 formations trouvées" in text(first)
    assert len(titles(first)) == 20
    second = client.get(URL, {"page": "2"})
    assert len(titles(second)) == 3
    assert 'rel="prev"' in text(second)
    assert titles(client.get(URL, {"page": "99999999999999999999"})) == titles(second)  # the last page
    assert titles(client.get(URL, {"page": "-3"})) == titles(first)


def test_no_result_gives_hints(client):
    offer("BTS")
    response = client.get(URL, {"q": "astronaute", "commune": "Rodez", "rayon": "10"})
    page = text(response)
    assert "Aucune formation ne correspond" in page
    assert "Chercher dans un rayon de 60 km" in page
    assert "Retirer le critère « Mots-clés »" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"commune": "Nulle-Part-sur-Rien"}, "Aucune commune"),
        ({"commune": "Beaulieu"}, "Plusieurs communes correspondent"),
        ({"du": "2020-05-10", "au": "2020-05-01"}, "précède la date de début"),
        ({"du": "demain"}, "Saisissez une date valide"),
        ({"au": "2024-02-30"}, "Saisissez une date valide"),
        ({"du": "1850-01-01"}, "la date doit être comprise entre"),
        ({"rayon": "5000"}, "Rayon (km)"),
        ({"rayon": "-1"}, "Rayon (km)"),
        ({"q": "x" * 5000}, "au plus"),
    ],
)
def test_bad_parameters_are_explained_in_french_never_a_failure(client, query, message):
    offer("BTS")
    response = client.get(URL, query)
    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert "x" * 201 not in page
    assert titles(response) == ["BTS"]  # the bad criterion is left out


def test_anonymous_search_sets_no_cookie(client):
    offer("BTS")
    response = client.get(URL, {"q": "bts"})
    assert not response.cookies


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_the_results(client, django_assert_max_num_queries, count):
    for number in range(count):
        item = offer(f"Formation {number}", rome_codes=["J1501"])
        TrainingSessionFactory(action=item.actions.first(), start=None, end=None)
    client.get(URL, {"commune": "Rodez"})  # warms the commune lookup and the catalog
    with django_assert_max_num_queries(3):  # the job, the count, the page
        response = client.get(URL, {"commune": "Rodez", "rayon": "50", "metier": "J1501", "q": "formation"})
    assert len(titles(response)) == min(count, 20)
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert len(titles(response)) == min(count, 20)


def test_pages_stop_at_the_result_cap_with_a_note(client, monkeypatch):
    from trainings.selectors import search

    monkeypatch.setattr(search, "RESULT_CAP", 40)
    for number in range(45):
        offer(f"Formation {number:02d}")
    response = client.get(URL, {"page": "3"})
    page = text(response)
    assert "45 formations trouvées" in page
    assert "Page 2 sur 2" in page  # the last page within the cap
    assert "précisez votre recherche" in page


def test_the_site_navigation_links_to_the_search(client):
    navigation = text(client.get("/")).split('aria-label="Menu principal"')[1].split("</nav>")[0]
    assert 'href="/formations/"' in navigation
