import shutil

import pytest
from django.core.management import CommandError, call_command

from structures.models import (
    Audience,
    Commune,
    Department,
    EmploymentZone,
    Job,
    Project,
    Region,
    Scheme,
    Sector,
)
from structures.reference_data import DEFAULT_DIR


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
