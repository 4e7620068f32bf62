"""Importing members and sites from spreadsheets (commands and shared resources): all or nothing."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from structures.enums import MemberCategory, ServiceLevel, SiteKind
from structures.import_files import CSVFormat, XLSXFormat
from structures.models import Member, Scheme, ServiceOffer, Site
from structures.resources import SITE_COLUMNS, SiteResource
from tests.factories import MemberFactory, SiteFactory, commune

HOURS = "Mo-Fr 09:00-12:30,13:30-17:00; PH off"


def csv_bytes(rows, columns=SITE_COLUMNS, delimiter=",", encoding="utf-8"):
    """A CSV file with these columns; each row is a dict (missing columns left empty)."""
    out = StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def write(tmp_path, content: bytes, name="fichier.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def run(command, path, *args) -> str:
    out = StringIO()
    call_command(command, str(path), *args, stdout=out)
    return out.getvalue()


def refused(command, path) -> str:
    with pytest.raises(CommandError) as error:
        run(command, path)
    return str(error.value)


def site_row(identifier, **values):
    return {
        "identifiant": identifier,
        "nom": f"Lieu {identifier}",
        "membre": "region",
        "type": "lieu_membre",
        "commune": "31555",
        **values,
    }


@pytest.fixture
def region():
    return MemberFactory(identifier="region", name="Région Occitanie", category=MemberCategory.REGION)


@pytest.fixture(autouse=True)
def _no_geocoding(settings):
    """Tests never reach the network, whatever the environment says."""
    settings.PORTAL_GEOCODING = False


# --- members ---------------------------------------------------------------------------------------


def test_members_file_creates_members(tmp_path):
    path = write(
        tmp_path,
        b"identifiant;nom;sigle;categorie;base;reseau;site_web\n"
        b"france-travail;France Travail;FT;operateur_cep;de_droit;france-travail;https://www.francetravail.fr\n"
        b"carif-oref;Carif-Oref Occitanie;;reseau_associe;;;\n",
    )
    assert "Membres : 2 créés, 0 mis à jour, 0 inchangés." in run("import_members", path)
    member = Member.objects.get(identifier="france-travail")
    assert (member.name, member.acronym, member.category, member.slug) == (
        "France Travail",
        "FT",
        "operateur_cep",
        "france-travail",
    )
    assert Member.objects.get(identifier="carif-oref").basis == "de_droit"  # empty `base`: statutory


def test_member_reimport_updates_and_reindexes_its_sites(tmp_path, region):
    site = SiteFactory(member=region)
    path = write(tmp_path, b"identifiant,nom,categorie\nregion,Conseil regional Occitanie,region\n")
    assert "0 créés, 1 mis à jour, 0 inchangés" in run("import_members", path)
    assert Member.objects.count() == 1
    site.refresh_from_db()
    assert "conseil regional occitanie" in site.search_text


def test_member_with_unknown_category_rejects_the_file(tmp_path):
    path = write(tmp_path, b"identifiant,nom,categorie\nok,Bon,region\nko,Mauvais,ministere\n")
    message = refused("import_members", path)
    assert "ligne 3, colonne categorie : « ministere » n'est pas une valeur possible" in message
    assert Member.objects.count() == 0


# --- sites: happy paths ----------------------------------------------------------------------------


def test_sites_file_creates_the_network_parents_first(tmp_path, region):
    rows = [
        site_row(
            "relais-rodez", type="point_relais", rattachement="ca-albi", commune="Rodez", horaires=HOURS
        ),
        site_row(
            "cdm",
            nom="Cité des métiers",
            type="cite_des_metiers",
            latitude="43.6",
            longitude="1,44",
            publics="tous-publics",
            dispositifs="cep|vae",
            projets="choisir-un-metier",
        ),
        site_row(
            "ca-albi", nom="Centre associé d'Albi", type="centre_associe", rattachement="cdm", commune="81004"
        ),
    ]
    assert "Lieux : 3 créés, 0 mis à jour, 0 inchangés." in run(
        "import_sites", write(tmp_path, csv_bytes(rows))
    )

    relay, centre, central = (Site.objects.get(identifier=i) for i in ("relais-rodez", "ca-albi", "cdm"))
    assert (relay.parent, centre.parent, central.parent) == (centre, central, None)
    assert relay.commune_id == "12202" and relay.slug == "lieu-relais-rodez"
    assert (central.latitude, central.longitude, central.coordinates_approximate) == (43.6, 1.44, False)
    # No coordinates in the file and no geocoding: the commune's centre, flagged approximate.
    rodez = commune("12202")
    assert (relay.latitude, relay.longitude, relay.coordinates_approximate) == (
        rodez.latitude,
        rodez.longitude,
        True,
    )
    service = ServiceOffer.objects.get(site=central)
    assert service.level == ServiceLevel.INFORMATION
    assert sorted(service.schemes.values_list("slug", flat=True)) == ["cep", "vae"]
    assert sorted(central.scheme_ids) == sorted(service.schemes.values_list("pk", flat=True))  # indexed
    assert relay.search_text


def test_reimport_updates_the_site_with_the_same_identifier(tmp_path, region):
    run("import_sites", write(tmp_path, csv_bytes([site_row("lieu-a"), site_row("lieu-b")])))
    changed = [site_row("lieu-a", nom="Nouveau nom", dispositifs="vae"), site_row("lieu-b")]
    output = run("import_sites", write(tmp_path, csv_bytes(changed)))
    assert "0 créés, 1 mis à jour, 1 inchangés" in output
    assert Site.objects.count() == 2
    site = Site.objects.get(identifier="lieu-a")
    assert site.name == "Nouveau nom" and site.slug == "lieu-lieu-a"  # the slug (URL) stays
    assert list(site.services.get().schemes.values_list("slug", flat=True)) == ["vae"]
    assert site.scheme_ids == [Scheme.objects.get(slug="vae").pk]  # re-indexed for search


def test_dry_run_checks_the_file_and_writes_nothing(tmp_path, region):
    output = run("import_sites", write(tmp_path, csv_bytes([site_row("lieu-a")])), "--dry-run")
    assert "Fichier valide (--dry-run, rien n'a été écrit). Lieux : 1 créés" in output
    assert Site.objects.count() == 0


def test_windows_1252_file_with_semicolons_is_read(tmp_path, region):
    row = site_row(
        "lieu-a", nom="Maison de l'emploi", commune="Saint-Gaudens", adresse="Hôtel de ville, 1 rue"
    )
    content = csv_bytes([row], delimiter=";", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    run("import_sites", write(tmp_path, content))
    site = Site.objects.get()
    assert (site.address, site.commune_id) == ("Hôtel de ville, 1 rue", "31483")
    assert content.count(b";") > 10


def test_utf8_file_with_bom_is_read(tmp_path, region):
    run("import_sites", write(tmp_path, b"\xef\xbb\xbf" + csv_bytes([site_row("lieu-a", nom="Crédit")])))
    assert Site.objects.get().name == "Crédit"


def test_commune_name_and_postcode_pick_the_commune(tmp_path, region):
    run(
        "import_sites",
        write(tmp_path, csv_bytes([site_row("lieu-a", commune="auterive", code_postal="31190")])),
    )
    assert Site.objects.get().commune_id == "31033"


def test_commune_name_borne_once_in_the_served_territory_is_found(tmp_path, region):
    run("import_sites", write(tmp_path, csv_bytes([site_row("lieu-a", commune="Le Pin")])))
    assert Site.objects.get().commune.department_id in {"09", "12", "31", "32", "46", "65", "81", "82"}


def test_xlsx_file_is_read_with_numeric_codes(tmp_path, region):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Identifiant", "Nom", "Membre", "Type", "Code postal", "Commune"])
    sheet.append(
        ["foix", "Point info Foix", "region", "lieu_membre", 9000, 9122]
    )  # "09122" typed as a number
    sheet.append([])
    content = io.BytesIO()
    workbook.save(content)
    assert "1 créés" in run("import_sites", write(tmp_path, content.getvalue(), "lieux.xlsx"))
    site = Site.objects.get()
    assert (site.commune_id, site.postcode) == ("09122", "09000")


# --- sites: a bad row rejects the whole file -------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (
            site_row("b", commune="Nullepart-sur-Mer"),
            "ligne 3, colonne commune : Commune « Nullepart-sur-Mer »",
        ),
        (site_row("b", membre="inconnu"), "ligne 3, colonne membre : Membre « inconnu » inconnu"),
        (site_row("b", horaires="du lundi au vendredi"), "ligne 3, colonne horaires : Horaires « du lundi"),
        (site_row("a"), "ligne 3, colonne identifiant : Identifiant « a » déjà présent ligne 2"),
        (site_row("b", type="point_relais"), "ligne 3, colonne rattachement : Un point relais est rattaché"),
        (
            site_row("b", rattachement="zz"),
            "ligne 3, colonne rattachement : Lieu de rattachement « zz » inconnu",
        ),
        (site_row("b", commune="Auterive"), "ligne 3, colonne commune : Plusieurs communes s'appellent"),
        (site_row("b", nom=""), "ligne 3, colonne nom : Valeur obligatoire."),
        (site_row("b", latitude="43.6"), "ligne 3, colonne longitude : Indiquez la latitude et la longitude"),
    ],
)
def test_one_bad_row_rejects_the_whole_file(tmp_path, region, bad_row, expected):
    SiteFactory(identifier="existing", member=region)
    path = write(tmp_path, csv_bytes([site_row("a"), bad_row]))
    message = refused("import_sites", path)
    assert "Fichier refusé, rien n'a été enregistré" in message
    assert expected in message
    assert list(Site.objects.values_list("identifier", flat=True)) == ["existing"]
    assert ServiceOffer.objects.count() == 0


def test_missing_required_column_rejects_the_file(tmp_path, region):
    path = write(tmp_path, csv_bytes([site_row("a")], columns=("identifiant", "nom", "membre", "type")))
    assert "Colonnes obligatoires absentes : commune." in refused("import_sites", path)
    assert Site.objects.count() == 0


def test_unknown_column_rejects_the_file(tmp_path, region):
    path = write(tmp_path, csv_bytes([site_row("a")], columns=(*SITE_COLUMNS[:5], "commune", "telefone")))
    assert "Colonnes inconnues : « telefone »." in refused("import_sites", path)
    assert Site.objects.count() == 0


def test_undecodable_file_rejects_the_file(tmp_path, region):
    content = csv_bytes([site_row("a"), site_row("b")]) + b"c,Lieu \x81\x8d,region,lieu_membre,31555\n"
    message = refused("import_sites", write(tmp_path, content))
    assert "caractères illisibles (ligne 4)" in message and "ni en Windows-1252" in message
    assert Site.objects.count() == 0


def test_other_extension_is_refused(tmp_path, region):
    assert "utilisez un fichier .csv ou .xlsx" in refused("import_sites", write(tmp_path, b"x", "lieux.ods"))


def test_attachments_forming_a_loop_are_rejected(tmp_path, region):
    rows = [site_row("a", rattachement="b"), site_row("b", rattachement="a")]
    message = refused("import_sites", write(tmp_path, csv_bytes(rows)))
    assert "ligne 2, colonne rattachement : Ce rattachement formerait une boucle." in message
    assert Site.objects.count() == 0


def test_second_central_site_is_rejected_in_french(tmp_path, region):
    SiteFactory(central=True, member=region)
    path = write(tmp_path, csv_bytes([site_row("autre", type="cite_des_metiers")]))
    assert "ligne 2, colonne type : Il y a déjà un site central : « Cité des métiers »." in refused(
        "import_sites", path
    )


# --- export and re-import --------------------------------------------------------------------------


def test_exported_file_reimports_unchanged(tmp_path, region):
    central = SiteFactory(central=True, member=region, opening_hours=HOURS, email="cdm@example.org")
    centre = SiteFactory(associated_centre=True, parent=central, commune=commune("81004"), latitude=None,
                         longitude=None, coordinates_approximate=True)  # fmt: skip
    SiteFactory(relay_point=True, parent=centre, website="https://example.org/relais", latitude=43.60465212)
    SiteFactory(
        audiences=["jeunes", "tous-publics"], schemes=["cep"], projects=["se-former"], address="2 rue; B"
    )
    Site.objects.filter(pk=centre.pk).update(latitude=43.9, longitude=2.1)  # the commune's centre, roughly
    before = list(Site.objects.order_by("pk").values())

    exported = CSVFormat().export_data(SiteResource().export())
    assert exported.startswith("\ufeffidentifiant;nom;membre;type;rattachement".encode())
    output = run("import_sites", write(tmp_path, exported))

    assert "Lieux : 0 créés, 0 mis à jour, 4 inchangés." in output
    assert list(Site.objects.order_by("pk").values()) == before
    assert CSVFormat().export_data(SiteResource().export()) == exported


def test_exported_workbook_reimports_unchanged(tmp_path, region):
    pytest.importorskip("openpyxl")
    SiteFactory(member=region, audiences=["jeunes"], postcode="31000", latitude=43.6, longitude=1.44)
    SiteFactory(member=region, commune=commune("09122"))  # an INSEE code with a leading zero
    exported = XLSXFormat().export_data(SiteResource().export())
    output = run("import_sites", write(tmp_path, exported, "lieux.xlsx"))
    assert "Lieux : 0 créés, 0 mis à jour, 2 inchangés." in output


def test_unknown_taxonomy_slug_is_a_row_error(tmp_path, region):
    message = refused("import_sites", write(tmp_path, csv_bytes([site_row("a", publics="jeunes|martiens")])))
    assert "ligne 2, colonne publics : Public inconnu : martiens. Valeurs possibles : actifs," in message
    assert Site.objects.count() == 0


def test_geocoding_is_used_only_when_the_setting_allows_it(tmp_path, region, settings, monkeypatch):
    from structures import geocoding

    calls = []

    class FakeBAN:
        def __init__(self, **kwargs):
            pass

        def geocode(self, query, **kwargs):
            calls.append(query)
            location = type("Location", (), {})()
            location.latitude, location.longitude = 43.61, 1.45
            location.raw = {"properties": {"citycode": "31555", "score": 0.9, "type": "housenumber"}}
            return [location]

    monkeypatch.setattr(geocoding, "BANFrance", FakeBAN)
    geocoding._ban_lookup.cache_clear()
    run("import_sites", write(tmp_path, csv_bytes([site_row("a", adresse="1 place du Capitole")])))
    assert calls == [] and Site.objects.get().coordinates_approximate

    settings.PORTAL_GEOCODING = True
    run("import_sites", write(tmp_path, csv_bytes([site_row("b", adresse="2 place du Capitole")])))
    site = Site.objects.get(identifier="b")
    assert calls == ["2 place du Capitole Toulouse"]
    assert (site.latitude, site.longitude, site.coordinates_approximate) == (43.61, 1.45, False)
    geocoding._ban_lookup.cache_clear()


def test_site_kind_values_are_those_of_the_enum():
    assert [value for value, _label in SiteKind.choices] == [
        "cite_des_metiers",
        "centre_associe",
        "point_relais",
        "lieu_membre",
    ]
