"""The employment zone's page (/zones/<code>/) with its population, main towns, priority sectors, training
offers by sector and the jobs they lead to (trainings.selectors.zones, through a Jinja global)."""

import datetime
import html
import re

from django.db.models import Sum
from django.utils import timezone

from structures.models import Commune, EmploymentZone, Sector
from tests.events.factories import EventFactory, PrioritySectorFactory
from tests.factories import SiteFactory
from tests.trainings.factories import (
    TrainingActionFactory,
    TrainingOfferFactory,
    TrainingSessionFactory,
    commune,
)

RODEZ_ZONE, RODEZ, TOULOUSE = "7621", "12202", "31555"


def text(response) -> str:
    return html.unescape(response.content.decode())


def section(page: str, title_id: str) -> str:
    return page.split(f'id="{title_id}"', 1)[1].split("</section>", 1)[0]


def test_population_and_main_towns(client):
    zone_communes = Commune.objects.filter(employment_zone_id=RODEZ_ZONE)
    population = zone_communes.aggregate(total=Sum("population"))["total"]
    towns = list(zone_communes.order_by("-population", "name")[:5])
    page = section(text(client.get(f"/zones/{RODEZ_ZONE}/")), "zone-population-title")
    grouped = f"{population:,}".replace(",", "\xa0")  # French grouping: a no-break space
    assert f"{grouped} habitants dans la zone." in page
    assert [town.name for town in towns][0] == "Rodez"
    for town in towns:
        assert f'<th scope="row">{town.name}</th>' in page
    assert page.count('<th scope="row">') == 5


def test_priority_sectors_of_this_year_or_the_latest_year(client):
    zone = EmploymentZone.objects.get(code=RODEZ_ZONE)
    year = timezone.localdate().year
    PrioritySectorFactory(employment_zone=zone, sector=Sector.objects.get(slug="j"), year=year - 1)
    page = section(text(client.get(f"/zones/{RODEZ_ZONE}/")), "zone-priorities-title")
    assert "Santé" in page
    assert f"voici ceux de {year - 1}" in page
    PrioritySectorFactory(employment_zone=zone, sector=Sector.objects.get(slug="n"), year=year)
    page = section(text(client.get(f"/zones/{RODEZ_ZONE}/")), "zone-priorities-title")
    assert "Transport et logistique" in page
    assert "Santé" not in page
    assert "voici ceux de" not in page


def test_training_offers_by_sector_and_the_jobs_they_lead_to(client):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    first = TrainingOfferFactory(
        title="Diplôme d'État d'aide-soignant", rome_codes=["J1501"], with_action=False
    )
    TrainingSessionFactory(action=TrainingActionFactory(offer=first), start=soon)
    TrainingOfferFactory(title="Auxiliaire de puériculture", rome_codes=["J1501", "J1304"])
    TrainingOfferFactory(title="Développeur web", rome_codes=["M1805"])
    elsewhere = TrainingOfferFactory(title="Formation à Toulouse", rome_codes=["N1101"], with_action=False)
    TrainingActionFactory(offer=elsewhere, commune=commune(TOULOUSE))
    page = text(client.get(f"/zones/{RODEZ_ZONE}/"))
    trainings = section(page, "zone-sector-j")
    assert "(2 formations)" in trainings
    assert trainings.index("Diplôme d'État d'aide-soignant") < trainings.index("Auxiliaire de puériculture")
    assert "Rodez" in trainings
    assert f"/formations/{first.pk}/" in trainings
    assert (
        f"/formations/?zone={RODEZ_ZONE}&amp;secteur=j" in page
        or f"/formations/?zone={RODEZ_ZONE}&secteur=j" in page
    )
    assert "(1 formation)" in section(page, "zone-sector-m")
    assert 'id="zone-sector-n"' not in page  # the Toulouse offer is in another zone
    jobs = section(page, "zone-jobs-title")
    assert jobs.index("/metiers/J1501/") < jobs.index("/metiers/M1805/")  # two offers, then one
    assert "Aide-soignant / Aide-soignante" in jobs
    assert "/metiers/N1101/" not in jobs


def test_each_sector_shows_its_three_next_offers_and_counts_them_all(client):
    for days in (50, 10, 40, 20, 30):
        offer = TrainingOfferFactory(title=f"Soins en {days} jours", rome_codes=["J1501"], with_action=False)
        day = timezone.localdate() + datetime.timedelta(days=days)
        TrainingSessionFactory(action=TrainingActionFactory(offer=offer), start=day)
    trainings = section(text(client.get(f"/zones/{RODEZ_ZONE}/")), "zone-sector-j")
    assert "(5 formations)" in trainings
    shown = re.findall(r"Soins en \d+ jours", trainings)
    assert shown == ["Soins en 10 jours", "Soins en 20 jours", "Soins en 30 jours"]


def test_places_and_events_are_kept(client):
    SiteFactory(name="Point d'accueil de Rodez", commune=commune(RODEZ))
    EventFactory(title="Forum de l'emploi de Rodez", commune=commune(RODEZ))
    page = text(client.get(f"/zones/{RODEZ_ZONE}/"))
    assert "Point d'accueil de Rodez" in page
    assert "Forum de l'emploi de Rodez" in page


def test_zone_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    zone = EmploymentZone.objects.get(code=RODEZ_ZONE)

    def visit() -> int:
        client.get(f"/zones/{RODEZ_ZONE}/")  # the cached taxonomies, cleared by writing members
        with django_assert_max_num_queries(12) as captured:
            assert client.get(f"/zones/{RODEZ_ZONE}/").status_code == 200
        return len(captured)

    PrioritySectorFactory(employment_zone=zone, sector=Sector.objects.get(slug="j"))
    TrainingOfferFactory(rome_codes=["J1501"])
    SiteFactory(commune=commune(RODEZ))
    EventFactory(commune=commune(RODEZ))
    few = visit()
    for index in range(8):
        offer = TrainingOfferFactory(rome_codes=["J1501", f"M18{index:02d}", "N1101"])
        TrainingSessionFactory(action=offer.actions.get())
        TrainingActionFactory(offer=offer)
        SiteFactory(commune=commune(RODEZ))
        EventFactory(commune=commune(RODEZ))
    assert visit() == few
