"""The orientation wizard (`/orientation/`): rules seeded from the CEP's legal assignments, the answer
(operators with their reason, nearest places open now, first reception, link to the search), bad input,
anonymity and a constant number of queries."""

import html
import re
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from structures.demo import demo_load
from structures.enums import MemberCategory, SiteKind, Situation
from structures.filters import OrientationFilterSet
from structures.hours import TZ
from structures.models import OrientationRule, Project
from structures.selectors.orientation import OrientationPlace, orientation_answer
from tests.factories import MemberFactory, SiteFactory, commune

ALWAYS_OPEN = "Mo-Su 00:00-24:00"
NEVER_OPEN = "Mo-Su off"
# Seeded explanations (structures/migrations/0011_seed_orientation_rules.py).
EMPLOYEE_REASON = (
    "Pour les salariés du privé, le conseil en évolution professionnelle (CEP) est assuré par "
    "Transitions Pro, gratuitement et en toute confidentialité."
)
CHANGE_JOB_REASON = (
    "Pour changer de métier en restant salarié du privé, Transitions Pro assure gratuitement le conseil"
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def castres() -> OrientationPlace:
    town = commune("81065")
    return OrientationPlace(town.latitude, town.longitude, commune=town)


@pytest.fixture
def transitions_pro():
    return MemberFactory(name="Transitions Pro Occitanie", network="transitions-pro")


@pytest.fixture
def castres_network(transitions_pro):
    """Transitions Pro in Castres (open now) and Toulouse, France Travail and a relay point in Castres."""
    SiteFactory(
        member=transitions_pro,
        name="Transitions Pro Castres",
        commune=commune("81065"),
        opening_hours=ALWAYS_OPEN,
    )
    SiteFactory(member=transitions_pro, name="Transitions Pro Toulouse", commune=commune("31555"))
    france_travail = MemberFactory(name="France Travail", network="france-travail")
    SiteFactory(member=france_travail, name="France Travail Castres", commune=commune("81065"))
    SiteFactory(relay_point=True, name="Point relais de Castres", commune=commune("81065"))
    return transitions_pro


def test_seeded_rules_cover_every_situation_with_the_cep_legal_assignments():
    general = OrientationRule.objects.active().filter(project=None)
    assert set(general.values_list("situation", flat=True)) == set(Situation.values)
    targets = {rule.situation: rule.target_network or rule.target_category for rule in general}
    assert targets["salarie"] == "transitions-pro"
    assert targets["demandeur-emploi"] == "france-travail"
    assert targets["cadre"] == "apec"
    assert targets["jeune"] == "mission-locale"
    assert targets["handicap"] == "cap-emploi-reseau-cheops"
    assert targets["eleve"] == targets["etudiant"] == MemberCategory.STATE
    assert targets["independant"] == MemberCategory.CHAMBER
    creation = OrientationRule.objects.get(situation="independant", project__slug="creer-une-entreprise")
    assert creation.target_category == MemberCategory.CHAMBER and "CMA" not in creation.explanation
    assert "chambre de métiers et de l'artisanat" in creation.explanation


def test_employee_changing_jobs_in_castres_is_sent_to_transitions_pro_with_the_nearest_places_open_now(
    client, castres_network
):
    response = client.get("/orientation/?situation=salarie&projet=changer-de-metier&commune=Castres+81")

    assert response.status_code == 200
    content = text(response)
    answer = content.split('id="answer-title"')[1]
    assert "Vos interlocuteurs près de Castres" in content
    first = answer.split('class="operator"')[1]
    assert "Transitions Pro Occitanie" in first
    assert CHANGE_JOB_REASON in first
    assert first.index("Transitions Pro Castres") < first.index("Transitions Pro Toulouse")
    assert "à 0,0 km" in first
    assert 'class="status status--open"' in first
    assert "Joignable maintenant par téléphone." in first
    assert "France Travail Castres" not in answer
    assert "Le premier accueil le plus proche" in answer
    assert "Point relais de Castres" in answer.split("Le premier accueil le plus proche")[1]


def test_a_place_closed_now_says_when_it_opens(transitions_pro):
    SiteFactory(member=transitions_pro, commune=commune("81065"), opening_hours="Mo-Fr 09:00-17:00")
    tuesday_evening = datetime(2026, 12, 1, 20, 0, tzinfo=TZ)

    answer = orientation_answer(situations=("salarie",), place=castres(), now=tuesday_evening)

    place = answer.operators[0].places[0]
    assert place.status.state == "closed" and place.status.label == "Fermé — ouvre demain à 09:00"
    assert not place.callable_now


def test_handicap_combines_with_the_main_situation(castres_network):
    cap_emploi = MemberFactory(name="Cap emploi", network="cap-emploi-reseau-cheops")
    SiteFactory(member=cap_emploi, name="Cap emploi Albi", commune=commune("81004"))

    answer = orientation_answer(situations=("salarie", "handicap"), place=castres())

    assert [operator.members[0].name for operator in answer.operators] == [
        "Transitions Pro Occitanie",
        "Cap emploi",
    ]
    assert answer.operators[1].places[0].site.name == "Cap emploi Albi"
    assert 30 < answer.operators[1].places[0].site.distance_km < 50


def test_young_people_are_sent_to_the_missions_locales():
    mission_locale = MemberFactory(name="Mission locale", network="mission-locale")
    SiteFactory(member=mission_locale, name="Mission locale de Castres", commune=commune("81065"))

    answer = orientation_answer(situations=("jeune",), place=castres())

    assert [member.name for member in answer.operators[0].members] == ["Mission locale"]
    assert "De 16 à 25 ans" in answer.operators[0].explanation
    assert answer.operators[0].places[0].site.name == "Mission locale de Castres"


def test_a_project_rule_comes_first_and_replaces_the_general_rule_of_the_same_target(castres_network):
    project = Project.objects.get(slug="changer-de-metier")

    with_project = orientation_answer(situations=("salarie",), project=project, place=castres())
    without = orientation_answer(situations=("salarie",), place=castres())

    assert len(with_project.operators) == len(without.operators) == 1
    assert with_project.operators[0].explanation.startswith(CHANGE_JOB_REASON)
    assert without.operators[0].explanation == EMPLOYEE_REASON


def test_a_project_rule_adds_its_own_target(castres_network):
    MemberFactory(name="CCI Tarn", category=MemberCategory.CHAMBER, network="chambres-consulaires")
    project = Project.objects.get(slug="creer-une-entreprise")

    answer = orientation_answer(situations=("salarie",), project=project, place=castres())

    assert [operator.members[0].name for operator in answer.operators] == [
        "Transitions Pro Occitanie",
        "CCI Tarn",
    ]
    assert "la CCI pour le commerce" in answer.operators[1].explanation


def test_a_rule_disabled_in_the_admin_is_not_applied(staff_client, castres_network):
    rule = OrientationRule.objects.get(situation="salarie", project=None)
    form = {
        "situation": rule.situation,
        "project": "",
        "target_category": "",
        "target_network": rule.target_network,
        "priority": rule.priority,
        "explanation": rule.explanation,
        # "active" unticked
    }
    response = staff_client.post(f"/admin/structures/orientationrule/{rule.pk}/change/", form)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert not rule.active

    content = text(staff_client.get("/orientation/?situation=salarie&commune=castres-81065"))

    assert EMPLOYEE_REASON not in content
    assert "Aucun interlocuteur particulier n'est prévu pour cette situation" in content
    assert "Point relais de Castres" in content  # the first reception orients the person


def test_region_staff_list_and_search_the_rules(staff_client):
    response = staff_client.get("/admin/structures/orientationrule/?q=Transitions")

    assert response.status_code == 200
    assert "Salarié du privé" in text(response)


def test_unknown_situation_gives_a_french_message_and_no_answer(client, castres_network):
    response = client.get("/orientation/?situation=salarie&situation=astronaute&commune=castres-81065")

    assert response.status_code == 200
    content = text(response)
    assert "Situation inconnue : « astronaute »." in content
    assert "rien n'a été enregistré" in content
    assert 'id="answer-title"' not in content
    assert "Transitions Pro Castres" not in content


def test_unknown_project_gives_a_french_message(client, castres_network):
    content = text(
        client.get("/orientation/?situation=salarie&projet=devenir-astronaute&commune=castres-81065")
    )

    assert "Projet inconnu : « devenir-astronaute »." in content
    assert 'id="answer-title"' not in content


def test_answers_without_a_situation_ask_for_one(client):
    content = text(client.get("/orientation/?commune=castres-81065"))

    assert "cochez au moins une situation" in content
    assert 'id="answer-title"' not in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("lat=abc&lon=2.24", "Latitude : Saisissez un nombre."),
        ("lat=95&lon=2.24", "Latitude : Assurez-vous que cette valeur est inférieure ou égale à 90."),
        ("lat=43.6", "Position incomplète : il faut une latitude et une longitude."),
        ("lat=40.71&lon=-74.0", "Position : ce point n'est pas en France."),
        ("lat=nan&lon=2.24", "Latitude : Saisissez un nombre."),
    ],
)
def test_a_bad_position_gives_a_french_message_and_no_answer(client, castres_network, query, message):
    response = client.get(f"/orientation/?situation=salarie&{query}")

    assert response.status_code == 200
    content = text(response)
    assert message in content
    assert 'id="answer-title"' not in content


