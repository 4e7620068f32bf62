"""The public labelling page: the label, who can apply, the criteria, the labelled structures."""

from datetime import timedelta

from django.utils import timezone

from labelling.models import Criterion, Label
from tests.factories import MemberFactory


def test_the_charter_criteria_are_seeded_in_order():
    titles = list(Criterion.objects.active().values_list("title", flat=True))
    assert len(titles) == 11
    assert titles[0] == "Gratuité du service pour les personnes"
    assert "Participation au comité de suivi départemental" in titles


def test_page_lists_active_criteria_and_structures_labelled_today(client):
    Criterion.objects.filter(code="egalite").update(active=False)
    today = timezone.localdate()
    valid = MemberFactory(name="Association Trait d'union")
    Label.objects.create(
        member=valid, valid_from=today - timedelta(days=10), valid_until=today + timedelta(days=1000)
    )
    expired = MemberFactory(name="Maison de l'emploi ancienne")
    Label.objects.create(
        member=expired, valid_from=today - timedelta(days=1200), valid_until=today - timedelta(days=5)
    )
    response = client.get("/labellisation/")
    assert response.status_code == 200
    assert response.cookies == {}
    page = response.content.decode()
    assert "L.6111-5" in page
    assert "Gratuité du service pour les personnes" in page
    assert "Égalité femmes-hommes" not in page
    assert "Association Trait d&#39;union" in page
    assert "Maison de l&#39;emploi ancienne" not in page
    assert "label valable jusqu" in page


def test_page_query_count_does_not_grow_with_labels(client, django_assert_max_num_queries):
    today = timezone.localdate()
    for _n in range(20):
        Label.objects.create(member=MemberFactory(), valid_from=today, valid_until=today + timedelta(days=30))
    client.get("/labellisation/")
    with django_assert_max_num_queries(6):
        client.get("/labellisation/")
