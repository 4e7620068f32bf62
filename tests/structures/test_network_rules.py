import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from structures.enums import SiteKind
from structures.selectors import network_violations
from tests.factories import SiteFactory, commune

SERVED = ["09", "12", "31", "32", "46", "65", "81", "82"]
MAIN_TOWNS = {"09": "09122", "12": "12202", "31": "31483", "32": "32013", "46": "46042", "65": "65440",
              "81": "81004", "82": "82121"}  # fmt: skip


def complete_network():
    central = SiteFactory(central=True)
    centres = {code: SiteFactory(associated_centre=True, parent=central, commune=commune(insee))
               for code, insee in MAIN_TOWNS.items()}  # fmt: skip
    return central, centres


def test_complete_network_passes(capsys):
    central, centres = complete_network()
    SiteFactory(relay_point=True, parent=centres["81"], commune=commune("81099"))
    assert network_violations() == []
    call_command("check_network")
    assert "Réseau conforme" in capsys.readouterr().out


def test_missing_central_site_and_centres_are_reported():
    violations = network_violations()
    assert "Aucune Cité des métiers (site central) n'est publiée." in violations
    assert "Ariège (09) : aucun centre associé." in violations
    assert len(violations) == 1 + len(SERVED)


def test_check_network_exits_1_with_one_line_per_violation(capsys):
    central, centres = complete_network()
    centres["81"].published = False
    centres["81"].save()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_network")
    assert exit_info.value.code == 1
    assert capsys.readouterr().out.strip().splitlines() == ["Tarn (81) : aucun centre associé."]


def test_too_many_centres_in_a_department_are_reported():
    central, centres = complete_network()
    for insee in ("81065", "81060"):  # Castres, Carmaux — forced in, as an import bypassing validation could
        SiteFactory(associated_centre=True, parent=central, commune=commune(insee))
    assert network_violations() == ["Tarn (81) : 3 centres associés (un ou deux attendus)."]


def test_wrong_parents_are_reported():
    central, centres = complete_network()
    SiteFactory(kind=SiteKind.RELAY_POINT, parent=central, name="Relais mal rattaché")
    Site = type(central)
    Site.objects.filter(pk=centres["09"].pk).update(parent=centres["12"])
    violations = network_violations()
    assert "Point relais « Relais mal rattaché » : il doit être rattaché à un centre associé." in violations
    assert any(v.startswith(f"Centre associé « {centres['09'].name} »") for v in violations)


def test_validation_refuses_a_second_central_site():
    SiteFactory(central=True)
    with pytest.raises(ValidationError) as error:
        SiteFactory.build(central=True, commune=commune("31555")).full_clean()
    assert "déjà un site central" in str(error.value)


def test_validation_refuses_a_third_associated_centre_in_a_department():
    central = SiteFactory(central=True)
    SiteFactory(associated_centre=True, parent=central, commune=commune("81004"))
    SiteFactory(associated_centre=True, parent=central, commune=commune("81065"))
    third = SiteFactory.build(associated_centre=True, parent=central, commune=commune("81060"))
    with pytest.raises(ValidationError, match="déjà deux centres associés"):
        third.full_clean(exclude=["member"])


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (SiteKind.ASSOCIATED_CENTRE, "rattaché à la Cité des métiers"),
        (SiteKind.RELAY_POINT, "rattaché à un centre associé"),
    ],
)
def test_validation_requires_the_right_parent(kind, message):
    site = SiteFactory.build(kind=kind, parent=None, commune=commune("31555"))
    with pytest.raises(ValidationError, match=message):
        site.full_clean(exclude=["member"])


def test_validation_refuses_invalid_opening_hours():
    site = SiteFactory.build(opening_hours="Lu-Ve 9h-17h", commune=commune("31555"))
    with pytest.raises(ValidationError, match="syntaxe OpenStreetMap"):
        site.full_clean(exclude=["member"])
