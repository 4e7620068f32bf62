"""The LHÉO import (`import_lheo`, trainings.services, trainings.lheo): the sample flow, LHÉO 2.3, --dry-run,
--full, memory on a 30,000-offer flow, the demo (hostile and invalid flows: test_lheo_refusals.py)."""

import datetime
import io
import tracemalloc
from pathlib import Path

import pytest
from django.utils import timezone

from trainings.cleaning import html_to_text, web_address
from trainings.demo import OFFERS, demo_load
from trainings.enums import ExitLevel, TeachingMode
from trainings.lheo import LheoReader
from trainings.models import TrainingAction, TrainingOffer, TrainingSession
from trainings.services import DEMO_SOURCE, LheoImportError, lheo_import

from .factories import TrainingOfferFactory
from .lheo_flows import NS22, SAMPLE, after_place, counts, flow, formation, run

# --- The sample flow ---------------------------------------------------------------------------------


def test_sample_flow_imports_with_its_facts():
    output = run(SAMPLE)

    assert "1 créées" in output
    offer = TrainingOffer.objects.get()
    assert offer.number == "9436_18706"
    assert offer.title == "BTS négociation et relation client"
    assert offer.certifying is True
    assert offer.exit_level == ExitLevel.LEVEL_5  # LHÉO 2.2 code 6: niveau III (BTS)
    assert offer.rome_codes == ["D1402", "D1403", "D1408"]
    assert offer.rome_domains == ["D"]
    assert offer.formacode_codes == ["34582", "34076"]
    assert offer.nsf_codes == ["312"]
    assert (offer.rncp_code, offer.certifinfo_code) == ("474", "19004")
    assert offer.url == "https://www2.cndp.fr/archivage/valid/brochadmin/bouton/c052.htm"
    assert offer.organisation_name == "Lycée Kerneuzec"
    assert offer.organisation_siret == "19290076900014"
    assert offer.organisation_phone == "02 98 96 48 00"
    assert offer.organisation_email == "ce.0290076a@ac-rennes.fr"
    assert offer.organisation_url == "https://lyceedekerneuzec.fr"
    assert (offer.source, offer.lheo_version) == ("exemple-bts-onisep.xml", "2.2")
    assert "<" not in offer.content and "\n- Relation client" in offer.content
    assert offer.objective.startswith("A la fois vendeur, manager et commercial")
    assert "negociation" in offer.search_text and "quimperle" in offer.search_text

    action = offer.actions.get()
    assert action.place_name == "Lycée Kerneuzec"
    assert (action.address, action.postcode, action.city) == ("Kerneuzec", "29391", "QUIMPERLÉ")
    assert action.commune_id == "29233" and action.employment_zone_id == action.commune.employment_zone_id
    assert action.department_code == "29"
    assert (action.latitude, action.longitude) == (47.882108, -3.5526545)
    assert action.rhythm == "Temps plein" and action.teaching_mode == TeachingMode.ON_SITE
    assert action.funding_possible is True and action.duration == "2 ans"
    assert action.url == "https://lyceedekerneuzec.fr"
    session = action.sessions.get()
    assert (session.start, session.end) == (datetime.date(2015, 9, 1), datetime.date(2017, 8, 31))
    assert session.registration_address.startswith("Lycée Kerneuzec, Kerneuzec, 29391 QUIMPERLÉ")


def test_sample_flow_reimports_idempotently():
    run(SAMPLE)
    offer = TrainingOffer.objects.get()
    action_pk = offer.actions.get().pk
    before = counts()

    output = run(SAMPLE)

    assert "0 créées, 0 mises à jour, 1 inchangées" in output
    assert counts() == before
    assert TrainingOffer.objects.get().pk == offer.pk
    assert TrainingAction.objects.get().pk == action_pk  # unchanged: not rewritten
    assert TrainingOffer.objects.get().imported_at > offer.imported_at  # seen again in this run


def test_a_changed_offer_is_updated_and_its_actions_replaced(tmp_path):
    run(flow(tmp_path, formation("OF-1", actions=2)))
    offer = TrainingOffer.objects.get()

    output = run(flow(tmp_path, formation("OF-1", title="CAP Cuisine (apprentissage)", actions=1)))

    assert "0 créées, 1 mises à jour" in output
    offer.refresh_from_db()
    assert offer.title == "CAP Cuisine (apprentissage)"
    assert counts() == (1, 1, 1)


def test_the_commune_gives_zone_department_and_coordinates_when_the_flow_has_none(tmp_path):
    run(flow(tmp_path, formation("OF-1")))

    action = TrainingAction.objects.select_related("commune").get()
    assert action.commune_id == "12202"
    assert action.employment_zone_id == "7621"
    assert action.department_code == "12"
    assert (action.latitude, action.longitude) == (action.commune.latitude, action.commune.longitude)


