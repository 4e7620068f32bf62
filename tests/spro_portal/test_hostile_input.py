"""Hostile input: generated query strings and form posts never make a public page fail or hang.

Each test runs 200 generated examples in the default run and 2,000 under `pytest -m hostile`.
"""

import time

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.events.factories import EventFactory
from tests.factories import SiteFactory
from tests.trainings.factories import TrainingOfferFactory

MAX_SECONDS = 2.0

DEFAULT_EXAMPLES = 200
EXAMPLES = [
    pytest.param(DEFAULT_EXAMPLES, id="200"),
    pytest.param(2000, id="2000", marks=pytest.mark.hostile),
]

PLACE_KEYS = [
    "q", "commune", "rayon", "lat", "lon", "public", "dispositif", "projet", "type", "ouvert",
    "accessibilite", "tri", "zone", "departement", "page", "format",
]  # fmt: skip
AGENDA_KEYS = [
    "q", "commune", "rayon", "lat", "lon", "public", "secteur", "projet", "type", "zone", "departement",
    "du", "au", "gratuit", "charte", "format", "page",
]  # fmt: skip
OFFER_KEYS = [
    "q", "metier", "secteur", "zone", "departement", "commune", "rayon", "lat", "lon", "niveau",
    "certifiante", "du", "au", "page",
]  # fmt: skip
ORIENTATION_KEYS = [
    "commune", "lat", "lon", "public", "projet", "situation", "etape", "age", "dispositif", "page",
]  # fmt: skip

unicode = st.characters(blacklist_categories=("Cs",))  # surrogates cannot be encoded
weird_text = st.text(alphabet=unicode, max_size=50)
values = st.one_of(
    weird_text,
    st.text(alphabet=unicode, min_size=1, max_size=3).map(lambda s: s * 4000),  # 4,000 to 12,000 chars
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["", "0", "-1", "-999999", "1e308", "nan", "inf", "-inf", "NaN", "\x00", "2024-02-30", "9999-12-31",
         "0000-00-00", "1" * 10_000, "75001", "Paris", "<script>", "' OR 1=1 --", "%", "_", "\\", "a&b=c"]
    ),
)  # fmt: skip


def params_for(keys):
    name = st.one_of(st.sampled_from(keys), weird_text)
    return st.lists(st.tuples(name, values), max_size=12)


def timed_get(client, path, params):
    started = time.perf_counter()
    response = client.get(path, params and _multi(params))
    elapsed = time.perf_counter() - started
    return response, elapsed


def _multi(pairs):
    data = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


def _data():
    SiteFactory.create_batch(3)
    EventFactory.create_batch(3)
    TrainingOfferFactory.create_batch(3)


def _check(response, elapsed, what):
    assert response.status_code < 500, what
    assert elapsed < MAX_SECONDS, (elapsed, what)


@pytest.mark.parametrize("examples", EXAMPLES)
@pytest.mark.parametrize(
    ("path", "keys"),
    [
        ("/lieux/", PLACE_KEYS),
        ("/lieux.geojson", PLACE_KEYS),
        ("/agenda/", AGENDA_KEYS),
        ("/agenda.ics", AGENDA_KEYS),
        ("/orientation/", ORIENTATION_KEYS),
        ("/formations/", OFFER_KEYS),
    ],
)
def test_generated_query_strings_never_fail_nor_hang(client, path, keys, examples):
    _data()

    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=examples <= DEFAULT_EXAMPLES,  # the default run is the same at every CI run
    )
    @given(params_for(keys))
    def run(pairs):
        response, elapsed = timed_get(client, path, pairs)
        _check(response, elapsed, pairs)

    run()


form_data = st.dictionaries(st.one_of(weird_text, st.sampled_from(["x"])), values, max_size=6)


def _post_examples(client, path, field_names, examples):
    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=examples <= DEFAULT_EXAMPLES,  # the default run is the same at every CI run
    )
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(field_names, values)), form_data)
    def run(known, extra):
        cache.clear()
        data = {**extra, **known}
        started = time.perf_counter()
        response = client.post(path, data)
        _check(response, time.perf_counter() - started, data)

    run()


@pytest.mark.parametrize("examples", EXAMPLES)
def test_question_form_resists_generated_posts(client, examples):
    site = SiteFactory()
    _post_examples(client, f"/lieux/{site.slug}/question/", ["name", "email", "text", "consent"], examples)


