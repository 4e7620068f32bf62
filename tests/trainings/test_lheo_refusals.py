"""The LHÉO import refuses hostile and invalid flows with a clear message naming the offer and the element,
and writes nothing."""

import pytest

from trainings.models import TrainingOffer

from .lheo_flows import NS22, SAMPLE, counts, flow, formation, refused, run

# --- Refused flows: a clear message, nothing written ---------------------------------------------------

BILLION_LAUGHS = (
    '<!DOCTYPE lheo [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)
EXTERNAL_ENTITY = '<!DOCTYPE lheo [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'


def _refusals():
    ok = formation("OF-2")
    return {
        "xml bomb": ({"prolog": BILLION_LAUGHS}, [formation("OF-2", title="&lol3;")], "DOCTYPE"),
        "external entity": (
            {"prolog": EXTERNAL_ENTITY},
            [formation("OF-2", title="&secret;")],
            "entités externes",
        ),
        "unknown namespace": ({"namespace": "http://example.org/autre"}, [ok], "http://example.org/autre"),
        "missing title": (
            {},
            [ok, formation("OF-9", title="")],
            "offre OF-9, /lheo/offres/formation[3]/intitule-formation",
        ),
        "missing organisation name": (
            {},
            [formation("OF-9", organisation="<raison-sociale>x</raison-sociale>")],
            "offre OF-9, /lheo/offres/formation[2]/organisme-formation-responsable/nom-organisme",
        ),
        "offer without action": (
            {},
            [formation("OF-9", actions=0)],
            "offre OF-9, /lheo/offres/formation[2]/action : aucune action",
        ),
        "action without place": (
            {},
            [ok, ok.replace("OF-2", "OF-3"), formation("OF-9", place=False)],
            "offre OF-9, /lheo/offres/formation[4]/action[1]/lieu-de-formation : lieu de formation manquant",
        ),
        "bad date": (
            {},
            [formation("OF-9", start="20241345")],
            "offre OF-9, /lheo/offres/formation[2]/action[1]/session[1]/periode/debut : "
            "date « 20241345 » invalide",
        ),
        "unknown level": (
            {},
            [formation("OF-9", level="16")],
            "code de niveau « 16 » inconnu",
        ),  # a 2.3 code in 2.2
    }


@pytest.mark.parametrize("case", list(_refusals()))
def test_invalid_or_hostile_flows_are_refused_and_write_nothing(tmp_path, case):
    options, formations, message = _refusals()[case]  # formation[1] of the flow is `changed` below
    run(SAMPLE)
    existing = TrainingOffer.objects.get()
    before = counts()
    # the flow also changes the existing offer: that change must not be written either
    changed = formation(existing.number, title="Titre modifié")

    output = refused(flow(tmp_path, changed, *formations, **options))

    assert message in output
    assert "Rien n'a été modifié" in output
    assert counts() == before
    assert TrainingOffer.objects.get().title == existing.title


def test_malformed_xml_is_refused_with_line_and_column(tmp_path):
    path = tmp_path / "casse.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<lheo xmlns="{NS22}"><offres>\n<formation numero="1">\n</offres></lheo>'
    )

    output = refused(path)

    assert "XML bien formé (ligne 4, colonne" in output
    assert counts() == (0, 0, 0)


def test_an_undeclared_entity_is_refused_with_its_place(tmp_path):
    output = refused(flow(tmp_path, formation("OF-1", title="&secret;")))

    assert "XML bien formé (ligne 2, colonne" in output and "secret" in output
    assert counts() == (0, 0, 0)


def test_a_root_other_than_lheo_is_refused(tmp_path):
    path = tmp_path / "autre.xml"
    path.write_text(f'<offres xmlns="{NS22}"/>')

    assert "n'est pas un flux LHÉO" in refused(path)


def test_a_missing_file_is_reported(tmp_path):
    assert "Impossible de lire" in refused(tmp_path / "absent.xml")


def test_a_number_twice_in_the_flow_is_refused(tmp_path):
    output = refused(flow(tmp_path, formation("OF-1"), formation("OF-1")))

    assert "OF-1" in output and "deux fois" in output
    assert counts() == (0, 0, 0)
