"""What people do on the portal, in a real browser."""

import icalendar
import pytest

from events.selectors import TZ

pytestmark = pytest.mark.e2e


def test_search_places_by_commune_and_public_then_read_hours(portal, page):
    page.goto(portal.url + "/")
    page.get_by_label("Où ?").fill("Albi")
    page.get_by_role("button", name="Trouver un lieu").click()
    page.wait_for_url("**/lieux/?*commune=Albi*")
    page.get_by_label("Jeunes de 16 à 25 ans").check()
    page.get_by_role("button", name="Appliquer les filtres").first.click()
    page.wait_for_url("**public=jeunes**")
    heading = page.locator("#results-title").inner_text()
    assert "à moins de 20 km de Albi" in heading
    results = page.locator(".results-list .site-card__title a")
    assert results.count() >= 1
    first = results.first.inner_text()
    results.first.click()
    assert page.locator("h1").inner_text() == first
    rows = page.locator(".hours-table tbody tr")
    assert rows.count() == 7
    assert "aujourd'hui" in rows.first.inner_text()
    status = page.locator(".status--large").inner_text()
    assert status.startswith(("Ouvert", "Fermé", "Horaires non renseignés"))


def test_browse_agenda_open_event_and_download_ics(portal, page):
    page.goto(portal.url + "/agenda/")
    cards = page.locator(".event-card__title a")
    assert cards.count() >= 5
    cards.first.click()
    title = page.locator("h1").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    calendar = icalendar.Calendar.from_ical(open(download_info.value.path(), "rb").read())  # noqa: SIM115
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert event.decoded("DTSTART").tzinfo is not None
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [str(TZ)]


def test_search_works_without_javascript(portal, browser):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(portal.url + "/lieux/")
    page.get_by_label("Commune ou code postal").fill("Toulouse")
    page.get_by_label("Jeunes de 16 à 25 ans").check()
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**commune=Toulouse**")
    assert "à moins de 20 km de Toulouse" in page.locator("#results-title").inner_text()
    assert page.locator(".results-list .site-card").count() >= 1
    # Script-only controls stay hidden: nothing on the page depends on JavaScript.
    assert not page.get_by_role("button", name="Me localiser").is_visible()
    assert not page.get_by_role("button", name="Afficher la carte des lieux de cette page").is_visible()
    context.close()


def test_map_markers_are_all_in_the_list(portal, page):
    page.goto(portal.url + "/lieux/?commune=Toulouse&rayon=30")
    page.get_by_role("button", name="Afficher la carte des lieux de cette page").click()
    page.wait_for_selector(".leaflet-interactive")
    markers = page.locator(".leaflet-interactive")
    listed = set(page.locator(".results-list .site-card__title a").all_inner_texts())
    assert markers.count() == len(listed)
    for index in range(markers.count()):
        markers.nth(index).dispatch_event("click")
        name = page.locator(".leaflet-popup-content strong").last.inner_text()
        assert name in listed
