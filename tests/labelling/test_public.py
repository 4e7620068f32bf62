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


def test_places_and_member_pages_of_a_labelled_structure_show_the_badge(client):
    from tests.factories import SiteFactory

    today = timezone.localdate()
    member = MemberFactory(name="Association Passerelle")
    site = SiteFactory(member=member)
    assert "Structure labellisée SPRO" not in client.get(site.get_absolute_url()).content.decode()
    Label.objects.create(member=member, valid_from=today, valid_until=today.replace(year=today.year + 3))
    page = client.get(site.get_absolute_url()).content.decode()
    assert "Structure labellisée SPRO jusqu&#39;au" in page or "Structure labellisée SPRO jusqu'au" in page
    assert str(today.year + 3) in page
    assert "Structure labellisée SPRO" in client.get(member.get_absolute_url()).content.decode()
    Label.objects.filter(member=member).update(
        valid_until=today - timedelta(days=1), valid_from=today - timedelta(days=9)
    )
    from labelling.selectors import labels_invalidate

    labels_invalidate()  # a bulk update sends no signal: the cache keeps a label a minute at most
    assert "Structure labellisée SPRO" not in client.get(site.get_absolute_url()).content.decode()


def test_the_badge_costs_no_query_once_known(client, django_assert_max_num_queries):
    from tests.factories import SiteFactory

    site = SiteFactory()
    client.get(site.get_absolute_url())
    with django_assert_max_num_queries(5):  # the place page's own queries (README: 5 at most)
        client.get(site.get_absolute_url())
