"""Every URL pattern of the project, for every role: a new URL without an expectation fails the test.

Roles: anonymous, conseiller of member A, référent of A, conseiller of member B, an organisation applying
for the label (an account with an application and no professional), a Region instructor (staff in
"Région — instruction") and a Region administrator (staff in "Région — administration").

GET requests only: the POST rules (inviting, editing, the labelling transitions) are tested with their
features. Patterns are found by walking the resolver and named by namespace, never by path (the admin's
path is configurable). The admin's model pages are grouped by rules on their URL names; every other
page is listed by name.
"""

import datetime
from fnmatch import fnmatchcase

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from events.enums import AudienceScope, RegistrationStatus
from events.models import Registration
from governance.enums import CommitteeScope
from governance.models import Committee, Meeting
from governance.services import document_create
from governance.uploads import check_upload
from labelling.models import Label
from structures.models import EmploymentZone
from structures.services import STAFF_GROUPS, invitation_create, question_ask
from tests.events.factories import EventFactory, PrioritySectorFactory
from tests.factories import ProfessionalFactory, SiteFactory, UserFactory
from tests.labelling.factories import pdf, submitted
from tests.trainings.factories import TrainingOfferFactory

ROLES = [
    "anonymous",
    "conseiller_a",
    "referent_a",
    "conseiller_b",
    "applicant",
    "instructor",
    "administrator",
]
PROFESSIONALS = ["conseiller_a", "referent_a", "conseiller_b"]
STAFF = ["instructor", "administrator"]
NOT_STAFF = ["anonymous", *PROFESSIONALS, "applicant"]
INSTRUCTION, ADMINISTRATION = "Région — instruction", "Région — administration"
assert {INSTRUCTION, ADMINISTRATION} == set(STAFF_GROUPS)

LOGIN = "login"  # a redirect to the reserved space's login page
ADMIN_LOGIN = "admin login"  # a redirect to the admin's login page


def every(outcome, **exceptions):
    return {**dict.fromkeys(ROLES, outcome), **exceptions}


OPEN = every(200)
# a page of the reserved space for a member's professionals and Region staff
PRO = every(200, anonymous=LOGIN, applicant=403)
# a page of the reserved space for every signed-in account
SIGNED_IN = every(200, anonymous=LOGIN)
STAFF_ONLY = every(403, anonymous=LOGIN, instructor=200, administrator=200)
# a step of the application form: the applicant sees its (submitted, read-only) application's step
APPLICANT_STEP = every(302, anonymous=LOGIN, applicant=200)

# --- Everything but the admin: namespace:name → (path arguments from the objects, outcome per role) ----

