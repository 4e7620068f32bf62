"""Tables of the synthetic data set (`manage.py generate_synthetic`): networks, hours, streets, events.

Everything here is invented but plausible. Telephone numbers use the range ARCEP keeps for works of
fiction (01 99 00 xx xx) and addresses of the reserved `.invalid` domain, as the demo data does.
"""

from structures.enums import AccessibilityFeature as A
from structures.enums import MemberCategory as C
from structures.enums import MembershipBasis as B
from structures.enums import ServiceLevel as L
from structures.enums import ServiceMode as M

PREFIX = "synth-"
DOMAIN = "synthetique.invalid"
FICTION_PHONE = "01 99 00"
# The served départements (PORTAL_DEPARTMENTS) weigh this many times their population: the portal's
# own territory holds its network's relay points and centres, so it is denser in places than elsewhere.
SERVED_WEIGHT = 3
JITTER_KM = 2.0

# Opening hours of the places: (OSM expression, share). Saturday, evening, no-"PH off" and empty ones.
SITE_HOURS = [
    ("Mo-Fr 09:00-12:30,13:30-17:00; PH off", 20),
    ("Mo-Th 08:30-12:30,13:30-17:30; Fr 08:30-12:30,13:30-16:30; PH off", 12),
    ("Mo-We 08:30-16:30; Th 08:30-12:30; Fr 08:30-15:30; PH off", 12),
    ("Mo-Fr 09:00-17:00; Sa 09:00-12:00; PH off", 6),
    ("Tu-Sa 10:00-12:30,14:00-18:00; PH off", 4),
    ("Mo-Fr 08:30-12:00,13:30-19:00; PH off", 5),
    ("Mo,We,Fr 09:00-12:00; PH off", 5),
    ("Tu,Th 14:00-17:30; PH off", 4),
    ("Mo-Fr 09:00-18:30; Sa 09:30-12:30; PH off", 4),
    ("Mo-Fr 10:00-13:00,14:00-20:00; PH off", 3),
    ("Mo-Fr 09:00-12:00,14:00-17:00", 6),
    ("Mo 13:30-17:00; Tu-Fr 09:00-12:30,13:30-17:00; PH off", 6),
    ("We 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off", 3),
    ("Mo-Th 09:00-12:00,13:30-17:30; Fr 09:00-12:00; PH off", 6),
    ("Mo-Fr 08:00-12:00,13:00-16:00; Th 08:00-12:00,13:00-20:00; PH off", 2),
    ("", 2),
]
HOURS_NOTES = [
    "",
    "",
    "",
    "",
    "Sur rendez-vous l'après-midi.",
    "Horaires réduits pendant les vacances scolaires.",
]
PERMANENCE_HOURS = [
    "Tu 09:00-12:00; PH off",
    "Th 14:00-17:00; PH off",
    "We 14:00-17:00; PH off",
    "Mo[1] 09:00-12:00",
    "Fr 09:00-12:30; PH off",
]
ACCESSIBILITY = [
    A.WHEELCHAIR,
    A.PARKING,
    A.PUBLIC_TRANSPORT,
    A.HEARING_LOOP,
    A.EASY_TO_READ,
    A.VISUAL,
    A.SIGN_LANGUAGE,
]
ACCESSIBILITY_WEIGHTS = [60, 35, 45, 12, 10, 8, 4]

STREETS = [
    "rue de la République", "avenue Jean Jaurès", "place de la Mairie", "boulevard Victor Hugo",
    "rue Pasteur", "avenue du Général de Gaulle", "rue de la Gare", "place du Marché", "rue Gambetta",
    "allée des Tilleuls", "rue Jules Ferry", "avenue de la Libération", "rue du Moulin", "quai des Arts",
    "rue Émile Zola", "chemin des Écoles", "rue de l'Industrie", "place de l'Église", "rue Voltaire",
    "avenue des Pyrénées", "rue Louise Michel", "boulevard de l'Europe", "rue Simone Veil", "impasse du Parc",
]  # fmt: skip

