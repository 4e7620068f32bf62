import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from structures.coverage import coverage_compute
from structures.geo import distance_km
from structures.models import (
    Audience,
    Commune,
    CommuneCoverage,
    Department,
    EmploymentZone,
    Job,
    Project,
    Region,
    Scheme,
    Sector,
)
from structures.reference_data import DEFAULT_DIR, misplaced_communes_relocate
from tests.factories import SiteFactory


def test_all_of_france_is_loaded():
    assert 34_000 < Commune.objects.count() < 36_000
    assert Region.objects.count() == 26
    assert Department.objects.count() == 109
    assert EmploymentZone.objects.count() == 306
    assert Job.objects.count() == 1584


def test_toulouse_is_in_zone_7625_and_region_76():
    toulouse = Commune.objects.select_related("department").get(code="31555")
    assert toulouse.name == "Toulouse"
    assert toulouse.employment_zone_id == "7625"
    assert toulouse.department.region_id == "76"
    assert "31000" in toulouse.postcodes
    assert toulouse.latitude == pytest.approx(43.6, abs=0.05)


def test_zone_0052_arles_spans_two_departments():
    arles = EmploymentZone.objects.get(code="0052")
    assert arles.name == "Arles"
    assert set(arles.departments.values_list("code", flat=True)) == {"13", "30"}


def test_jobs_are_in_their_rome_domain():
    job = Job.objects.select_related("sector").get(code="A1101")
    assert job.sector.slug == "a"
    assert Sector.objects.count() == 14
    assert not Job.objects.exclude(sector__slug__in=list("abcdefghijklmn")).exists()


AUDIENCES = (
    "jeunes demandeurs-emploi actifs etudiants personnes-en-situation-de-handicap seniors femmes "
    "tous-publics eleves salaries agents-publics cadres independants-createurs parents"
)
SCHEMES = (
    "cep vae bilan-de-competences apprentissage cpf transition-professionnelle contrat-engagement-jeune "
    "service-civique"
)
PROJECTS = (
    "choisir-un-metier se-former changer-de-metier trouver-un-emploi creer-une-entreprise "
    "valider-son-experience decouvrir-un-secteur travailler-a-l-etranger"
)


@pytest.mark.parametrize(
    ("model", "slugs"),
    [
        (Audience, AUDIENCES.split()),
        (Scheme, SCHEMES.split()),
        (Project, PROJECTS.split()),
        (Sector, list("abcdefghijklmn")),
    ],
)
def test_taxonomies_are_seeded(model, slugs):
    assert set(slugs) <= set(model.objects.active().values_list("slug", flat=True))


def test_loading_again_is_idempotent_and_restores_edited_rows():
    Commune.objects.filter(code="31555").update(name="Tolosa", population=1)
    call_command("load_reference_data", verbosity=0)
    toulouse = Commune.objects.get(code="31555")
    assert (toulouse.name, toulouse.search_name) == ("Toulouse", "toulouse")
    assert toulouse.population > 400_000
    assert 34_000 < Commune.objects.count() < 36_000
    assert EmploymentZone.objects.get(code="0052").departments.count() == 2


@pytest.fixture
def data_copy(tmp_path):
    directory = tmp_path / "data"
    shutil.copytree(DEFAULT_DIR, directory)
    return directory


def break_line(path, line_number, replace, by):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert replace in lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(replace, by)
    path.write_text("".join(lines), encoding="utf-8")


def test_malformed_file_is_reported_with_file_and_line_and_changes_nothing(data_copy):
    Commune.objects.filter(code="31555").update(name="Tolosa")
    # A valid change early in the file, then a broken line further down: nothing may be written.
    communes = data_copy / "communes.csv"
    break_line(communes, 2, "L'Abergement-Clémenciat", "Renamed")
    break_line(communes, 1000, ",", ",,")
    with pytest.raises(CommandError, match=r"communes\.csv, ligne 1000"):
        call_command("load_reference_data", data_dir=data_copy, verbosity=0)
    assert Commune.objects.get(code="31555").name == "Tolosa"
    assert Commune.objects.get(code="01001").name == "L'Abergement-Clémenciat"


def test_bad_coordinate_is_reported(data_copy):
    break_line(data_copy / "communes.csv", 3, "46.0071", "quarante-six")
    with pytest.raises(CommandError, match=r"communes\.csv, ligne 3 : latitude « quarante-six » invalide"):
        call_command("load_reference_data", data_dir=data_copy, verbosity=0)


def test_unknown_department_is_reported(data_copy):
    break_line(data_copy / "departements.csv", 2, ",84", ",99")
    with pytest.raises(CommandError, match=r"departements\.csv, ligne 2 : région « 99 » inconnue"):
        call_command("load_reference_data", data_dir=data_copy, verbosity=0)


def test_missing_file_is_reported(data_copy):
    (data_copy / "zones_emploi.csv").unlink()
    with pytest.raises(CommandError, match=r"zones_emploi\.csv : fichier introuvable"):
        call_command("load_reference_data", data_dir=data_copy, verbosity=0)