def test_unknown_commune_gives_a_french_message(client):
    content = text(client.get("/orientation/?situation=salarie&commune=Xyzzyville"))

    assert "Aucune commune ne correspond à « Xyzzyville »" in content
    assert 'id="answer-title"' not in content


def test_an_ambiguous_commune_offers_its_candidates_served_territory_first(client):
    content = text(client.get("/orientation/?situation=salarie&commune=Castres"))

    assert "Plusieurs communes correspondent à « Castres »" in content
    candidates = content.split('class="candidates"')[1]
    assert candidates.index("commune=castres-81065") < candidates.index("commune=castres-02142")
    assert 'id="answer-title"' not in content


def test_a_position_from_the_browser_gives_the_nearest_places(client, castres_network):
    town = commune("81065")

    content = text(client.get(f"/orientation/?situation=salarie&lat={town.latitude}&lon={town.longitude}"))

    assert "Vos interlocuteurs près de votre position" in content
    assert "Transitions Pro Castres" in content
    assert f'name="lat" value="{town.latitude}"' in content
    assert "Oublier ma position" in content


def test_without_a_place_the_reasons_are_given_and_a_place_is_asked_for(client, castres_network):
    content = text(client.get("/orientation/?situation=salarie"))

    assert EMPLOYEE_REASON in content
    assert "Indiquez votre commune" in content
    assert "Transitions Pro Castres" not in content