PAGES = {
    # portal
    "portal:home": (None, OPEN),
    "portal:health": (None, OPEN),
    "portal:theme_css": (None, OPEN),
    "portal:legal_notice": (None, OPEN),
    "portal:accessibility": (None, OPEN),
    "portal:privacy": (None, OPEN),
    "portal:opendata": (None, OPEN),
    # structures (public)
    "structures:site_list": (None, OPEN),
    "structures:site_geojson": (None, OPEN),
    "structures:site_detail": (lambda o: {"slug": o["site_a"].slug}, OPEN),
    "structures:site_question": (lambda o: {"slug": o["site_a"].slug}, OPEN),
    "structures:site_question_sent": (lambda o: {"slug": o["site_a"].slug}, OPEN),
    "structures:member_list": (None, OPEN),
    "structures:member_detail": (lambda o: {"slug": o["member_a"].slug}, OPEN),
    "structures:zone_list": (None, OPEN),
    "structures:zone_detail": (lambda o: {"code": o["zone"].code}, OPEN),
    "trainings:job_list": (None, OPEN),
    "trainings:job_detail": (lambda o: {"code": "J1501"}, OPEN),
    "trainings:offer_list": (None, OPEN),
    "trainings:offer_detail": (lambda o: {"pk": o["training_offer"].pk}, OPEN),
    "structures:opendata_structures": (None, OPEN),
    "structures:opendata_services": (None, OPEN),
    "structures:opendata_sites_csv": (None, OPEN),
    "structures:orientation": (None, OPEN),
    # events (public)
    "events:event_list": (None, OPEN),
    "events:agenda_ics": (None, OPEN),
    "events:programme": (None, OPEN),
    "events:programme_csv": (None, OPEN),
    "events:event_detail": (lambda o: {"slug": o["event_a"].slug}, OPEN),
    "events:event_ics": (lambda o: {"slug": o["event_a"].slug}, OPEN),
    "events:opendata_events_csv": (None, OPEN),
    # labelling: the public page, then the applicant's steps; accounts of the network (professionals,
    # Region staff) have nothing to apply for and are sent away, the applicant (whose application is
    # submitted) to its application's page
    "labelling:home": (None, OPEN),
    "labelling:apply": (None, OPEN),
    "labelling:apply_account": (None, every(302, anonymous=200)),  # signed in: no new account
    "labelling:apply_organisation": (None, APPLICANT_STEP),
    "labelling:apply_sites": (None, APPLICANT_STEP),
    "labelling:apply_site": (lambda o: {"pk": o["proposed_site"].pk}, APPLICANT_STEP),
    "labelling:apply_criteria": (None, APPLICANT_STEP),
    "labelling:apply_attachments": (None, APPLICANT_STEP),
    # a document of the applicant's application: its own only
    "labelling:attachment_download": (
        lambda o: {"pk": o["attachment"].pk},
        every(404, anonymous=LOGIN, applicant=200),
    ),
    "labelling:apply_submit": (None, APPLICANT_STEP),
    # the reserved space
    "pro:dashboard": (None, every(200, anonymous=LOGIN, applicant=302)),  # applicant: to its application
    "pro:team": (None, PRO),
    # the conseiller of member A: their référent and Region staff manage them
    "pro:team_member": (
        lambda o: {"pk": o["conseiller_a"].professional.pk},
        {**PRO, "conseiller_a": 403, "conseiller_b": 403},
    ),
    "pro:login": (None, every(302, anonymous=200)),  # signed in: to the dashboard
    "pro:logout": (None, every(405)),  # POST only
    "pro:password_reset": (None, OPEN),
    "pro:password_reset_done": (None, OPEN),
    "pro:password_reset_confirm": ({"uidb64": "MQ", "token": "jeton-faux"}, OPEN),  # the link is invalid
    "pro:password_reset_complete": (None, OPEN),
    "pro:password_change": (None, SIGNED_IN),
    "pro:password_change_done": (None, SIGNED_IN),
    "pro:invitation_accept": ({"token": "jeton-inconnu"}, every(410)),
    "pro:site_list": (None, PRO),
    "pro:site_edit": (lambda o: {"slug": o["site_a"].slug}, {**PRO, "conseiller_b": 403}),
    "pro:site_services": (lambda o: {"slug": o["site_a"].slug}, {**PRO, "conseiller_b": 403}),
    "pro:directory": (None, PRO),
    "pro:question_list": (None, PRO),
    # a question addressed to member A
    "pro:question_detail": (lambda o: {"pk": o["question"].pk}, {**PRO, "conseiller_b": 404}),
    "pro:document_list": (None, PRO),
    # a document shared by member A: the documents are shared with the whole network
    "pro:document_detail": (lambda o: {"pk": o["document"].pk}, PRO),
    "pro:document_download": (lambda o: {"pk": o["document"].pk, "number": 1}, PRO),
    "pro:programming": (None, PRO),
    "pro:sessions": (None, PRO),
    "pro:session_register": (
        lambda o: {"slug": o["session"].slug},
        every(405, anonymous=LOGIN, applicant=403),
    ),
    "pro:session_cancel": (lambda o: {"slug": o["session"].slug}, every(405, anonymous=LOGIN, applicant=403)),
    "pro:profile": (None, PRO),
    "pro:my_data": (None, SIGNED_IN),  # the signed-in account's own data, whoever it is
    # any signed-in account: an organisation applying has no professional yet
    "pro:labelling": (None, SIGNED_IN),
    "pro:event_list": (None, {**PRO, "instructor": 302, "administrator": 302}),  # staff: the admin's
    "pro:event_create": (None, {**PRO, "instructor": 403, "administrator": 403}),
    # an event of member A (Region staff change events in the admin)
    "pro:event_edit": (
        lambda o: {"slug": o["event_a"].slug},
        {**PRO, "conseiller_b": 403, "instructor": 403, "administrator": 403},
    ),
    "pro:event_cancel": (
        lambda o: {"slug": o["event_a"].slug},
        {**PRO, "conseiller_b": 403, "instructor": 403, "administrator": 403},
    ),
    # the indicators: Region staff only
    "pro:pilotage": (None, STAFF_ONLY),
    "pro:pilotage_report": (None, STAFF_ONLY),
    "pro:pilotage_export": ({"indicator": "centres-associes"}, STAFF_ONLY),
}

# --- The admin: rules on the URL name (fnmatch, first match wins) → outcome per role -----------------


def admin(instructor, administrator):
    """Everyone but Region staff goes to the admin's login page."""
    return every(ADMIN_LOGIN, instructor=instructor, administrator=administrator)


BOTH = admin(200, 200)
ADMINISTRATOR = admin(403, 200)
# apps whose every permission both groups hold; apps the instructors only read; apps they do not see
SHARED_APPS = ["events", "labelling"]
TERRITORIES = ["region", "department", "employmentzone", "commune"]
READ_ONLY_APPS = ["structures"]
ADMINISTRATOR_APPS = ["governance", "auth", "axes"]

