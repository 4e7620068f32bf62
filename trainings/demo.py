"""Demo training offers: an LHÉO 2.2 flow built in memory and imported by the real import
(trainings.services.lheo_import), so that the demo goes through the same rules as a Carif-Oref flow.

About thirty offers in the served départements, with real INSEE communes and ROME codes (structures.Job),
several sectors, certifying or not, various levels; among them the "Diplôme d'État d'aide-soignant" in
Rodez and around (Villefranche-de-Rouergue, Millau, Albi) and offers in several sectors in the Rodez
employment zone. Numbers start with "DEMO-" and the source is DEMO_SOURCE: a real flow (even `--full`)
never removes them, and they never remove a real offer. Sessions start on the first day of a month
counted from the current one, so the flow never goes stale and is identical all month long: a second run
the same month changes nothing (offers compared field by field, only `imported_at` is refreshed).
"""

import dataclasses
import datetime
import io
from xml.etree import ElementTree as ET  # noqa: S405 -- building a flow, never parsing one

from django.utils import timezone

from .services import DEMO_SOURCE, ImportResult, lheo_import

NAMESPACE = "http://www.lheo.org/2.2"


@dataclasses.dataclass
class DemoOffer:
    key: str
    title: str
    rome: tuple[str, ...]
    level: str  # LHÉO 2.2 dict-niveaux
    organisation: str
    places: tuple[tuple[str, str, str, str, str], ...]  # (INSEE code, postcode, city, place name, street)
    objective: str
    certifying: bool = True
    formacode: tuple[str, ...] = ()
    nsf: tuple[str, ...] = ()
    rncp: str = ""
    rhythm: str = "Temps plein"
    mode: str = "0"
    duration: str = ""
    months: tuple[int, ...] = (2, 8)  # sessions start on the 1st of these months (from the current one)
    session_months: int = 10  # length of a session
    permanent: bool = False  # permanent entry (LHÉO 00000000 / 99999999)


RODEZ = ("12202", "12000", "Rodez")
ONET = ("12176", "12850", "Onet-le-Château")
PRIMAUBE = ("12133", "12450", "Luc-la-Primaube")
DRUELLE = ("12090", "12510", "Druelle Balsac")
VILLEFRANCHE = ("12300", "12200", "Villefranche-de-Rouergue")
MILLAU = ("12145", "12100", "Millau")
ALBI = ("81004", "81000", "Albi")
CASTRES = ("81065", "81100", "Castres")
TOULOUSE = ("31555", "31000", "Toulouse")
MURET = ("31395", "31600", "Muret")
MONTAUBAN = ("82121", "82000", "Montauban")
MOISSAC = ("82112", "82200", "Moissac")
CAHORS = ("46042", "46000", "Cahors")
FIGEAC = ("46102", "46100", "Figeac")
TARBES = ("65440", "65000", "Tarbes")
LOURDES = ("65286", "65100", "Lourdes")
AUCH = ("32013", "32000", "Auch")
CONDOM = ("32107", "32100", "Condom")
FOIX = ("09122", "09000", "Foix")
PAMIERS = ("09225", "09100", "Pamiers")


def _at(commune, place: str, street: str):
    return (*commune, place, street)


AIDE_SOIGNANT = (
    "<p>Former des professionnels capables de réaliser des <b>soins d'hygiène et de confort</b> et "
    "d'accompagner la personne dans les activités de sa vie quotidienne, en collaboration avec "
    "l'infirmier.</p><ul><li>10 blocs de compétences</li><li>Stages en milieu hospitalier et en "
    "établissement d'hébergement</li></ul>"
)