def test_the_answer_sets_no_cookie_and_writes_nothing(client, castres_network):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/orientation/?situation=salarie&projet=changer-de-metier&commune=castres-81065"
        )

    assert response.status_code == 200
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    writes = [query["sql"] for query in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", query["sql"], re.I)]
    assert writes == []


def test_refused_input_sets_no_cookie_and_writes_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/orientation/?situation=inconnue&projet=inconnu&lat=abc")

    assert response.cookies == {}
    assert not [query for query in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", query["sql"], re.I)]


def test_the_wizard_only_answers_get_and_head(client):
    assert client.post("/orientation/", {"situation": "salarie"}).status_code == 405
    assert client.head("/orientation/").status_code == 200


def _add_network(sites_per_member: int, members: int) -> None:
    for number in range(members):
        network = "transitions-pro" if number % 2 == 0 else "cap-emploi-reseau-cheops"
        member = MemberFactory(network=network)
        for _index in range(sites_per_member):
            SiteFactory(member=member, commune=commune("81065"))


def test_query_count_is_the_same_with_one_or_ten_places_per_member(client, django_assert_max_num_queries):
    SiteFactory(relay_point=True, commune=commune("81065"))
    url = "/orientation/?situation=salarie&situation=handicap&commune=castres-81065"
    _add_network(sites_per_member=1, members=2)
    client.get(url)  # warm the per-process caches (catalog, commune lookup, demo flag)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    queries = len(small)  # now: the log is emptied at each request's start

    _add_network(sites_per_member=10, members=6)
    client.get(url)  # new members: the catalog is read again once (not per place)
    with django_assert_max_num_queries(queries):
        response = client.get(url)

    assert queries <= 6
    assert text(response).count('class="site-card"') == 2 * 3 + 1


def test_the_search_link_carries_the_filters(castres_network):
    project = Project.objects.get(slug="changer-de-metier")

    answer = orientation_answer(situations=("salarie", "handicap"), project=project, place=castres())

    url = urlsplit(answer.search_url)
    assert url.path == "/lieux/"
    assert parse_qsl(url.query) == [
        ("public", "salaries"),
        ("public", "personnes-en-situation-de-handicap"),
        ("projet", "changer-de-metier"),
        ("commune", "castres-81065"),
    ]


def test_the_search_link_carries_a_position(client, castres_network):
    content = client.get("/orientation/?situation=jeune&lat=43.6&lon=2.24").content.decode()

    assert 'href="/lieux/?public=jeunes&amp;lat=43.60000&amp;lon=2.24000"' in content
    assert "Voir tous les lieux correspondants" in content


def test_the_wizard_is_a_plain_get_form_that_works_without_javascript(client):
    content = client.get("/orientation/").content.decode()

    form = re.search(r"<form[^>]*>", content.split('id="contenu"')[1]).group(0)
    assert 'method="get"' in form and 'action="/orientation/#reponse"' in form
    assert len(re.findall(r'<input type="checkbox" id="id_situation_[^"]+" name="situation"', content)) == 9
    assert '<input type="radio" id="id_projet_none" name="projet" value="" checked>' in content
    assert 'name="projet" value="changer-de-metier"' in content
    assert '<input id="id_commune" name="commune" type="text"' in content
    assert '<button type="button" class="button button--secondary" data-locate hidden>' in content
    assert content.count("<legend>") == 3
    assert 'id="reponse"' not in content  # a bare visit shows the form only


def test_the_form_keeps_the_answers(client, castres_network):
    content = client.get(
        "/orientation/?situation=salarie&situation=handicap&projet=se-former&commune=castres-81065"
    )
    content = content.content.decode()

    assert 'name="situation" value="salarie" aria-describedby="situation-help" checked' in content
    assert 'name="situation" value="handicap" aria-describedby="situation-help" checked' in content
    assert 'name="situation" value="cadre" aria-describedby="situation-help">' in content
    assert 'name="projet" value="se-former" checked' in content
    assert 'name="commune" type="text" value="castres-81065"' in content


def test_the_filter_set_ignores_a_stray_radius_and_orders_situations():
    filterset = OrientationFilterSet(
        _query("situation=handicap&situation=salarie&situation=salarie&rayon=abc")
    )

    criteria = filterset.criteria()

    assert filterset.problems == []
    assert criteria.situations == ("salarie", "handicap")


def _query(string: str):
    from django.http import QueryDict

    return QueryDict(string)


def test_the_home_page_and_the_menu_link_to_the_wizard(client):
    content = client.get("/").content.decode()

    assert 'href="/orientation/"' in content.split('aria-label="Menu principal"')[1].split("</nav>")[0]
    assert "Trouvez le bon interlocuteur en trois questions" in content


def test_demo_data_sends_a_salaried_person_in_castres_to_transitions_pro_open_now():
    demo_load()
    tuesday_morning = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)

    answer = orientation_answer(
        situations=("salarie",),
        project=Project.objects.get(slug="changer-de-metier"),
        place=castres(),
        now=tuesday_morning,
    )

    operator = answer.operators[0]
    assert [member.name for member in operator.members] == ["Transitions Pro Occitanie"]
    nearest = operator.places[0]
    assert nearest.site.commune_id == "81065" and nearest.site.distance_km < 2
    assert nearest.status.is_open and nearest.callable_now
    assert answer.first_reception[0].site.kind == SiteKind.RELAY_POINT
    assert answer.first_reception[0].site.commune_id == "81065"