# Service templates: (level, audiences, schemes, projects, modes, description).
_INFO_ALL = (
    L.INFORMATION,
    ["tous-publics"],
    [],
    ["choisir-un-metier", "se-former", "trouver-un-emploi"],
    [M.ON_SITE, M.PHONE],
    "Accueil, information et documentation sur les métiers, la formation et l'emploi.",
)
_ADVICE_ALL = (
    L.ADVICE,
    ["tous-publics"],
    ["cep", "vae", "cpf"],
    ["changer-de-metier", "se-former"],
    [M.ON_SITE, M.REMOTE],
    "Un entretien pour faire le point sur son projet et trouver le bon interlocuteur.",
)
PROFILES = {
    "france-travail": [
        (L.CEP_RECEPTION, ["demandeurs-emploi"], ["cep"], ["trouver-un-emploi"], [M.ON_SITE, M.PHONE],
            "Accueil, inscription et information sur les offres d'emploi, les droits et les aides."),
        (L.CEP_ADVICE, ["demandeurs-emploi", "actifs"], ["cep", "cpf", "vae"], ["changer-de-metier",
            "se-former"], [M.ON_SITE, M.REMOTE], "Conseil personnalisé pour construire un parcours."),
        (L.CEP_SUPPORT, ["demandeurs-emploi"], ["cep", "bilan-de-competences"], ["creer-une-entreprise"],
            [M.ON_SITE], "Accompagnement dans la durée d'un projet de reconversion ou de création."),
    ],
    "mission-locale": [
        (L.CEP_RECEPTION, ["jeunes"], ["cep"], ["choisir-un-metier", "trouver-un-emploi"], [M.ON_SITE],
            "Accueil des 16-25 ans : emploi, formation, logement, santé et mobilité."),
        (L.CEP_SUPPORT, ["jeunes"], ["contrat-engagement-jeune", "apprentissage", "service-civique"],
            ["trouver-un-emploi", "se-former"], [M.ON_SITE, M.REMOTE], "Accompagnement vers l'emploi."),
    ],
    "cio": [
        (L.INFORMATION, ["eleves", "etudiants", "parents"], ["apprentissage"], ["choisir-un-metier",
            "se-former"], [M.ON_SITE, M.PHONE], "Information sur les formations, les diplômes, les métiers."),
        (L.ADVICE, ["eleves", "jeunes", "parents"], [], ["choisir-un-metier"], [M.ON_SITE],
            "Entretiens avec un psychologue de l'Éducation nationale, sur rendez-vous."),
    ],
    "cap-emploi": [
        (L.CEP_ADVICE, ["personnes-en-situation-de-handicap", "salaries"], ["cep"], ["trouver-un-emploi",
            "changer-de-metier"], [M.ON_SITE, M.PHONE], "Conseil aux personnes en situation de handicap."),
    ],
    "apec": [
        (L.CEP_ADVICE, ["cadres"], ["cep", "bilan-de-competences"], ["changer-de-metier"], [M.REMOTE,
            M.ON_SITE], "Conseil en évolution professionnelle des cadres et des jeunes diplômés."),
    ],
    "chamber": [
        (L.INFORMATION, ["tous-publics"], ["apprentissage"], ["creer-une-entreprise", "se-former"],
            [M.ON_SITE, M.PHONE], "Apprentissage, création et reprise d'entreprise : premières réponses."),
        (L.SUPPORT, ["independants-createurs"], [], ["creer-une-entreprise"], [M.ON_SITE],
            "Accompagnement des porteurs de projet de création ou de reprise."),
    ],
    "transitions": [
        (L.ADVICE, ["salaries", "actifs"], ["transition-professionnelle", "cpf"], ["changer-de-metier"],
            [M.REMOTE, M.PHONE], "Projet de transition professionnelle et démission pour reconversion."),
    ],
    "relay": [_INFO_ALL],
    "centre": [_INFO_ALL, _ADVICE_ALL],
    "general": [_INFO_ALL, _ADVICE_ALL, (L.SUPPORT, ["femmes", "seniors"], ["vae"],
        ["valider-son-experience"], [M.ON_SITE], "Ateliers collectifs et accompagnement individuel.")],
}  # fmt: skip

