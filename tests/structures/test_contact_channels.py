"""The "Nous contacter" block of a place's page: each channel with when it answers, from the hours."""

import html
from datetime import datetime
from unittest import mock

from structures import hours
from structures.hours import TZ
from tests.factories import SiteFactory

OFFICE = "Mo-Fr 09:00-12:30,13:30-17:30; PH off"
ALWAYS_OPEN = "Mo-Su 00:00-24:00"
THURSDAY_10H = datetime(2026, 7, 16, 10, 0, tzinfo=TZ)
THURSDAY_19H = datetime(2026, 7, 16, 19, 0, tzinfo=TZ)
FRIDAY_19H = datetime(2026, 7, 17, 19, 0, tzinfo=TZ)


def contact_block(client, site, now) -> str:
    with mock.patch("django.utils.timezone.now", return_value=now):
        response = client.get(site.get_absolute_url())
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    return content.split('id="contact-title"')[1].split("</section>")[0]


def test_open_place_is_reachable_now_until_it_closes(client):
    site = SiteFactory(opening_hours=OFFICE, phone="01 99 00 12 34", free_phone="0 805 00 00 00")
    block = contact_block(client, site, THURSDAY_10H)
    assert block.count("Joignable maintenant (jusqu'à 12 h 30)") == 2  # the phone and the numéro vert
    assert 'href="tel:0199001234"' in block
    assert "Numéro vert (appel gratuit)" in block


def test_closed_place_gives_its_next_opening_tomorrow(client):
    site = SiteFactory(opening_hours=OFFICE)
    block = contact_block(client, site, THURSDAY_19H)
    assert "Rappel possible demain à 9 h" in block
    assert "Joignable maintenant" not in block


def test_closed_on_friday_evening_gives_monday(client):
    site = SiteFactory(opening_hours=OFFICE)
    assert "Rappel possible lundi à 9 h" in contact_block(client, site, FRIDAY_19H)


def test_place_open_all_the_time_is_reachable_now_without_an_end(client):
    site = SiteFactory(opening_hours=ALWAYS_OPEN)
    block = contact_block(client, site, FRIDAY_19H)
    assert "Joignable maintenant" in block
    assert "jusqu'à" not in block


def test_place_without_hours_says_so_for_its_phone(client):
    site = SiteFactory(opening_hours="")
    assert "Horaires non renseignés" in contact_block(client, site, THURSDAY_10H)


def test_chat_is_available_during_the_hours(client):
    site = SiteFactory(opening_hours=OFFICE, chat_url="https://chat.example.org/")
    assert "Disponible maintenant (jusqu'à 12 h 30)" in contact_block(client, site, THURSDAY_10H)
    block = contact_block(client, site, THURSDAY_19H)
    assert "Disponible demain à 9 h" in block
    assert 'href="https://chat.example.org/" rel="noopener">Discuter en ligne avec un conseiller' in block


def test_email_and_online_question_answer_by_email(client):
    site = SiteFactory(email="contact@demo.invalid")
    block = contact_block(client, site, THURSDAY_19H)
    assert 'href="mailto:contact@demo.invalid"' in block
    assert f'href="/lieux/{site.slug}/question/">Poser une question en ligne</a>' in block
    assert block.count("réponse par e-mail") + block.count("Réponse par e-mail") == 2


def test_site_page_with_its_channels_sets_no_cookie(client):
    site = SiteFactory(email="contact@demo.invalid", chat_url="https://chat.example.org/")
    response = client.get(site.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies


def test_availability_reads_times_the_french_way():
    assert hours.availability(OFFICE, THURSDAY_10H) == hours.Availability("open", until="12 h 30")
    lunch = datetime(2026, 7, 16, 12, 45, tzinfo=TZ)
    assert hours.availability(OFFICE, lunch) == hours.Availability("closed", opens="aujourd'hui à 13 h 30")
    late = "Mo-Fr 08:00-24:00"
    assert hours.availability(late, FRIDAY_19H).until == "minuit"
    assert hours.availability("off", THURSDAY_10H) == hours.Availability("closed")
    # A week away or more: the date.
    assert hours.availability("Jul 27 09:00-12:00", THURSDAY_10H).opens == "le 27 juillet à 9 h"
