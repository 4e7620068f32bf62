"""`export_all` / `import_all`: a round trip through an emptied database gives the same rows."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from governance.models import Committee, CommitteePerson
from labelling.models import LabellingApplication
from spro_portal.backup import EXPORTED_MODELS, SEEDED_MODELS, exported_models, model_counts
from structures.models import Member, Question, Site
from tests.factories import commune
from tests.labelling.factories import submitted


def _empty_business_tables():
    """What a new database (migrate, load_reference_data) holds: the seeded rows, no business row."""
    tables = [model._meta.db_table for model in exported_models() if model._meta.label not in SEEDED_MODELS]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending deferred checks
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def business_data():
    call_command("load_demo", verbosity=0)
    submitted(name="Association Round Trip")
    site = Site.objects.filter(published=True).first()
    Question.objects.create(
        site=site, member=site.member, email="personne@example.invalid", text="Une question de test.",
        commune=commune("31555"),
    )  # fmt: skip
    committee = Committee.objects.filter(department__isnull=False).first()
    CommitteePerson.objects.create(committee=committee, name="Camille Test", function="Présidente")


def test_export_then_import_into_an_empty_database_gives_identical_rows(business_data, tmp_path):
    before = model_counts()
    user = get_user_model().objects.get(email="region@demo.invalid")
    password_hash, groups = user.password, sorted(user.groups.values_list("name", flat=True))
    site = Site.objects.order_by("pk").last()
    application = LabellingApplication.objects.get(name="Association Round Trip")
    path = tmp_path / "export.jsonl"

    call_command("export_all", output=str(path), stdout=io.StringIO())
    _empty_business_tables()
    assert Member.objects.count() == 0 and get_user_model().objects.count() == 0
    out = io.StringIO()
    call_command("import_all", str(path), stdout=out)

    assert "Import terminé" in out.getvalue()
    assert model_counts() == before
    assert all(before[label] for label in ("auth.User", "structures.Site", "labelling.Attachment"))
    restored = get_user_model().objects.get(pk=user.pk)
    assert restored.password == password_hash and restored.check_password("demo-spro-2026")
    assert sorted(restored.groups.values_list("name", flat=True)) == groups
    restored_site = Site.objects.get(pk=site.pk)
    assert (restored_site.slug, restored_site.opening_hours) == (site.slug, site.opening_hours)
    assert Site.objects.filter(pk=site.pk, search_vector__isnull=False).exists()
    restored_application = LabellingApplication.objects.get(pk=application.pk)
    assert restored_application.applicant_id == application.applicant_id
    assert restored_application.attachments.count() == application.attachments.count()
    assert Question.objects.get(email="personne@example.invalid").text == "Une question de test."
    # The sequences moved past the imported ids: a new row gets a fresh one.
    new = Member.objects.create(
        identifier="nouveau-membre", name="Nouveau", slug="nouveau", category="region"
    )
    assert new.pk > Member.objects.exclude(pk=new.pk).order_by("-pk").first().pk


def test_import_refuses_a_database_that_is_not_empty(business_data, tmp_path):
    path = tmp_path / "export.jsonl"
    call_command("export_all", output=str(path), stdout=io.StringIO())
    before = model_counts()

    with pytest.raises(CommandError, match="La base n'est pas vide"):
        call_command("import_all", str(path), stdout=io.StringIO())

    assert model_counts() == before


def test_export_lists_every_business_model_and_no_reference_or_cache_table():
    assert "structures.Commune" not in EXPORTED_MODELS
    assert "events.CalendarEntry" not in EXPORTED_MODELS
    assert "structures.CommuneCoverage" not in EXPORTED_MODELS
    assert {"labelling.Attachment", "governance.Meeting", "events.Registration"} <= set(EXPORTED_MODELS)


def test_export_to_standard_output_writes_one_json_object_a_line(capsys):
    from tests.factories import ProfessionalFactory

    ProfessionalFactory()
    call_command("export_all")
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines and all(json.loads(line)["model"] for line in lines)
    assert {"auth.user", "structures.professional"} <= {json.loads(line)["model"] for line in lines}
    assert "Export terminé" in captured.err
