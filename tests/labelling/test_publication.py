"""What approval publishes: the places in the public search and on their pages, with the label's badge."""

from labelling import services
from tests.factories import SiteFactory, commune

from .factories import with_opinion


def test_an_approved_place_appears_in_the_search_with_its_badge(
    client, staff_user, django_assert_max_num_queries
):
    SiteFactory(associated_centre=True, name="MCEF d'Albi", commune=commune("81004"))
    application = with_opinion(staff_user)
    services.application_approve(application=application, user=staff_user)
    application.refresh_from_db()
    until = application.label.valid_until
    with django_assert_max_num_queries(15):
        response = client.get("/lieux/", {"commune": "Albi", "rayon": "10"})
    page = response.content.decode()
    assert "Point relais Cap Avenir" in page
    assert f"Structure labellisée SPRO jusqu&#39;au {until.day}" in page
    site = application.sites.get().site
    detail = client.get(site.get_absolute_url()).content.decode()
    assert "Structure labellisée SPRO jusqu" in detail
    assert "MCEF d&#39;Albi" in detail  # the associated centre it is attached to


def test_places_of_members_without_a_label_have_no_badge(client):
    SiteFactory(name="Lieu sans label", commune=commune("81004"))
    page = client.get("/lieux/", {"commune": "Albi", "rayon": "10"}).content.decode()
    assert "Lieu sans label" in page
    assert "labellisée SPRO" not in page