def test_wrong_encoding_is_reported(data_copy):
    path = data_copy / "regions.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    with pytest.raises(CommandError, match=r"regions\.csv, ligne \d+ : encodage invalide"):
        call_command("load_reference_data", data_dir=data_copy, verbosity=0)


def test_missing_column_is_reported(data_copy):
    break_line(data_copy / "rome_metiers.csv", 1, "libelle", "intitule")
    with pytest.raises(
        CommandError, match=r"rome_metiers\.csv, ligne 1 : colonne\(s\) manquante\(s\) : libelle"
    ):
        call_command("load_reference_data", data_dir=data_copy, verbosity=0)


def test_dry_run_writes_nothing():
    Commune.objects.filter(code="31555").update(name="Tolosa")
    call_command("load_reference_data", dry_run=True, verbosity=0)
    assert Commune.objects.get(code="31555").name == "Tolosa"


# --- Misplaced town-hall points -----------------------------------------------------------------------


def test_communes_with_another_places_coordinates_are_moved_among_their_neighbours():
    luchon = Commune.objects.get(code="31042")  # Bagnères-de-Luchon: Cathervielle's postcode, 31110
    cathervielle = Commune.objects.get(code="31125")  # in the file: 45.99 N, 0.52 W (Charente-Maritime)
    assert distance_km(cathervielle.latitude, cathervielle.longitude, luchon.latitude, luchon.longitude) < 15
    caharet = Commune.objects.get(code="65118")  # in the file: 48.38 N (Sarthe)
    assert 43 < caharet.latitude < 43.4 and 0 < caharet.longitude < 0.5
    # Far from their département's centre but true: the west of Guyane, the south of Haute-Garonne.
    maripasoula = Commune.objects.get(code="97353")
    assert (maripasoula.latitude, maripasoula.longitude) == (3.6444, -54.0338)
    assert Commune.objects.get(code="31404").latitude == 42.76663  # Oô, on the Spanish border


def commune(code, department, postcode, latitude, longitude):
    return Commune(
        code=code, name=code, department_id=department, postcodes=[postcode], latitude=latitude,
        longitude=longitude,
    )  # fmt: skip


def test_a_misplaced_point_goes_to_its_postcodes_median_point_else_its_departments():
    # 40 communes around Toulouse, a valley of 5 at 180 km in the south (postcode 31110).
    plain = [commune(f"312{n:02}", "31", "31000", 43.6 + n / 100, 1.4 + n / 100) for n in range(40)]
    valley = [commune(f"311{n:02}", "31", "31110", 42.2 + n / 100, 0.5 + n / 100) for n in range(5)]
    flipped = commune("31199", "31", "31110", 42.22, -0.52 - 3)  # 290 km west of its valley
    alone = commune("31299", "31", "31999", 46.0, 1.4)  # no postcode neighbour, 250 km north
    relocated = misplaced_communes_relocate([*plain, *valley, flipped, alone])

    assert [move.commune for move in relocated] == [flipped, alone]
    assert (flipped.latitude, flipped.longitude) == (42.22, 0.515)  # its postcode's median point (6)
    assert relocated[0].basis == "code postal 31110" and relocated[0].was == (42.22, -3.52)
    assert 43.6 < alone.latitude < 44 and 1.4 < alone.longitude < 1.8  # the département's
    assert relocated[1].basis == "département 31"
    assert [(c.latitude, c.longitude) for c in valley] == [(42.2 + n / 100, 0.5 + n / 100) for n in range(5)]


def test_the_load_reports_the_moved_communes():
    out = StringIO()
    call_command("load_reference_data", dry_run=True, verbosity=1, stdout=out)
    assert "55 commune(s) dont les coordonnées étaient loin de leurs voisines" in out.getvalue()
    assert "Cathervielle" not in out.getvalue()
    out = StringIO()
    call_command("load_reference_data", dry_run=True, verbosity=2, stdout=out)
    assert (
        "Cathervielle (31125) : 45.988761, -0.521693 → 42.815029, 0.553616 (363 km, code postal 31110)"
        in (out.getvalue())
    )


def test_a_commune_that_moves_gets_its_distances_to_the_places_again():
    luchon = Commune.objects.get(code="31042")
    SiteFactory(associated_centre=True, commune=luchon, latitude=luchon.latitude, longitude=luchon.longitude)
    Commune.objects.filter(code="31125").update(latitude=45.988761, longitude=-0.521693)  # as in the file
    coverage_compute(communes=["31125"])
    assert CommuneCoverage.objects.get(commune="31125").reception_km > 300

    out = StringIO()
    call_command("load_reference_data", verbosity=0, stdout=out)

    assert CommuneCoverage.objects.get(commune="31125").reception_km < 15
    assert "1 commune(s) aux distances recalculées" in out.getvalue()