OFFERS = [
    DemoOffer(
        "DEMO-001",
        "Diplôme d'État d'aide-soignant",
        ("J1501",),
        "4",
        "Institut de formation d'aides-soignants du Rouergue",
        (
            _at(RODEZ, "IFAS du Rouergue — site de Rodez", "Avenue de l'Hôpital"),
            _at(VILLEFRANCHE, "IFAS du Rouergue — site de Villefranche", "Avenue Caylet"),
        ),
        AIDE_SOIGNANT,
        formacode=("43436",),
        nsf=("331",),
        rncp="35830",
        duration="10 mois (1 540 heures)",
        months=(1, 7),
    ),
    DemoOffer(
        "DEMO-002",
        "Diplôme d'État d'aide-soignant",
        ("J1501",),
        "4",
        "Institut de formation d'aides-soignants du Sud-Aveyron",
        (_at(MILLAU, "IFAS du Sud-Aveyron", "Boulevard Achille Souques"),),
        AIDE_SOIGNANT,
        formacode=("43436",),
        nsf=("331",),
        rncp="35830",
        duration="10 mois (1 540 heures)",
        months=(3,),
    ),
    DemoOffer(
        "DEMO-003",
        "Diplôme d'État d'aide-soignant",
        ("J1501",),
        "4",
        "Institut de formation aux métiers de la santé d'Albi",
        (_at(ALBI, "IFMS d'Albi", "Rue de la Berchère"),),
        AIDE_SOIGNANT,
        formacode=("43436",),
        nsf=("331",),
        rncp="35830",
        rhythm="Temps plein ; voie de l'apprentissage possible",
        duration="10 mois",
        months=(2, 8),
    ),
    DemoOffer(
        "DEMO-004",
        "Préparation aux concours et sélections des formations sanitaires et sociales",
        ("J1501", "J1506"),
        "1",
        "Centre de formation continue du Rouergue",
        (_at(RODEZ, "Centre de formation continue", "Rue de Laumière"),),
        "<p>Se préparer aux épreuves de sélection des instituts de formation d'aides-soignants, "
        "d'auxiliaires de puériculture et d'infirmiers : écrit, oral, projet professionnel.</p>",
        certifying=False,
        formacode=("44591",),
        nsf=("331",),
        rhythm="Temps partiel, en soirée",
        mode="1",
        duration="3 mois",
        permanent=True,
    ),
    DemoOffer(
        "DEMO-005",
        "Diplôme d'État d'infirmier",
        ("J1506",),
        "7",
        "Institut de formation en soins infirmiers de Rodez",
        (_at(RODEZ, "IFSI de Rodez", "Avenue de l'Hôpital"),),
        "<p>Devenir infirmier en soins généraux : soins, prévention, éducation à la santé, en "
        "établissement ou à domicile.</p>",
        formacode=("43448",),
        nsf=("331",),
        rncp="8940",
        duration="3 ans",
        months=(9,),
        session_months=34,
    ),
    DemoOffer(
        "DEMO-006",
        "Diplôme d'État d'auxiliaire de puériculture",
        ("J1304",),
        "4",
        "Institut de formation d'aides-soignants du Rouergue",
        (_at(RODEZ, "IFAS du Rouergue — site de Rodez", "Avenue de l'Hôpital"),),
        "<p>Prendre soin des nouveau-nés et des jeunes enfants, à l'hôpital, en crèche ou en protection "
        "maternelle et infantile.</p>",
        formacode=("43441",),
        nsf=("331",),
        rncp="35832",
        duration="10 mois",
        months=(2,),
    ),
    DemoOffer(
        "DEMO-007",
        "Titre professionnel Assistant de vie aux familles",
        ("K1302", "K1304"),
        "4",
        "Association de formation des métiers de l'aide à domicile",
        (_at(ONET, "Espace formation d'Onet-le-Château", "Rue des Artisans"),),
        "<p>Accompagner à domicile les personnes âgées, en situation de handicap, et les familles : "
        "entretien du logement, aide aux repas, garde d'enfants.</p>",
        formacode=("42056",),
        nsf=("330",),
        rncp="35506",
        duration="6 mois",
        months=(1, 5, 9),
        session_months=6,
    ),
    DemoOffer(
        "DEMO-008",
        "CAP Cuisine",
        ("G1602",),
        "4",
        "Centre de formation d'apprentis interprofessionnel de l'Aveyron",
        (_at(RODEZ, "CFA interprofessionnel", "Boulevard Paul Ramadier"),),
        "<p>Réaliser des plats en utilisant différentes techniques de production culinaire, en "
        "restaurant traditionnel ou collectif.</p>",
        formacode=("42752",),
        nsf=("221",),
        rncp="26650",
        rhythm="Apprentissage : 2 semaines en entreprise, 1 semaine au CFA",
        duration="2 ans",
        months=(9,),
        session_months=22,
    ),
    DemoOffer(
        "DEMO-009",
        "CAP Commercialisation et services en hôtel-café-restaurant",
        ("G1803",),
        "4",
        "Lycée professionnel hôtelier de la Primaube",
        (_at(PRIMAUBE, "Lycée hôtelier", "Route de Rodez"),),
        "<p>Accueillir et servir la clientèle en salle, au bar et à l'étage.</p>",
        formacode=("42745",),
        nsf=("334",),
        rncp="37859",
        duration="2 ans",
        months=(9,),
        session_months=22,
    ),
    DemoOffer(
        "DEMO-010",
        "Titre professionnel Maçon",
        ("F1703",),
        "4",
        "Centre de formation du bâtiment de l'Aveyron",
        (_at(ONET, "Plateau technique du bâtiment", "Zone d'activités de Bel-Air"),),
        "<p>Construire des ouvrages en maçonnerie et en béton armé : murs, dalles, enduits.</p>",
        formacode=("22454",),
        nsf=("232",),
        rncp="38087",
        duration="7 mois",
        months=(2, 9),
        session_months=7,
    ),
    DemoOffer(
        "DEMO-011",
        "Titre professionnel Électricien d'équipement du bâtiment",
        ("F1602",),
        "4",
        "Centre de formation du bâtiment de l'Aveyron",
        (_at(RODEZ, "Centre de formation du bâtiment", "Avenue de Toulouse"),),
        "<p>Réaliser les installations électriques des logements et des locaux tertiaires.</p>",
        formacode=("24054",),
        nsf=("255",),
        rncp="38876",
        duration="8 mois",
        months=(3,),
        session_months=8,
    ),
    DemoOffer(
        "DEMO-012",
        "BTS Maintenance des systèmes, option systèmes de production",
        ("I1304",),
        "6",
        "Lycée polyvalent de Rodez",
        (_at(RODEZ, "Lycée polyvalent", "Avenue Tarayre"),),
        "<p>Assurer la maintenance préventive et corrective des équipements industriels.</p>",
        formacode=("31654",),
        nsf=("250",),
        rncp="35323",
        duration="2 ans",
        months=(9,),
        session_months=22,
    ),
    DemoOffer(
        "DEMO-013",
        "Bac professionnel Maintenance des matériels, option matériels agricoles",
        ("I1603",),
        "5",
        "Lycée agricole de Rodez",
        (_at(ONET, "Lycée agricole", "Route de la Roque"),),
        "<p>Entretenir, diagnostiquer et réparer les tracteurs et machines agricoles.</p>",
        formacode=("31810",),
        nsf=("252",),
        rncp="35350",
        duration="3 ans",
        months=(9,),
        session_months=34,
    ),
    DemoOffer(
        "DEMO-014",
        "Titre professionnel Secrétaire assistant",
        ("M1607",),
        "5",
        "Organisme de formation tertiaire du Rouergue",
        (_at(RODEZ, "Pôle tertiaire", "Rue Béteille"),),
        "<p>Assurer le secrétariat, la gestion administrative et l'accueil d'une structure.</p>",
        formacode=("35054",),
        nsf=("324",),
        rncp="37060",
        mode="1",
        duration="8 mois",
        months=(1, 6),
        session_months=8,
    ),
    DemoOffer(
        "DEMO-015",
        "BTS Comptabilité et gestion",
        ("M1203",),
        "6",
        "Lycée polyvalent de Rodez",
        (_at(RODEZ, "Lycée polyvalent", "Avenue Tarayre"),),
        "<p>Tenir la comptabilité, établir les déclarations fiscales et sociales, analyser les coûts.</p>",
        formacode=("32663",),
        nsf=("314",),
        rncp="35521",
        duration="2 ans",
        months=(9,),
        session_months=22,
    ),
    DemoOffer(
        "DEMO-016",
        "Titre professionnel Préparateur de commandes en entrepôt",
        ("N1103", "N1101"),
        "4",
        "Centre de formation logistique du Rouergue",
        (_at(ONET, "Plateforme logistique école", "Rue de la Rivière"),),
        "<p>Préparer des commandes, conduire un chariot élévateur (CACES R489), réceptionner et "
        "expédier les marchandises.</p>",
        formacode=("31812",),
        nsf=("311",),
        rncp="38413",
        duration="4 mois",
        months=(1, 4, 7),
        session_months=4,
    ),
    DemoOffer(
        "DEMO-017",
        "CAP agricole Jardinier paysagiste",
        ("A1203",),
        "4",
        "Centre de formation professionnelle agricole de l'Aveyron",
        (_at(DRUELLE, "Exploitation horticole du CFPPA", "Le Bourg"),),
        "<p>Créer et entretenir les parcs, jardins et espaces verts.</p>",
        formacode=("21046",),
        nsf=("214",),
        rncp="37926",
        duration="1 an",
        months=(9,),
        session_months=11,
    ),
    DemoOffer(
        "DEMO-018",
        "Brevet professionnel Responsable d'entreprise agricole",
        ("A1407",),
        "5",
        "Centre de formation professionnelle agricole de l'Aveyron",
        (_at(ONET, "CFPPA — site de la Roque", "Route de la Roque"),),
        "<p>S'installer comme éleveur : conduite du troupeau, gestion de l'exploitation, projet "
        "d'installation.</p>",
        formacode=("21054",),
        nsf=("210",),
        rncp="29257",
        duration="10 mois",
        months=(10,),
    ),
    DemoOffer(
        "DEMO-019",
        "Conducteur de ligne de production alimentaire (CQP)",
        ("H2102",),
        "4",
        "Association régionale des industries agroalimentaires",
        (_at(PRIMAUBE, "Atelier école agroalimentaire", "Zone artisanale de la Primaube"),),
        "<p>Conduire une ligne de production ou de conditionnement dans l'industrie alimentaire.</p>",
        formacode=("21565",),
        nsf=("221",),
        rhythm="Alternance",
        duration="6 mois",
        months=(2,),
        session_months=6,
    ),
    DemoOffer(
        "DEMO-020",
        "Titre professionnel Développeur web et web mobile",
        ("M1805",),
        "6",
        "École du numérique de Toulouse",
        (_at(TOULOUSE, "École du numérique", "Allées Jean Jaurès"),),
        "<p>Développer des applications web et mobiles : interfaces, bases de données, accessibilité.</p>",
        formacode=("31054",),
        nsf=("326",),
        rncp="37674",
        mode="1",
        duration="8 mois",
        months=(1, 5),
        session_months=8,
    ),
    DemoOffer(
        "DEMO-021",
        "Titre professionnel Conducteur du transport routier de marchandises sur porteur",
        ("N4101",),
        "4",
        "Centre de formation aux métiers du transport de Montauban",
        (_at(MONTAUBAN, "Centre de formation transport", "Avenue de Toulouse"),),
        "<p>Obtenir le permis C et conduire un porteur en toute sécurité.</p>",
        formacode=("31811",),
        nsf=("311",),
        rncp="37436",
        duration="3 mois",
        months=(1, 3, 5),
        session_months=3,
    ),
    DemoOffer(
        "DEMO-022",
        "Bac professionnel Métiers du commerce et de la vente",
        ("D1507", "D1106"),
        "5",
        "Lycée professionnel de Cahors",
        (_at(CAHORS, "Lycée professionnel", "Rue des Augustins"),),
        "<p>Accueillir, conseiller et vendre ; animer et gérer l'espace commercial.</p>",
        formacode=("34566",),
        nsf=("312",),
        rncp="32208",
        duration="3 ans",
        months=(9,),
        session_months=34,
    ),
    DemoOffer(
        "DEMO-023",
        "Titre professionnel Soudeur assembleur industriel",
        ("H2913",),
        "4",
        "Centre de formation industrielle des Hautes-Pyrénées",
        (_at(TARBES, "Centre de formation industrielle", "Rue de la Chaudronnerie"),),
        "<p>Souder et assembler des ensembles métalliques (procédés à l'arc et semi-automatiques).</p>",
        formacode=("23054",),
        nsf=("254",),
        rncp="35294",
        duration="6 mois",
        months=(2,),
        session_months=6,
    ),
    DemoOffer(
        "DEMO-024",
        "Titre professionnel Agent de restauration",
        ("G1602",),
        "4",
        "Centre de formation professionnelle du Gers",
        (_at(AUCH, "Restaurant d'application", "Avenue des Pyrénées"),),
        "<p>Préparer des hors-d'œuvre et desserts, assembler des plats et assurer le service en "
        "restauration collective.</p>",
        formacode=("42752",),
        nsf=("221",),
        rncp="38014",
        duration="5 mois",
        months=(3,),
        session_months=5,
    ),
    DemoOffer(
        "DEMO-025",
        "Diplôme d'État d'infirmier",
        ("J1506",),
        "7",
        "Institut de formation en soins infirmiers de la Haute-Garonne",
        (
            _at(TOULOUSE, "IFSI — site de Toulouse", "Rue Viguerie"),
            _at(MURET, "IFSI — site de Muret", "Avenue de l'Europe"),
        ),
        "<p>Devenir infirmier en soins généraux.</p>",
        formacode=("43448",),
        nsf=("331",),
        rncp="8940",
        duration="3 ans",
        months=(9,),
        session_months=34,
    ),
    DemoOffer(
        "DEMO-026",
        "Titre professionnel Assistant de vie aux familles",
        ("K1302",),
        "4",
        "Organisme de formation de l'Ariège",
        (
            _at(FOIX, "Antenne de Foix", "Rue de la Préfecture"),
            _at(PAMIERS, "Antenne de Pamiers", "Rue Gabriel Péri"),
        ),
        "<p>Accompagner à domicile les personnes âgées ou en situation de handicap.</p>",
        formacode=("42056",),
        nsf=("330",),
        rncp="35506",
        duration="6 mois",
        months=(2, 8),
        session_months=6,
    ),
    DemoOffer(
        "DEMO-027",
        "Titre professionnel Mécanicien automobile",
        ("I1604",),
        "4",
        "Centre de formation automobile du Tarn",
        (_at(CASTRES, "Atelier école automobile", "Avenue Charles de Gaulle"),),
        "<p>Entretenir et réparer les véhicules légers : moteur, freinage, électricité.</p>",
        formacode=("31809",),
        nsf=("252",),
        rncp="37870",
        duration="7 mois",
        months=(1,),
        session_months=7,
    ),
    DemoOffer(
        "DEMO-028",
        "Titre professionnel Technicien supérieur systèmes et réseaux",
        ("M1801",),
        "6",
        "École du numérique d'Albi",
        (_at(ALBI, "École du numérique", "Avenue François Verdier"),),
        "<p>Administrer les serveurs, les réseaux et assurer le support aux utilisateurs.</p>",
        formacode=("24231",),
        nsf=("326",),
        rncp="37682",
        mode="1",
        duration="9 mois",
        months=(4,),
        session_months=9,
    ),
    DemoOffer(
        "DEMO-029",
        "Découverte des métiers du tourisme et de l'accueil",
        ("G1101",),
        "1",
        "Maison de la formation de Lourdes",
        (_at(LOURDES, "Maison de la formation", "Boulevard de la Grotte"),),
        "<p>Découvrir les métiers de l'accueil touristique et préparer un projet professionnel.</p>",
        certifying=False,
        formacode=("42654",),
        nsf=("334",),
        duration="6 semaines",
        permanent=True,
    ),
    DemoOffer(
        "DEMO-030",
        "CAP Accompagnant éducatif petite enfance",
        ("K1303",),
        "4",
        "Greta du Lot",
        (_at(FIGEAC, "Greta — antenne de Figeac", "Rue du Colonel Bessières"),),
        "<p>Accueillir et prendre soin des jeunes enfants, à domicile, en crèche ou à l'école.</p>",
        formacode=("42066",),
        nsf=("332",),
        rncp="38565",
        duration="9 mois",
        months=(2,),
        session_months=9,
    ),
    DemoOffer(
        "DEMO-031",
        "Titre professionnel Formateur professionnel d'adultes",
        ("K2111",),
        "6",
        "Institut régional de formation de formateurs",
        (_at(TOULOUSE, "Institut de formation de formateurs", "Rue de Metz"),),
        "<p>Concevoir et animer des formations pour adultes, accompagner les parcours.</p>",
        formacode=("44586",),
        nsf=("333",),
        rncp="37275",
        mode="1",
        duration="8 mois",
        months=(3,),
        session_months=8,
    ),
    DemoOffer(
        "DEMO-032",
        "Bac professionnel Productions horticoles",
        ("A1414",),
        "5",
        "Lycée agricole de Moissac",
        (_at(MOISSAC, "Lycée agricole", "Avenue du Sarlac"),),
        "<p>Conduire des cultures de fruits, légumes et plantes ornementales.</p>",
        formacode=("21036",),
        nsf=("211",),
        rncp="38231",
        duration="3 ans",
        months=(9,),
        session_months=34,
    ),
    DemoOffer(
        "DEMO-033",
        "BPJEPS Activités de la forme",
        ("G1204",),
        "5",
        "Centre régional de formation aux métiers du sport",
        (_at(CONDOM, "Centre sportif", "Avenue des Mousquetaires"),),
        "<p>Encadrer des activités de remise en forme et de musculation.</p>",
        formacode=("15436",),
        nsf=("335",),
        rncp="37258",
        duration="10 mois",
        months=(9,),
    ),
]