ADMIN_RULES = [
    ("index", BOTH),
    ("login", every(200, instructor=302, administrator=302)),  # staff: to the index
    ("logout", every(302, instructor=405, administrator=405)),  # POST only; others: to the index
    ("password_change", BOTH),
    ("password_change_done", BOTH),
    ("jsi18n", BOTH),
    ("autocomplete", admin(403, 403)),  # without a field to complete
    ("view_on_site", admin(302, 302)),  # to a place's public page
    ("app_list", BOTH),  # the structures app
    ("auth_user_password_change", ADMINISTRATOR),
    # the labelling workflow on a submitted application (the forms' GET: to the application when the
    # transition does not apply in its state), an attachment of it
    ("labelling_labellingapplication_assign", BOTH),
    ("labelling_labellingapplication_request_complements", admin(302, 302)),
    ("labelling_labellingapplication_record_opinion", admin(302, 302)),
    ("labelling_labellingapplication_approve", admin(302, 302)),
    ("labelling_labellingapplication_reject", admin(302, 302)),
    ("labelling_labellingapplication_attachment", BOTH),
    # applications are made by the applicants and never deleted
    ("labelling_labellingapplication_add", admin(403, 403)),
    ("labelling_labellingapplication_delete", admin(403, 403)),
    # reference data (territories) is loaded by a command; questions come from the public form; the
    # login attempts are written by django-axes
    *[(f"structures_{model}_{view}", admin(403, 403)) for model in TERRITORIES for view in ("add", "delete")],
    ("structures_question_add", admin(403, 403)),
    ("axes_*_add", admin(403, 403)),
    # training offers come from the LHÉO flows (import_lheo): both groups read them, nobody edits them
    ("trainings_*_add", admin(403, 403)),
    ("trainings_*_delete", admin(403, 403)),
    ("trainings_*", BOTH),
    # import-export: importing creates and changes rows (add and change permissions)
    ("*_process_import", admin(405, 405)),  # POST only
    *[(f"{app}_*_import", BOTH) for app in SHARED_APPS],
    *[(f"{app}_*_export", BOTH) for app in SHARED_APPS],
    *[(f"{app}_*_import", ADMINISTRATOR) for app in READ_ONLY_APPS],
    *[(f"{app}_*_export", BOTH) for app in READ_ONLY_APPS],
    # model pages
    *[(f"{app}_*", BOTH) for app in SHARED_APPS],
    *[(f"{app}_*_{view}", BOTH) for app in READ_ONLY_APPS for view in ("changelist", "change", "history")],
    *[(f"{app}_*_{view}", ADMINISTRATOR) for app in READ_ONLY_APPS for view in ("add", "delete")],
    *[(f"{app}_*", ADMINISTRATOR) for app in ADMINISTRATOR_APPS],
]


def admin_expectation(name: str):
    for rule, expected in ADMIN_RULES:
        if fnmatchcase(name, rule):
            return expected
    return None


def url_names() -> list[str]:
    """`namespace:name` of every pattern of the project; the admin's unnamed patterns (redirects to a
    model's change page, catch-all) are Django's own and are left out."""
    found = []

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, namespaces + ([pattern.namespace] if pattern.namespace else []))
            elif isinstance(pattern, URLPattern):
                if pattern.name is None and namespaces == ["admin"]:
                    continue
                found.append(":".join([*namespaces, str(pattern.name)]))

    walk(get_resolver().url_patterns, [])
    return found


ALL_NAMES = url_names()


def expectation(name: str):
    if name.startswith("admin:"):
        return admin_expectation(name.removeprefix("admin:"))
    page = PAGES.get(name)
    return page and page[1]


def test_every_url_pattern_has_an_expectation_for_every_role():
    assert len(ALL_NAMES) == len(set(ALL_NAMES)), "two patterns share a name"
    missing = [name for name in ALL_NAMES if expectation(name) is None]
    assert missing == []
    assert not set(PAGES) - set(ALL_NAMES), "an expectation for a page that no longer exists"
    assert all(set(expectation(name)) == set(ROLES) for name in ALL_NAMES)


# --- The objects the pages need ----------------------------------------------------------------------