def test_an_unknown_insee_code_keeps_the_city_without_commune(tmp_path):
    run(flow(tmp_path, formation("OF-1", insee="99999")))

    action = TrainingAction.objects.get()
    assert action.commune is None and action.employment_zone is None
    assert (action.city, action.department_code) == ("Rodez", "12")


def test_permanent_entry_dates_are_stored_as_no_date(tmp_path):
    run(flow(tmp_path, formation("OF-1", start="00000000", end="99999999")))

    session = TrainingSession.objects.get()
    assert (session.start, session.end) == (None, None)


@pytest.mark.parametrize(
    ("namespace", "level", "expected"),
    [
        ("http://lheo.gouv.fr/2.3", "16", ExitLevel.LEVEL_6),  # the 2019 levels of LHÉO 2.3 (11-18)
        ("http://www.lheo.org/2.3", "13", ExitLevel.LEVEL_3),
        ("http://lheo.gouv.fr/2.3", "7", ExitLevel.LEVEL_6),  # the 1969 codes are still valid in 2.3
        ("http://lheo.gouv.fr/2.3", "0", None),
    ],
)
def test_lheo_23_flows_import_with_their_levels(tmp_path, namespace, level, expected):
    run(flow(tmp_path, formation("OF-23", level=level), namespace=namespace))

    offer = TrainingOffer.objects.get()
    assert offer.lheo_version == "2.3"
    assert offer.exit_level == expected


def test_an_action_given_in_several_places_is_offered_in_each(tmp_path):
    millau = (
        "<lieu-de-formation><coordonnees><ligne>Antenne de Millau</ligne><adresse><ligne>2 rue du Rajol"
        "</ligne><codepostal>12100</codepostal><ville>Millau</ville><code-INSEE-commune>12145"
        "</code-INSEE-commune></adresse></coordonnees></lieu-de-formation>"
    )
    offer = after_place(formation("OF-23"), millau)
    run(flow(tmp_path, offer, namespace="http://lheo.gouv.fr/2.3"))

    actions = TrainingAction.objects.order_by("pk")
    assert [(action.place_name, action.commune_id) for action in actions] == [
        ("CFA de Rodez", "12202"),
        ("Antenne de Millau", "12145"),
    ]
    assert [action.sessions.get().start for action in actions] == [datetime.date(2030, 9, 1)] * 2
    assert {action.rhythm for action in actions} == {"Temps plein"}


def test_the_actions_store_their_session_dates_and_an_unchanged_reimport_brings_them_up_to_date(tmp_path):
    sessions = (
        '<session numero="S1"><periode><debut>20300105</debut><fin>20300605</fin></periode></session>'
        '<session numero="S2"><periode><debut>20310105</debut><fin>20310605</fin></periode></session>'
        '<session numero="S3"><periode><debut>00000000</debut><fin>99999999</fin></periode></session>'
    )
    offer = after_place(formation("OF-D"), sessions)
    path = flow(tmp_path, offer)
    day = timezone.make_aware(datetime.datetime(2029, 6, 1, 12))

    with path.open("rb") as source:
        lheo_import(source=source, source_name="flux.xml", now=day)
    action = TrainingAction.objects.get()
    assert (action.upcoming_start, action.last_start, action.permanent_entry) == (
        datetime.date(2030, 1, 5),
        datetime.date(2031, 1, 5),
        True,
    )
    a_year_later = day + datetime.timedelta(days=365)
    with path.open("rb") as source:
        result = lheo_import(source=source, source_name="flux.xml", now=a_year_later)
    assert result.unchanged == 1
    action.refresh_from_db()
    assert action.upcoming_start == datetime.date(2030, 9, 1)  # formation()'s own; 5 January has passed


def test_html_of_the_descriptions_becomes_plain_text():
    text = html_to_text(
        "<p>Objectifs :</p><ul><li>cuisiner</li><li>servir &amp; accueillir</li></ul>"
        "<script>alert(1)</script><p>Fin<br/>de texte</p>"
    )
    assert text == "Objectifs :\n- cuisiner\n- servir & accueillir\nFin\nde texte"


def test_web_addresses_get_a_scheme_and_bad_ones_are_dropped():
    assert web_address("lyceedekerneuzec.fr") == "https://lyceedekerneuzec.fr"
    assert web_address("http://exemple.fr/a") == "http://exemple.fr/a"
    assert web_address("javascript:alert(1)") == ""
    assert web_address("-") == ""


# --- --dry-run, --full --------------------------------------------------------------------------------


def test_dry_run_writes_nothing(tmp_path):
    run(SAMPLE)
    before = counts()

    output = run(flow(tmp_path, formation("OF-1"), formation("OF-2")), "--dry-run", "--full")

    assert "2 créées" in output and "1 supprimées" in output and "Rien n'a été écrit" in output
    assert counts() == before