def _month_start(today: datetime.date, months: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _sub(parent, tag: str, text: str | None = None, **attributes):
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _slug(text: str) -> str:
    return "".join(char if char.isalnum() else "-" for char in text.lower()).strip("-")


def demo_flow(today: datetime.date | None = None) -> bytes:
    """The demo offers as an LHÉO 2.2 flow (XML bytes), with sessions counted from `today`'s month."""
    today = today or timezone.localdate()
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}lheo")
    offres = _sub(root, "offres")
    for offer in OFFERS:
        formation = _sub(offres, "formation", numero=offer.key)
        domain = _sub(formation, "domaine-formation")
        for code in offer.formacode:
            _sub(domain, "code-FORMACODE", code, ref="V13")
        for code in offer.nsf:
            _sub(domain, "code-NSF", code)
        for code in offer.rome:
            _sub(domain, "code-ROME", code, ref="V3")
        _sub(formation, "intitule-formation", offer.title)
        _sub(formation, "objectif-formation", offer.objective)
        _sub(formation, "resultats-attendus", offer.title if offer.certifying else "Attestation de formation")
        _sub(formation, "contenu-formation", offer.objective)
        _sub(formation, "certifiante", "1" if offer.certifying else "0")
        _sub(formation, "code-niveau-sortie", offer.level)
        if offer.rncp:
            _sub(_sub(formation, "certification"), "code-RNCP", offer.rncp)
        _sub(_sub(formation, "url-formation"), "urlweb", f"formation.demo.invalid/{offer.key.lower()}")
        for position, (insee, postcode, city, place, street) in enumerate(offer.places, start=1):
            action = _sub(formation, "action", numero=f"{offer.key}-A{position}")
            _sub(action, "rythme-formation", offer.rhythm)
            _sub(action, "modalites-enseignement", offer.mode)
            _sub(action, "prise-en-charge-frais-possible", "1")
            coordinates = _sub(_sub(action, "lieu-de-formation"), "coordonnees")
            _sub(coordinates, "ligne", place)
            address = _sub(coordinates, "adresse")
            _sub(address, "ligne", street)
            _sub(address, "codepostal", postcode)
            _sub(address, "ville", city)
            _sub(address, "departement", insee[:2])
            _sub(address, "code-INSEE-commune", insee)
            _sub(
                _sub(action, "url-action"), "urlweb", f"formation.demo.invalid/{offer.key.lower()}/{position}"
            )
            periods = (
                [("00000000", "99999999")]
                if offer.permanent
                else [
                    (
                        _month_start(today, months).strftime("%Y%m%d"),
                        (
                            _month_start(today, months + offer.session_months) - datetime.timedelta(days=1)
                        ).strftime("%Y%m%d"),
                    )
                    for months in offer.months
                ]
            )
            for rank, (start, end) in enumerate(periods, start=1):
                session = _sub(action, "session", numero=f"{offer.key}-A{position}-S{rank}")
                period = _sub(session, "periode")
                _sub(period, "debut", start)
                _sub(period, "fin", end)
                registration = _sub(_sub(session, "adresse-inscription"), "adresse")
                _sub(registration, "ligne", place)
                _sub(registration, "ligne", street)
                _sub(registration, "codepostal", postcode)
                _sub(registration, "ville", city)
            if offer.duration:
                _sub(action, "duree-indicative", offer.duration)
        organisation = _sub(formation, "organisme-formation-responsable")
        _sub(organisation, "nom-organisme", offer.organisation)
        contact = _sub(_sub(organisation, "coordonnees-organisme"), "coordonnees")
        _sub(_sub(contact, "telfixe"), "numtel", "05 00 00 00 00")
        _sub(contact, "courriel", f"contact@{_slug(offer.organisation)[:40]}.demo.invalid")
        _sub(_sub(contact, "web"), "urlweb", f"{_slug(offer.organisation)[:40]}.demo.invalid")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def demo_load(*, dry_run: bool = False) -> ImportResult:
    """Import the demo offers (idempotent): creates, updates or removes only the demo offers."""
    return lheo_import(source=io.BytesIO(demo_flow()), source_name=DEMO_SOURCE, full=True, dry_run=dry_run)