# Networks of members: key -> (network slug, category, basis, scope, member name, acronym, site name,
# service profile, weight among member offices). Scope "departement" gives one member per département
# ({dept}), "region" one per région ({region}), "city" one per région's largest commune ({of_city}).
NETWORKS = {
    "france-travail": ("france-travail", C.CEP_OPERATOR, B.STATUTORY, "departement", "France Travail {dept}",
        "", "Agence France Travail", "france-travail", 24),
    "mission-locale": ("mission-locale", C.CEP_OPERATOR, B.STATUTORY, "departement",
        "Mission locale {of_capital}", "", "Mission locale", "mission-locale", 20),
    "cio": ("", C.STATE, B.STATUTORY, "region", "Centres d'information et d'orientation — {region}", "CIO",
        "CIO", "cio", 9),
    "cap-emploi": ("cap-emploi-reseau-cheops", C.CEP_OPERATOR, B.STATUTORY, "region", "Cap emploi {region}",
        "", "Cap emploi", "cap-emploi", 5),
    "cci": ("chambres-consulaires", C.CHAMBER, B.STATUTORY, "region",
        "Chambre de commerce et d'industrie {region}", "CCI", "Point information CCI", "chamber", 4),
    "cma": ("chambres-consulaires", C.CHAMBER, B.STATUTORY, "region",
        "Chambre de métiers et de l'artisanat {region}", "CMA", "Antenne CMA", "chamber", 4),
    "agriculture": ("chambres-consulaires", C.CHAMBER, B.STATUTORY, "region",
        "Chambre régionale d'agriculture {region}", "", "Chambre d'agriculture — antenne", "chamber", 3),
    "apec": ("", C.CEP_OPERATOR, B.STATUTORY, "region", "Apec {region}", "Apec", "Centre Apec", "apec", 2),
    "transitions-pro": ("", C.CEP_OPERATOR, B.STATUTORY, "region", "Transitions Pro {region}", "",
        "Transitions Pro — antenne", "transitions", 2),
    "region": ("regions", C.REGION, B.STATUTORY, "region", "Région {region}", "", "Maison de la Région",
        "general", 2),
    "scuio-ip": ("", C.STATE, B.STATUTORY, "city", "Service universitaire d'orientation {of_city}",
        "SCUIO-IP", "SCUIO-IP — campus", "cio", 1),
    "onisep": ("", C.STATE, B.ADDED, "region", "ONISEP — délégation régionale {region}", "ONISEP",
        "Espace ONISEP", "cio", 1),
    "carif-oref": ("", C.ASSOCIATED_NETWORK, B.ADDED, "region", "Carif-Oref {region}", "",
        "Espace Carif-Oref", "general", 1),
    "mcef": ("maisons-de-l-emploi", C.ASSOCIATED_NETWORK, B.ADDED, "departement",
        "Maison commune emploi formation {of_capital}", "MCEF", "Maison commune emploi formation", "general",
        6),
    "labellise": ("", C.LABELLED, B.LABELLED, "region", "Association Horizons Métiers {region}", "",
        "Point orientation Horizons Métiers", "general", 5),
    "agefiph": ("agefiph", C.PARTNER, B.ASSOCIATED, "region", "Agefiph {region}", "", "Agefiph — délégation",
        "cap-emploi", 1),
}  # fmt: skip
# Kinds other than member offices: (kind, share in %, networks that host them, name, profile).
NETWORK_KINDS = [
    ("point_relais", 8, ["mcef", "region", "labellise"], "Point relais orientation —", "relay"),
    ("centre_associe", 2, ["mcef", "region"], "Centre associé de la Cité des métiers —", "centre"),
]
PERMANENCE_NETWORKS = ["apec", "cap-emploi", "transitions-pro", "cma", "cci", "agefiph"]

