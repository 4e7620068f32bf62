"""Every page of the reserved space, for every role: a new page without an expectation fails the test.

Roles: anonymous, conseiller of member A, référent of A, conseiller of member B, Region staff. GET
requests; the POST rules (inviting, editing) are tested with their pages.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.events.factories import EventFactory
from tests.factories import ProfessionalFactory, SiteFactory, UserFactory

ROLES = ["anonymous", "conseiller_a", "referent_a", "conseiller_b", "staff"]
LOGIN = "login"  # a redirect to the login page
OWN = {"anonymous": LOGIN, "conseiller_a": 200, "referent_a": 200, "conseiller_b": 200, "staff": 200}
OPEN = dict.fromkeys(ROLES, 200)
STAFF_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "staff": 200}

# URL name → (path arguments, expected outcome per role)
EXPECTATIONS = {
    "dashboard": ({}, OWN),
    "team": ({}, OWN),
    # the conseiller of member A: their référent and Region staff manage them
    "team_member": ({"pk": "conseiller_a"}, {**OWN, "conseiller_a": 403, "conseiller_b": 403}),
    "login": ({}, {**dict.fromkeys(ROLES, 302), "anonymous": 200}),  # signed in: to the dashboard
    "logout": ({}, dict.fromkeys(ROLES, 405)),  # POST only
    "password_reset": ({}, OPEN),
    "password_reset_done": ({}, OPEN),
    "password_reset_confirm": ({"uidb64": "MQ", "token": "jeton-faux"}, OPEN),  # says the link is invalid
    "password_reset_complete": ({}, OPEN),
    "password_change": ({}, OWN),
    "password_change_done": ({}, OWN),
    "invitation_accept": ({"token": "jeton-inconnu"}, dict.fromkeys(ROLES, 410)),
    "site_list": ({}, OWN),
    # a place of member A
    "site_edit": ({"slug": "lieu-du-membre-a"}, {**OWN, "conseiller_b": 403}),
    "site_services": ({"slug": "lieu-du-membre-a"}, {**OWN, "conseiller_b": 403}),
    "directory": ({}, OWN),
    "question_list": ({}, OWN),
    # an unknown question (each role on real questions: tests/structures/test_questions.py)
    "question_detail": ({"pk": 999999}, {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN}),
    "document_list": ({}, OWN),
    "document_detail": ({"pk": 999999}, {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN}),
    "document_download": ({"pk": 999999, "number": 1}, {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN}),
    "programming": ({}, OWN),
    "sessions": ({}, OWN),
    "session_register": (
        {"slug": "evenement-du-membre-a"},
        {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN},
    ),
    "session_cancel": ({"slug": "evenement-du-membre-a"}, {**dict.fromkeys(ROLES, 405), "anonymous": LOGIN}),
    "profile": ({}, OWN),
    # any signed-in account: an organisation applying has no professional yet
    "labelling": ({}, OWN),
    "event_list": ({}, {**OWN, "staff": 302}),  # Region staff: to the admin's events
    "event_create": ({}, {**OWN, "staff": 403}),
    # an event of member A (Region staff change events in the admin)
    "event_edit": ({"slug": "evenement-du-membre-a"}, {**OWN, "conseiller_b": 403, "staff": 403}),
    "event_cancel": ({"slug": "evenement-du-membre-a"}, {**OWN, "conseiller_b": 403, "staff": 403}),
    # the indicators: Region staff only
    "pilotage": ({}, STAFF_ONLY),
    "pilotage_report": ({}, STAFF_ONLY),
    "pilotage_export": ({"indicator": "centres-associes"}, STAFF_ONLY),
}


def pro_patterns() -> dict[str, str]:
    """URL name → route of every pattern under the `pro` namespace."""
    _prefix, resolver = get_resolver().namespace_dict["pro"]
    found = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found[pattern.name] = prefix + str(pattern.pattern)

    walk(resolver.url_patterns)
    return found


def test_every_page_of_the_reserved_space_has_an_expectation():
    assert sorted(pro_patterns()) == sorted(EXPECTATIONS)


@pytest.fixture
def users():
    conseiller_a = ProfessionalFactory()
    SiteFactory(member=conseiller_a.member, slug="lieu-du-membre-a")
    EventFactory(organiser=conseiller_a.member, slug="evenement-du-membre-a")
    referent_a = ProfessionalFactory(referent=True, member=conseiller_a.member)
    conseiller_b = ProfessionalFactory()
    return {
        "anonymous": None,
        "conseiller_a": conseiller_a.user,
        "referent_a": referent_a.user,
        "conseiller_b": conseiller_b.user,
        "staff": UserFactory(is_staff=True),
    }


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_each_role_gets_what_it_may_see(client, users, name):
    from django.urls import reverse

    kwargs, expected = EXPECTATIONS[name]
    if kwargs.get("pk") == "conseiller_a":  # a professional's page: the conseiller of member A
        kwargs = {"pk": users["conseiller_a"].professional.pk}
    url = reverse(f"pro:{name}", kwargs=kwargs)
    outcomes = {}
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = client.get(url)
        outcome = response.status_code
        if outcome == 302 and response["Location"].startswith("/espace-pro/connexion/?next="):
            outcome = LOGIN
        outcomes[role] = outcome
    assert outcomes == expected