def staff(group: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end (each test runs in a savepoint
    inside it, so the requests' writes, sessions included, do not last)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            built = _objects()
        yield built
        transaction.set_rollback(True)


def _objects():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    today = timezone.localdate()
    conseiller_a = ProfessionalFactory()
    member_a = conseiller_a.member
    site_a = SiteFactory(member=member_a, slug="lieu-du-membre-a")
    referent_a = ProfessionalFactory(referent=True, member=member_a)
    conseiller_b = ProfessionalFactory()
    application = submitted()
    administrator = staff(ADMINISTRATION)
    session = EventFactory(organiser=member_a, slug="session-du-membre-a", scope=AudienceScope.PROFESSIONALS)
    upload = pdf("guide.pdf")
    upload.checked_type = check_upload(upload)  # as the form does
    committee = Committee.objects.create(name="Comité régional de pilotage", scope=CommitteeScope.REGIONAL)
    access = {"user_agent": "test", "ip_address": "192.0.2.1", "username": "x", "http_accept": "*/*"}
    objects = {
        "member_a": member_a,
        "site_a": site_a,
        "event_a": EventFactory(organiser=member_a, slug="evenement-du-membre-a"),
        "session": session,
        "zone": EmploymentZone.objects.served().order_by("code").first(),
        "question": question_ask(
            site=site_a, email="lou@example.invalid", text="Quels métiers ?", base_url="http://testserver/"
        ),
        "document": document_create(
            title="Guide d'entretien",
            category="guide",
            description="",
            upload=upload,
            user=referent_a.user,
            member=member_a,
        ),
        "application": application,
        "proposed_site": application.sites.first(),
        "attachment": application.attachments.first(),
        "label": Label.objects.create(
            member=member_a, valid_from=today, valid_until=today + datetime.timedelta(days=3 * 365)
        ),
        "committee": committee,
        "meeting": Meeting.objects.create(committee=committee, date=today, place="Toulouse"),
        "registration": Registration.objects.create(
            event=session,
            professional=conseiller_b,
            status=RegistrationStatus.CONFIRMED,
            registered_at=timezone.now(),
        ),
        "invitation": invitation_create(
            email="nouveau@example.invalid",
            first_name="Ana",
            last_name="Nouvelle",
            member=member_a,
            role="conseiller",
            invited_by=referent_a.user,
            base_url="http://testserver/",
        ),
        "priority_sector": PrioritySectorFactory(),
        "training_offer": TrainingOfferFactory(),
        "accessattempt": AccessAttempt.objects.create(**access, path_info="/", failures_since_start=1),
        "accesslog": AccessLog.objects.create(**access, path_info="/"),
        "accessfailurelog": AccessFailureLog.objects.create(**access, path_info="/", locked_out=False),
        # the users
        "anonymous": None,
        "conseiller_a": conseiller_a.user,
        "referent_a": referent_a.user,
        "conseiller_b": conseiller_b.user,
        "applicant": application.applicant,
        "instructor": staff(INSTRUCTION),
        "administrator": administrator,
    }
    return objects


def admin_kwargs(name: str, objects) -> dict:
    """The path arguments of an admin page: a real object of its model (the fixture's when it made one)."""
    if name == "view_on_site":
        site = objects["site_a"]
        return {"content_type_id": ContentType.objects.get_for_model(site).pk, "object_id": site.pk}
    if name == "app_list":
        return {"app_label": "structures"}
    if name == "auth_user_password_change":
        return {"id": objects["conseiller_a"].pk}
    route = _admin_route(name)
    if "object_id" not in route:
        return {}
    app_label, model_name = _model_of(name)
    model = apps.get_model(app_label, model_name)
    mine = [value for value in objects.values() if isinstance(value, model)]
    instance = mine[0] if mine else model._default_manager.order_by("pk").first()
    assert instance is not None, f"no {model_name} for {name}"
    kwargs = {"object_id": instance.pk}
    if "attachment_id" in route:
        kwargs["attachment_id"] = objects["attachment"].pk
    return kwargs


def _admin_route(name: str) -> str:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif pattern.name == name:
                yield prefix + str(pattern.pattern)

    return next(walk(get_resolver().namespace_dict["admin"][1].url_patterns))


def _model_of(name: str) -> tuple[str, str]:
    for model in apps.get_models():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model._meta.app_label, model._meta.model_name
    raise LookupError(name)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_each_role_gets_what_it_may_see(client, objects, name):
    expected = expectation(name)
    assert expected is not None, f"no expectation for {name}"
    if name.startswith("admin:"):
        kwargs = admin_kwargs(name.removeprefix("admin:"), objects)
    else:
        kwargs = PAGES[name][0]
        kwargs = kwargs(objects) if callable(kwargs) else kwargs or {}
    url = reverse(name, kwargs=kwargs)
    admin_login = reverse("admin:login")
    outcomes = {}
    for role in ROLES:
        client.logout()
        if objects[role] is not None:
            client.force_login(objects[role])
        response = client.get(url)
        outcome = response.status_code
        if outcome == 302 and response["Location"].startswith(reverse("pro:login") + "?next="):
            outcome = LOGIN
        elif outcome == 302 and response["Location"].startswith(admin_login + "?next="):
            outcome = ADMIN_LOGIN
        outcomes[role] = outcome
    wrong = {
        role: f"{outcomes[role]} instead of {expected[role]}"
        for role in ROLES
        if outcomes[role] != expected[role]
    }
    assert not wrong, f"{name}: {wrong}"