def test_full_removes_the_offers_absent_from_the_flow(tmp_path):
    run(flow(tmp_path, formation("OF-1"), formation("OF-2")))
    demo = TrainingOfferFactory(number="DEMO-999", source=DEMO_SOURCE)

    run(flow(tmp_path, formation("OF-2")))  # not a full flow: nothing removed
    assert set(TrainingOffer.objects.values_list("number", flat=True)) == {"OF-1", "OF-2", "DEMO-999"}

    output = run(flow(tmp_path, formation("OF-2")), "--full")

    assert "1 supprimées" in output
    assert set(TrainingOffer.objects.values_list("number", flat=True)) == {"OF-2", demo.number}
    assert counts()[1:] == (2, 2)  # OF-2's and the demo offer's action and session


# --- Memory: flat on a regional flow of 30,000 offers --------------------------------------------------


def write_flow(path: Path, count: int, *, minimal: bool = False) -> None:
    """A generated flow of `count` offers, written as a stream (never held in memory); `minimal`: only the
    required elements (the memory test reads 31,000 offers under tracemalloc, which slows Python down)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="{NS22}"><offres>')
        for index in range(count):
            number, title = f"GEN-{index:06d}", f"Formation générée n° {index}"
            out.write(
                f'<formation numero="{number}"><domaine-formation/><intitule-formation>{title}'
                "</intitule-formation><action><lieu-de-formation><coordonnees><ligne>CFA</ligne>"
                "</coordonnees></lieu-de-formation></action><organisme-formation-responsable>"
                "<nom-organisme>CFA</nom-organisme></organisme-formation-responsable></formation>"
                if minimal
                else formation(number, title=title)
            )
        out.write("</offres></lheo>")


def _peak_of_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        with path.open("rb") as source:
            reader = LheoReader(source)
            read = sum(1 for _offer in reader.offers())
        assert reader.errors == []
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return read, peak


def test_memory_stays_flat_on_a_30000_offer_flow(tmp_path):
    """Parsing and validating (the import's reading path) 30,000 offers peaks like 1,000 offers; the writes go
    by batches of trainings.services.BATCH_SIZE whatever the flow's size."""
    small, large = tmp_path / "1000.xml", tmp_path / "30000.xml"
    write_flow(small, 1_000, minimal=True)
    write_flow(large, 30_000, minimal=True)

    read_small, peak_small = _peak_of_reading(small)
    read_large, peak_large = _peak_of_reading(large)

    assert (read_small, read_large) == (1_000, 30_000)
    assert large.stat().st_size > 25 * small.stat().st_size
    assert peak_large < peak_small + 256 * 1024, (peak_small, peak_large)  # measured: ~50 kB both


def test_a_generated_flow_imports_by_batches(tmp_path):
    path = tmp_path / "1200.xml"
    write_flow(path, 1_200)  # more than two batches

    output = run(path)

    assert "1200 offres lues" in output
    assert counts() == (1_200, 1_200, 1_200)
    assert "0 créées, 0 mises à jour, 1200 inchangées" in run(path)


# --- The demo offers ------------------------------------------------------------------------------------


def test_demo_offers_import_and_reimport_without_change():
    first = demo_load()
    before = counts()

    second = demo_load()

    assert first.created == len(OFFERS) >= 30
    assert (second.created, second.updated, second.removed, second.unchanged) == (0, 0, 0, len(OFFERS))
    assert counts() == before
    assert set(TrainingOffer.objects.values_list("source", flat=True)) == {DEMO_SOURCE}
    assert all(
        number.startswith("DEMO-") for number in TrainingOffer.objects.values_list("number", flat=True)
    )


def test_demo_has_the_aide_soignant_diploma_near_rodez_with_upcoming_sessions():
    demo_load()
    today = timezone.localdate()

    actions = TrainingAction.objects.filter(
        offer__title="Diplôme d'État d'aide-soignant", offer__rome_codes__contains=["J1501"]
    ).near(44.3506, 2.5750, 60)  # Rodez
    communes = {action.commune_id: action.pk for action in actions}

    assert "12202" in communes and len(communes) >= 2
    upcoming = TrainingSession.objects.filter(action__in=communes.values(), start__gt=today)
    assert {session.action_id for session in upcoming} == set(communes.values())
    domains = TrainingOffer.objects.filter(actions__employment_zone_id="7621").values_list(
        "rome_domains", flat=True
    )
    assert len({letter for letters in domains for letter in letters}) >= 5  # Rodez zone: several sectors


def test_a_real_full_flow_keeps_the_demo_offers(tmp_path):
    demo_load()

    run(flow(tmp_path, formation("OF-1")), "--full")

    assert TrainingOffer.objects.filter(source=DEMO_SOURCE).count() == len(OFFERS)


def test_the_service_refuses_an_empty_flow():
    with pytest.raises(LheoImportError, match="aucune offre"):
        lheo_import(
            source=io.BytesIO(f'<lheo xmlns="{NS22}"><offres/></lheo>'.encode()), source_name="vide.xml"
        )