EVENT_TYPE_WEIGHTS = {
    "atelier": 26, "information-collective": 20, "job-dating": 9, "forum": 8, "webinaire": 8,
    "portes-ouvertes": 8, "journee-thematique": 6, "conference": 5, "visite-entreprise": 5, "salon": 3,
    "semaine-thematique": 2,
}  # fmt: skip
# Per type: (title, sectors, projects, schemes, audiences); the title is followed by the place.
EVENT_TITLES = {
    "salon": [("Salon de l'orientation", [], ["choisir-un-metier", "se-former"], [], ["eleves", "parents"]),
        ("Salon des métiers et de la formation", [], ["se-former"], ["apprentissage"], ["tous-publics"]),
        ("Salon de l'apprentissage", [], ["se-former"], ["apprentissage"], ["jeunes"])],
    "forum": [("Forum de l'emploi", [], ["trouver-un-emploi"], [], ["demandeurs-emploi"]),
        ("Forum emploi et alternance", [], ["trouver-un-emploi"], ["apprentissage"], ["jeunes"]),
        ("Forum des métiers de la santé", ["j"], ["decouvrir-un-secteur"], [], ["tous-publics"])],
    "semaine-thematique": [("Semaine de l'industrie", ["h", "i"], ["decouvrir-un-secteur"], [], ["eleves"]),
        ("Semaine des métiers du numérique", ["e"], ["decouvrir-un-secteur"], [], ["tous-publics"])],
    "journee-thematique": [("Journée de la création d'entreprise", ["m"], ["creer-une-entreprise"], [],
        ["independants-createurs"]), ("Journée des métiers du bâtiment", ["f"], ["decouvrir-un-secteur"],
        ["apprentissage"], ["jeunes"])],
    "atelier": [("Atelier CV et lettre de motivation", [], ["trouver-un-emploi"], [], ["demandeurs-emploi"]),
        ("Atelier « Réussir son entretien d'embauche »", [], ["trouver-un-emploi"], [], ["jeunes"]),
        ("Atelier découverte des métiers", [], ["choisir-un-metier"], [], ["eleves"]),
        ("Atelier « Faire le point sur sa carrière »", [], ["changer-de-metier"], ["cep"], ["salaries"])],
    "information-collective": [("Information collective VAE", [], ["valider-son-experience"], ["vae"],
        ["actifs"]), ("Réunion d'information sur le CEP", [], ["changer-de-metier"], ["cep"], ["actifs"]),
        ("Information collective : le contrat d'engagement jeune", [], ["trouver-un-emploi"],
        ["contrat-engagement-jeune"], ["jeunes"]), ("Information collective : bilan de compétences", [],
        ["changer-de-metier"], ["bilan-de-competences"], ["salaries"])],
    "job-dating": [("Job dating hôtellerie-restauration", ["g"], ["trouver-un-emploi"], [],
        ["demandeurs-emploi"]), ("Job dating alternance", [], ["trouver-un-emploi"], ["apprentissage"],
        ["jeunes"]), ("Job dating transport et logistique", ["n"], ["trouver-un-emploi"], [],
        ["demandeurs-emploi"]), ("Job dating services à la personne", ["k"], ["trouver-un-emploi"], [],
        ["demandeurs-emploi", "seniors"])],
    "portes-ouvertes": [("Portes ouvertes du CFA", [], ["se-former"], ["apprentissage"],
        ["eleves", "parents"]), ("Journée portes ouvertes", [], ["choisir-un-metier"], [], ["tous-publics"])],
    "visite-entreprise": [("Visite d'entreprise : industrie aéronautique", ["h"], ["decouvrir-un-secteur"],
        [], ["eleves"]), ("Visite d'une exploitation agricole", ["a"], ["decouvrir-un-secteur"], [],
        ["jeunes"]), ("Découverte d'un chantier du bâtiment", ["f"], ["decouvrir-un-secteur"], [],
        ["femmes"])],
    "conference": [("Conférence : les métiers de demain", [], ["choisir-un-metier"], [], ["tous-publics"]),
        ("Conférence : se reconvertir après 45 ans", [], ["changer-de-metier"], ["cep"], ["seniors"]),
        ("Conférence : travailler à l'étranger", [], ["travailler-a-l-etranger"], [], ["etudiants"])],
    "webinaire": [("Webinaire : le compte personnel de formation", [], ["se-former"], ["cpf"], ["actifs"]),
        ("Webinaire : créer son entreprise", ["m"], ["creer-une-entreprise"], [], ["independants-createurs"]),
        ("Webinaire : préparer Parcoursup", [], ["choisir-un-metier"], [], ["eleves", "parents"])],
}  # fmt: skip
EVENT_DESCRIPTIONS = [
    "Rencontrez des professionnels et des conseillers du réseau, posez vos questions.",
    "Entrée libre, sans inscription préalable : venez avec votre CV.",
    "Des employeurs du territoire présentent leurs métiers et leurs offres.",
    "Un temps d'échange en petit groupe, animé par un conseiller.",
    "Démonstrations de gestes professionnels et témoignages d'apprentis.",
    "",
]
VENUE_NAMES = [
    "Salle des fêtes", "Parc des expositions", "Médiathèque", "Hôtel de ville", "Espace culturel",
    "Lycée professionnel Jean Jaurès", "Maison des associations", "Centre de congrès", "Salle polyvalente",
]  # fmt: skip
# (status, weight): mostly published; cancelled and full stay in the public agenda.
EVENT_STATUSES = [("publie", 85), ("annule", 5), ("complet", 4), ("brouillon", 4), ("soumis", 2)]
# Starting hours and their weights; events last 1 to 8 hours, a few span several days.
EVENT_HOURS = [(8, 2), (9, 14), (10, 12), (13, 4), (14, 14), (15, 4), (17, 3), (18, 3)]
DAYS_BEFORE, DAYS_AFTER = 60, 365
# Duration in hours (min, max) per type; several days for thematic weeks and some fairs.
EVENT_DURATIONS = {
    "atelier": (1, 3), "information-collective": (1, 2), "job-dating": (2, 4), "forum": (4, 7),
    "webinaire": (1, 2), "portes-ouvertes": (4, 8), "journee-thematique": (6, 8), "conference": (2, 3),
    "visite-entreprise": (2, 3), "salon": (6, 8), "semaine-thematique": (6, 8),
}  # fmt: skip
EVENT_EXTRA_DAYS = {"semaine-thematique": (1.0, 4), "salon": (0.4, 2)}  # (share, days); others 1 % one day
SECTOR_TYPES = {"forum", "salon", "job-dating", "journee-thematique", "visite-entreprise"}
JOB_TYPES = {"job-dating", "visite-entreprise"}