@pytest.mark.parametrize("examples", EXAMPLES)
def test_labelling_account_form_resists_generated_posts(client, examples):
    fields = ["last_name", "first_name", "email", "password1", "password2", "consent"]
    _post_examples(client, "/labellisation/candidater/compte/", fields, examples)


@pytest.mark.parametrize("examples", EXAMPLES)
def test_pro_login_resists_generated_posts(client, settings, examples):
    settings.AXES_ENABLED = False
    _post_examples(client, "/espace-pro/connexion/", ["username", "password"], examples)


@pytest.mark.parametrize("examples", EXAMPLES)
def test_pro_site_edit_resists_generated_posts(pro_client, professional, examples):
    site = professional.member.sites.first()
    fields = ["phone", "free_phone", "email", "website", "chat_url", "appointment_url", "accessibility"]
    _post_examples(pro_client, f"/espace-pro/lieux/{site.slug}/modifier/", fields, examples)


# --- Uploads (the other checks live in tests/governance/test_documents.py and tests/labelling/) -----


def test_a_labelling_attachment_with_a_hostile_name_is_stored_privately_under_a_random_name():
    from django.conf import settings as django_settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from labelling import services
    from labelling.enums import AttachmentKind
    from tests.labelling.factories import PDF, draft

    application = draft()
    upload = SimpleUploadedFile("../../etc/pass\x00\x1b[31mwd\n.pdf", PDF, content_type="application/pdf")
    attachment = services.attachment_add(
        application=application, user=application.applicant, upload=upload, kind=AttachmentKind.STATUTES
    )
    assert attachment.original_name == "pass[31mwd.pdf"  # no path, no control characters
    assert "pass" not in attachment.file.name and "etc" not in attachment.file.name
    path = attachment.file.path
    assert path.startswith(str(django_settings.PRIVATE_FILES_ROOT))
    assert not path.startswith(str(django_settings.MEDIA_ROOT))
    assert not path.startswith(str(django_settings.STATIC_ROOT))


def test_a_labelling_attachment_over_the_size_limit_is_refused(monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance import uploads
    from labelling import services
    from labelling.enums import AttachmentKind
    from labelling.models import Attachment
    from tests.labelling.factories import PDF, draft

    monkeypatch.setattr(uploads, "MAX_BYTES", 100)
    application = draft()
    upload = SimpleUploadedFile("lourd.pdf", PDF + b"0" * 200, content_type="application/pdf")
    with pytest.raises(services.LabellingError, match="10 Mo au plus"):
        services.attachment_add(
            application=application, user=application.applicant, upload=upload, kind=AttachmentKind.STATUTES
        )
    assert not Attachment.objects.exists()


# --- Regressions -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/lieux/", "/agenda/", "/orientation/", "/formations/"])
def test_a_very_long_value_is_refused_with_a_message_and_not_echoed_whole(client, path):
    """Regression: a 10,000-character `q` or `commune` was echoed whole in the search box and in the
    "remove this criterion" and calendar links (pages of 40 to 85 kB)."""
    SiteFactory()
    response = client.get(path, {"q": "a" * 10_000, "commune": "b" * 10_000, "page": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "au plus" in page  # refused, in French
    assert "a" * 201 not in page and "b" * 201 not in page


@pytest.mark.parametrize("page", ["99999999999999999", "9223372036854775807", "-5", "1e9"])
def test_geojson_page_numbers_far_beyond_the_places_give_an_empty_page(client, page):
    """Regression: a page number whose offset exceeds a bigint raised NumericValueOutOfRange (a 500)."""
    response = client.get("/lieux.geojson", {"page": page})
    assert response.status_code == 200
    assert response.json()["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    "query", [{"au": "9999-12-31"}, {"du": "0001-01-01"}, {"du": "0001-01-01", "au": "9999-12-31"}]
)
def test_agenda_accepts_dates_at_the_ends_of_the_calendar(client, query):
    """Regression: `au=9999-12-31` raised OverflowError (a 500) when computing the day after."""
    EventFactory()
    assert client.get("/agenda/", query).status_code == 200
    assert client.get("/agenda.ics", query).status_code == 200
