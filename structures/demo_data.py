"""Raw tables of the demonstration network loaded by `manage.py load_demo` (see structures.demo).

Organisations are the members of the 2015 charter under their current names (France Travail for Pôle
emploi, Transitions Pro for the Fongecif, the OPCOs for the former OPCA). Places, addresses and contact
details are fictitious: telephone numbers are generated in the range that ARCEP reserves for fiction
(01 99 00 xx xx) and e-mail addresses end in the reserved `.invalid` domain (see structures.demo).
Communes are INSEE codes of the reference data.
"""

from .enums import AccessibilityFeature as A
from .enums import MemberCategory as C
from .enums import MembershipBasis as B
from .enums import ServiceLevel as L

# --- Members: key -> (name, acronym, category, basis, data·inclusion network, website, description) ---
MEMBERS = {
    "region": ("Région Occitanie", "", C.REGION, B.STATUTORY, "regions", "https://www.laregion.fr",
        "Pilote du service public régional de l'orientation ; porte la Cité des métiers et son réseau."),
    "cio": ("Centres d'information et d'orientation (CIO)", "CIO", C.STATE, B.STATUTORY, "",
        "https://www.ac-toulouse.fr",
        "Services de l'Éducation nationale : information et conseil en orientation pour les élèves, "
        "les étudiants, leurs familles et les jeunes sortis du système scolaire."),
    "scuio-ip": ("Services universitaires d'information, d'orientation et d'insertion professionnelle",
        "SCUIO-IP", C.STATE, B.STATUTORY, "", "",
        "Services d'orientation et d'insertion professionnelle des universités de Toulouse."),
    "onisep": ("ONISEP — délégation régionale Occitanie", "ONISEP", C.STATE, B.ADDED, "",
        "https://www.onisep.fr",
        "Éditeur public de l'information sur les formations et les métiers."),
    "chambre-agriculture": ("Chambre régionale d'agriculture d'Occitanie", "", C.CHAMBER, B.STATUTORY,
        "chambres-consulaires", "https://occitanie.chambre-agriculture.fr",
        "Réseau des chambres d'agriculture : métiers agricoles, apprentissage et installation."),
    "cci": ("CCI Occitanie", "CCI", C.CHAMBER, B.STATUTORY, "chambres-consulaires",
        "https://www.occitanie.cci.fr",
        "Chambres de commerce et d'industrie : apprentissage, création et reprise d'entreprise."),
    "cma": ("Chambre de métiers et de l'artisanat Occitanie", "CMA", C.CHAMBER, B.STATUTORY,
        "chambres-consulaires", "https://www.cma-occitanie.fr",
        "Chambre de métiers et de l'artisanat de région et ses niveaux départementaux."),
    "france-travail": ("France Travail", "", C.CEP_OPERATOR, B.STATUTORY, "france-travail",
        "https://www.francetravail.fr",
        "Opérateur public de l'emploi, anciennement Pôle emploi (jusqu'au 1er janvier 2024)."),
    "mission-locale": ("Missions locales d'Occitanie", "", C.CEP_OPERATOR, B.STATUTORY, "mission-locale",
        "https://www.unml.info",
        "Accompagnement des jeunes de 16 à 25 ans vers l'emploi et l'autonomie."),
    "apec": ("Association pour l'emploi des cadres (Apec)", "Apec", C.CEP_OPERATOR, B.STATUTORY, "apec",
        "https://www.apec.fr", "Conseil en évolution professionnelle des cadres et des jeunes diplômés."),
    "cap-emploi": ("Cap emploi", "", C.CEP_OPERATOR, B.STATUTORY, "cap-emploi-reseau-cheops", "",
        "Accompagnement vers l'emploi et maintien dans l'emploi des personnes en situation de handicap."),
    "transitions-pro": ("Transitions Pro Occitanie", "", C.CEP_OPERATOR, B.STATUTORY, "transitions-pro",
        "https://www.transitionspro-occitanie.fr",
        "Association paritaire qui a repris en 2020 les missions du Fongecif : projet de transition "
        "professionnelle et démission pour reconversion."),
    "afdas": ("Afdas", "", C.CEP_OPERATOR, B.STATUTORY, "", "https://www.afdas.com",
        "Opérateur de compétences (OPCO) de la culture, des médias, du sport et des loisirs."),
    "akto": ("Akto", "", C.CEP_OPERATOR, B.STATUTORY, "", "https://www.akto.fr",
        "Opérateur de compétences des services à forte intensité de main-d'œuvre, qui a repris en 2019 "
        "les missions du FAF.TT (travail temporaire)."),
    "ocapiat": ("Ocapiat", "", C.CEP_OPERATOR, B.STATUTORY, "", "https://www.ocapiat.fr",
        "Opérateur de compétences de l'agriculture et de l'agroalimentaire, successeur du FAFSEA."),
    "opco-sante": ("OPCO Santé", "", C.CEP_OPERATOR, B.STATUTORY, "", "https://www.opco-sante.fr",
        "Opérateur de compétences du secteur sanitaire, social et médico-social, successeur d'Unifaf."),
    "uniformation": ("Uniformation", "", C.CEP_OPERATOR, B.STATUTORY, "", "https://www.uniformation.fr",
        "Opérateur de compétences de la cohésion sociale."),
    "arml": ("Association régionale des missions locales d'Occitanie", "ARML", C.ASSOCIATED_NETWORK,
        B.ADDED, "mission-locale", "", "Tête de réseau régionale des missions locales."),
    "cheops": ("CHEOPS Occitanie", "CHEOPS", C.ASSOCIATED_NETWORK, B.ADDED, "cap-emploi-reseau-cheops", "",
        "Association régionale des Cap emploi."),
    "carif-oref": ("Carif-Oref Occitanie", "", C.ASSOCIATED_NETWORK, B.ADDED, "",
        "https://www.cariforefoccitanie.fr",
        "Centre de ressources sur la formation, l'emploi et les métiers en région."),
    "mcef": ("Réseau des Maisons communes emploi formation", "MCEF", C.ASSOCIATED_NETWORK, B.ADDED,
        "maisons-de-l-emploi", "",
        "Lieux d'accueil de proximité de la Région sur l'emploi et la formation, supports des centres "
        "associés et des points relais de la Cité des métiers."),
    "agefiph": ("Agefiph", "", C.PARTNER, B.ASSOCIATED, "agefiph", "https://www.agefiph.fr",
        "Association de gestion du fonds pour l'insertion professionnelle des personnes handicapées."),
}  # fmt: skip

# --- Opening hours (OpenStreetMap syntax) ---
CITE_HOURS = "Mo-Fr 09:00-18:00; Sa 09:30-12:30; PH off"
CENTRE_HOURS = "Mo-Fr 09:00-12:30,13:30-17:30; PH off"
CENTRE_LATE_HOURS = "Mo,We-Fr 09:00-12:30,13:30-17:30; Tu 09:00-12:30,13:30-19:30; PH off"
CENTRE_SATURDAY_HOURS = "Mo-Fr 09:00-12:30,13:30-17:30; Sa 09:00-12:00; PH off"
RELAY_HOURS = "Mo-Fr 08:30-12:30,13:30-17:00; PH off"
RELAY_SHORT_HOURS = "Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00; PH off"
RELAY_SATURDAY_HOURS = "Tu-Fr 09:00-12:30,14:00-17:30; Sa 09:00-12:30; PH off"

HOURS_NOTES = {
    CENTRE_LATE_HOURS: "Ouvert jusqu'à 19 h 30 le mardi.",
    CENTRE_SATURDAY_HOURS: "Ouvert aussi le samedi matin.",
    RELAY_SATURDAY_HOURS: "Fermé le lundi, ouvert le samedi matin.",
}

# --- Accessibility: sites take these sets in turn (one in six declares nothing) ---
ACCESSIBILITY = [
    [A.WHEELCHAIR, A.PARKING, A.PUBLIC_TRANSPORT],
    [A.WHEELCHAIR, A.HEARING_LOOP, A.EASY_TO_READ],
    [A.WHEELCHAIR, A.PUBLIC_TRANSPORT],
    [A.WHEELCHAIR, A.PARKING, A.VISUAL],
    [],
    [A.WHEELCHAIR, A.HEARING_LOOP, A.SIGN_LANGUAGE, A.PUBLIC_TRANSPORT],
]

# --- What each kind of place offers: profile -> (hours, hours note, services) ---
# A service: (level, publics, schemes, projects, modes, description).
ONSITE, REMOTE, PHONE = "sur_place", "a_distance", "telephone"
PROFILES = {
    "cite": (CITE_HOURS, "Pôles conseil sans rendez-vous ; ateliers et rencontres sur inscription.", [
        (L.INFORMATION, ["tous-publics"], [], ["choisir-un-metier", "decouvrir-un-secteur", "se-former",
            "trouver-un-emploi", "creer-une-entreprise", "travailler-a-l-etranger"], [ONSITE, REMOTE, PHONE],
            "Accueil sans rendez-vous, documentation et ressources multimédias, ateliers et rencontres "
            "avec des professionnels, ouverts à tous."),
        (L.ADVICE, ["tous-publics"], ["cep", "vae", "bilan-de-competences", "apprentissage", "cpf"],
            ["choisir-un-metier", "changer-de-metier", "se-former", "valider-son-experience",
             "creer-une-entreprise"], [ONSITE, REMOTE],
            "Premiers conseils sur quatre pôles (s'orienter, trouver un emploi, changer de métier, créer "
            "son activité) par les conseillers des membres du réseau."),
    ]),
    "centre": (CENTRE_HOURS, "", [
        (L.INFORMATION, ["tous-publics"], [], ["choisir-un-metier", "decouvrir-un-secteur", "se-former",
            "trouver-un-emploi"], [ONSITE, PHONE],
            "Accueil, information et documentation sur les métiers, les formations et l'emploi, avec un "
            "accès libre aux ressources numériques."),
        (L.ADVICE, ["tous-publics"], ["cep", "vae", "apprentissage", "cpf"], ["changer-de-metier",
            "se-former", "valider-son-experience"], [ONSITE, REMOTE],
            "Pôle conseil : un entretien pour faire le point sur son projet et être orienté vers le bon "
            "interlocuteur du réseau."),
    ]),
    "relay": (RELAY_HOURS, "", [
        (L.INFORMATION, ["tous-publics"], [], ["choisir-un-metier", "se-former", "trouver-un-emploi"],
            [ONSITE], "Accueil de premier niveau, documentation et accès aux services en ligne ; relais des "
            "animations de la Cité des métiers et du centre associé."),
    ]),
    "cio": (CENTRE_HOURS, "Horaires réduits pendant les vacances scolaires.", [
        (L.INFORMATION, ["eleves", "etudiants", "jeunes", "parents"], ["apprentissage"],
            ["choisir-un-metier", "decouvrir-un-secteur", "se-former"], [ONSITE, PHONE],
            "Information sur les formations, les diplômes et les métiers, en accès libre."),
        (L.ADVICE, ["eleves", "etudiants", "jeunes", "parents"], [], ["choisir-un-metier", "se-former"],
            [ONSITE], "Entretiens de conseil en orientation avec un psychologue de l'Éducation nationale, "
            "sur rendez-vous."),
    ]),
    "mission-locale": ("Mo-Th 08:30-12:30,13:30-17:30; Fr 08:30-12:30,13:30-16:30; PH off", "", [
        (L.CEP_RECEPTION, ["jeunes"], ["cep"], ["choisir-un-metier", "trouver-un-emploi", "se-former"],
            [ONSITE, PHONE], "Accueil individualisé des 16-25 ans sortis de l'école : emploi, formation, "
            "logement, santé et mobilité."),
        (L.CEP_SUPPORT, ["jeunes"], ["cep", "contrat-engagement-jeune", "apprentissage", "service-civique"],
            ["trouver-un-emploi", "se-former", "decouvrir-un-secteur"], [ONSITE, REMOTE],
            "Accompagnement personnalisé vers l'emploi ou la formation, notamment avec le contrat "
            "d'engagement jeune."),
    ]),
    "france-travail": ("Mo-We 08:30-16:30; Th 08:30-12:30; Fr 08:30-15:30; PH off",
        "Sans rendez-vous le matin ; l'après-midi sur rendez-vous.", [
        (L.CEP_RECEPTION, ["demandeurs-emploi"], ["cep"], ["trouver-un-emploi"], [ONSITE, PHONE, REMOTE],
            "Accueil, inscription et information sur les offres d'emploi, les droits et les aides."),
        (L.CEP_ADVICE, ["demandeurs-emploi"], ["cep", "cpf", "vae"], ["changer-de-metier", "se-former",
            "valider-son-experience"], [ONSITE, REMOTE],
            "Conseil personnalisé pour définir un projet professionnel et construire un parcours de "
            "formation."),
        (L.CEP_SUPPORT, ["demandeurs-emploi"], ["cep", "bilan-de-competences"], ["changer-de-metier",
            "creer-une-entreprise"], [ONSITE],
            "Accompagnement dans la durée d'un projet de reconversion ou de création d'entreprise."),
    ]),
    "cap-emploi": ("Mo-Fr 09:00-12:30,13:30-17:00; PH off", "De préférence sur rendez-vous.", [
        (L.CEP_ADVICE, ["personnes-en-situation-de-handicap", "demandeurs-emploi", "salaries"], ["cep"],
            ["trouver-un-emploi", "changer-de-metier"], [ONSITE, PHONE],
            "Conseil en évolution professionnelle pour les personnes en situation de handicap."),
        (L.SUPPORT, ["personnes-en-situation-de-handicap"], ["bilan-de-competences"], ["trouver-un-emploi"],
            [ONSITE], "Accompagnement vers l'emploi et maintien dans l'emploi, en lien avec les employeurs."),
    ]),
    "apec": ("Mo-Fr 09:00-18:00; PH off", "Sur rendez-vous.", [
        (L.CEP_ADVICE, ["cadres"], ["cep"], ["changer-de-metier", "trouver-un-emploi"],
            [ONSITE, REMOTE, PHONE], "Conseil en évolution professionnelle pour les cadres et les jeunes "
            "diplômés, en entretien ou à distance."),
        (L.CEP_SUPPORT, ["cadres"], ["cep", "bilan-de-competences"], ["changer-de-metier",
            "creer-une-entreprise"], [ONSITE, REMOTE],
            "Accompagnement d'un projet de mobilité ou de reconversion, avec des ateliers collectifs."),
    ]),
    "transitions-pro": ("Mo-Fr 09:00-12:30,14:00-17:00; PH off", "", [
        (L.INFORMATION, ["salaries", "actifs"], ["transition-professionnelle", "cpf"], ["changer-de-metier",
            "se-former"], [ONSITE, PHONE, REMOTE], "Information sur le projet de transition "
            "professionnelle, la démission pour reconversion et le financement des formations longues."),
        (L.SUPPORT, ["salaries"], ["transition-professionnelle"], ["changer-de-metier"], [ONSITE, REMOTE],
            "Instruction et suivi des dossiers de projet de transition professionnelle."),
    ]),
    "cci": ("Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00,13:30-16:30; PH off", "", [
        (L.INFORMATION, ["jeunes", "independants-createurs", "parents"], ["apprentissage"],
            ["decouvrir-un-secteur", "creer-une-entreprise", "se-former"], [ONSITE, PHONE],
            "Point orientation apprentissage et accueil des créateurs et repreneurs d'entreprise."),
    ]),
    "cma": ("Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00,13:30-16:30; PH off", "", [
        (L.INFORMATION, ["jeunes", "independants-createurs", "parents"], ["apprentissage"],
            ["decouvrir-un-secteur", "creer-une-entreprise"], [ONSITE, PHONE],
            "Information sur les métiers de l'artisanat, l'apprentissage et la création d'entreprise."),
    ]),
    "chambre-agriculture": ("Mo-Fr 08:30-12:00,13:30-17:00; PH off", "Sur rendez-vous l'après-midi.", [
        (L.INFORMATION, ["jeunes", "demandeurs-emploi", "independants-createurs"], ["apprentissage"],
            ["decouvrir-un-secteur", "creer-une-entreprise"], [ONSITE, PHONE],
            "Point accueil installation : métiers agricoles, formations et installation en agriculture."),
    ]),
    "scuio-ip": ("Mo-Fr 09:00-17:00; Aug off; PH off", "Fermé en août.", [
        (L.INFORMATION, ["etudiants"], [], ["choisir-un-metier", "se-former", "travailler-a-l-etranger"],
            [ONSITE, REMOTE], "Documentation et ateliers sur les études, la réorientation, les stages et "
            "l'insertion professionnelle."),
        (L.ADVICE, ["etudiants"], [], ["choisir-un-metier", "trouver-un-emploi"], [ONSITE, REMOTE],
            "Entretiens individuels avec un conseiller d'orientation et d'insertion, sur rendez-vous."),
    ]),
}  # fmt: skip

# --- The Cité des métiers network ---
# Central site: (key, member, name, commune, postcode, address).
CENTRAL = ("cite-des-metiers-toulouse", "region", "Cité des métiers de Toulouse", "31555", "31000",
    "12 allées Jean-Jaurès")  # fmt: skip

# Associated centres, one per département, at the MCEF of the main town (Saint-Gaudens for the
# Haute-Garonne, whose main town has the central site): (key, name, commune, address, hours).
CENTRES = [
    ("centre-associe-foix", "MCEF de Foix", "09122", "4 cours Gabriel-Fauré", CENTRE_HOURS),
    ("centre-associe-rodez", "MCEF de Rodez", "12202", "15 avenue Victor-Hugo", CENTRE_LATE_HOURS),
    ("centre-associe-saint-gaudens", "MCEF de Saint-Gaudens", "31483", "8 boulevard Jean-Bepmale",
        CENTRE_HOURS),
    ("centre-associe-auch", "MCEF d'Auch", "32013", "21 rue Victor-Hugo", CENTRE_HOURS),
    ("centre-associe-cahors", "MCEF de Cahors", "46042", "30 boulevard Gambetta", CENTRE_LATE_HOURS),
    ("centre-associe-tarbes", "MCEF de Tarbes", "65440", "6 rue Larrey", CENTRE_HOURS),
    ("centre-associe-albi", "MCEF d'Albi", "81004", "9 avenue du Général-de-Gaulle",
        CENTRE_SATURDAY_HOURS),
    ("centre-associe-montauban", "MCEF de Montauban", "82121", "18 boulevard Alsace-Lorraine",
        CENTRE_LATE_HOURS),
]  # fmt: skip

# Relay points, attached to the associated centre of their département:
# (town, commune, address, host member, hours). Most are the MCEF's former local offices (charter 3.3.1).
RELAYS = [
    ("Pamiers", "09225", "2 rue de la Maternité", "mcef", RELAY_HOURS),
    ("Lavelanet", "09160", "5 place Henri-Dunant", "mcef", RELAY_SHORT_HOURS),
    ("Saint-Girons", "09261", "11 avenue Aristide-Bergès", "mcef", RELAY_HOURS),
    ("Tarascon-sur-Ariège", "09306", "3 avenue de Sabart", "mission-locale", RELAY_SHORT_HOURS),
    ("Millau", "12145", "7 boulevard de l'Ayrolle", "mcef", RELAY_HOURS),
    ("Villefranche-de-Rouergue", "12300", "14 promenade du Guiraudet", "mcef", RELAY_HOURS),
    ("Decazeville", "12089", "1 place Decazes", "mcef", RELAY_SHORT_HOURS),
    ("Saint-Affrique", "12208", "9 boulevard de Verdun", "mission-locale", RELAY_SHORT_HOURS),
    ("Espalion", "12096", "4 avenue de la Gare", "mcef", RELAY_SHORT_HOURS),
    ("Muret", "31395", "20 allées Niel", "mcef", RELAY_HOURS),
    ("Colomiers", "31149", "6 allée du Rouergue", "mission-locale", RELAY_HOURS),
    ("Revel", "31451", "2 boulevard Carnot", "mcef", RELAY_SHORT_HOURS),
    ("Carbonne", "31107", "12 boulevard de la Gare", "mcef", RELAY_SHORT_HOURS),
    ("Villefranche-de-Lauragais", "31582", "8 rue de la République", "mcef", RELAY_SHORT_HOURS),
    ("Condom", "32107", "5 rue Jean-Jaurès", "mcef", RELAY_HOURS),
    ("Mirande", "32256", "3 rue de l'Évêché", "mcef", RELAY_SHORT_HOURS),
    ("L'Isle-Jourdain", "32160", "10 avenue du Courbet", "mcef", RELAY_HOURS),
    ("Fleurance", "32132", "7 rue Gambetta", "mission-locale", RELAY_SHORT_HOURS),
    ("Figeac", "46102", "13 boulevard Juskiewenski", "mcef", RELAY_HOURS),
    ("Gourdon", "46127", "4 boulevard des Martyrs", "mcef", RELAY_SHORT_HOURS),
    ("Souillac", "46309", "2 avenue du Général-de-Gaulle", "mcef", RELAY_SHORT_HOURS),
    ("Saint-Céré", "46251", "6 place de la République", "mcef", RELAY_SHORT_HOURS),
    ("Lourdes", "65286", "16 avenue Alexandre-Marqui", "mcef", RELAY_HOURS),
    ("Bagnères-de-Bigorre", "65059", "9 rue de la République", "mcef", RELAY_SHORT_HOURS),
    ("Lannemezan", "65258", "3 rue Diderot", "mcef", RELAY_HOURS),
    ("Vic-en-Bigorre", "65460", "1 place Gambetta", "mission-locale", RELAY_SHORT_HOURS),
    ("Castres", "81065", "22 boulevard Raymond-Vittoz", "mcef", RELAY_SATURDAY_HOURS),
    ("Gaillac", "81099", "5 place de la Libération", "mcef", RELAY_SATURDAY_HOURS),
    ("Carmaux", "81060", "7 avenue Jean-Jaurès", "mcef", RELAY_HOURS),
    ("Lavaur", "81140", "3 rue du Pont-Saint-Roch", "mcef", RELAY_HOURS),
    ("Mazamet", "81163", "11 rue de la Richarde", "mcef", RELAY_SHORT_HOURS),
    ("Graulhet", "81105", "2 place du Mercadial", "mission-locale", RELAY_SHORT_HOURS),
    ("Castelsarrasin", "82033", "9 promenade du Château", "mcef", RELAY_HOURS),
    ("Moissac", "82112", "4 boulevard Léon-Cladel", "mcef", RELAY_HOURS),
    ("Caussade", "82037", "6 rue de la République", "mcef", RELAY_SHORT_HOURS),
    ("Valence-d'Agen", "82186", "3 place Nationale", "mcef", RELAY_SHORT_HOURS),
]

# --- Members' own places (no parent) ---
# One Cap emploi, CCI, CMA and Chambre d'agriculture office per département, in its main town:
# (département, commune, Cap emploi address, CCI address, CMA address, Chambre d'agriculture address).
DEPARTMENT_OFFICES = [
    ("Ariège", "09122", "3 avenue de Lérida", "21 cours Gabriel-Fauré", "32 avenue du Général-de-Gaulle",
        "12 rue du Lieutenant-Paul-Delpech"),
    ("Aveyron", "12202", "5 rue de Laumière", "10 place Foch", "2 avenue de Paris", "9 rue de la Bourse"),
    ("Haute-Garonne", "31555", "14 rue d'Alsace-Lorraine", "2 rue d'Alsace-Lorraine", "18 bis boulevard "
        "Lascrosses", "32 rue de Lisieux"),
    ("Gers", "32013", "8 rue Camille-Desmoulins", "1 place Jean-David", "6 rue de la Somme",
        "15 route de Mirande"),
    ("Lot", "46042", "27 quai Cavaignac", "107 quai Cavaignac", "56 boulevard Gambetta",
        "430 avenue Jean-Jaurès"),
    ("Hautes-Pyrénées", "65440", "11 avenue Bertrand-Barère", "23 rue Clos-Fleuri", "3 rue Alfred-de-Vigny",
        "20 place du Foirail"),
    ("Tarn", "81004", "4 rue de la République", "1 avenue du Général-Hoche", "10 boulevard Valmy",
        "96 rue des Agriculteurs"),
    ("Tarn-et-Garonne", "82121", "12 avenue Gambetta", "61 avenue Gambetta", "19 avenue Marcel-Unal",
        "130 avenue Marcel-Unal"),
]  # fmt: skip
# (key prefix, member and profile, name format) in the order of the addresses above.
DEPARTMENT_OFFICE_KINDS = [
    ("cap-emploi", "Cap emploi {town}"),
    ("cci", "CCI {town}"),
    ("cma", "Chambre de métiers et de l'artisanat — {town}"),
    ("chambre-agriculture", "Chambre d'agriculture — {town}"),
]
# Town offices of the networks: (member and profile, name) -> [(key suffix, commune, postcode, address)];
# in names, {town} is the commune (or TOWN_NAMES[suffix]) and {of} the same after "de" or "d'".
TOWN_OFFICES = {
    ("cio", "CIO {of}"): [
        ("foix", "09122", "", "1 rue Lakanal"), ("pamiers", "09225", "", "7 rue Gabriel-Péri"),
        ("rodez", "12202", "", "3 rue Louis-Blanc"), ("millau", "12145", "", "12 rue de la Capelle"),
        ("toulouse-centre", "31555", "31000", "5 rue Saint-Rome"),
        ("toulouse-mirail", "31555", "31100", "21 allée de Bellefontaine"),
        ("muret", "31395", "", "9 rue Clément-Ader"),
        ("saint-gaudens", "31483", "", "4 rue Thiers"), ("auch", "32013", "", "10 rue Rabelais"),
        ("cahors", "46042", "", "8 rue Wilson"), ("figeac", "46102", "", "5 rue Gambetta"),
        ("tarbes", "65440", "", "17 rue Maréchal-Foch"), ("albi", "81004", "", "2 rue Croix-Verte"),
        ("castres", "81065", "", "6 rue Émile-Zola"), ("montauban", "82121", "", "14 rue Léon-Cladel"),
    ],
    ("mission-locale", "Mission locale {of}"): [
        ("foix", "09122", "", "18 rue Lazéma"), ("rodez", "12202", "", "6 rue Béteille"),
        ("millau", "12145", "", "2 rue Alfred-Merle"), ("toulouse", "31555", "31000", "40 rue Bayard"),
        ("colomiers", "31149", "", "1 place de la Bergerie"),
        ("saint-gaudens", "31483", "", "11 rue du Général-Leclerc"), ("auch", "32013", "", "3 rue Dessoles"),
        ("cahors", "46042", "", "23 rue de la Préfecture"), ("tarbes", "65440", "", "9 rue Brauhauban"),
        ("albi", "81004", "", "15 avenue Maréchal-Joffre"), ("castres", "81065", "", "4 rue Sabatier"),
        ("montauban", "82121", "", "7 rue Michelet"),
    ],
    ("france-travail", "France Travail {town}"): [
        ("foix", "09122", "", "8 avenue de l'Ariège"), ("pamiers", "09225", "", "19 avenue de Foix"),
        ("rodez", "12202", "", "25 avenue de Bourran"),
        ("toulouse-compans", "31555", "31000", "33 boulevard Lascrosses"),
        ("toulouse-mirail", "31555", "31100", "15 chemin du Mirail"),
        ("blagnac", "31069", "", "6 avenue du Parc"), ("muret", "31395", "", "28 avenue Vincent-Auriol"),
        ("saint-gaudens", "31483", "", "2 avenue de l'Isle"), ("auch", "32013", "", "12 rue d'Embaquès"),
        ("cahors", "46042", "", "5 avenue André-Breton"), ("tarbes", "65440", "", "44 boulevard Kennedy"),
        ("albi", "81004", "", "31 avenue François-Verdier"), ("castres", "81065", "", "8 rue Villegoudou"),
        ("montauban", "82121", "", "10 avenue de Toulouse"),
    ],
    ("apec", "Apec {town}"): [("toulouse", "31555", "31000", "45 boulevard de Strasbourg")],
    ("transitions-pro", "Transitions Pro Occitanie — {town}"): [
        ("toulouse", "31555", "31500", "9 avenue de Lyon"), ("castres", "81065", "", "12 rue Fuziès"),
    ],
    ("scuio-ip", "SCUIO-IP — {town}"): [
        ("toulouse-rangueil", "31555", "31400", "Campus de Rangueil, bâtiment de la vie étudiante"),
        ("toulouse-mirail", "31555", "31100", "Campus du Mirail, maison de l'orientation"),
    ],
}  # fmt: skip
# Town names where the commune name is not enough.
TOWN_NAMES = {
    "toulouse-centre": "Toulouse Centre", "toulouse-mirail": "Toulouse Mirail",
    "toulouse-compans": "Toulouse Compans-Caffarelli", "toulouse-rangueil": "Toulouse Rangueil",
}  # fmt: skip

# --- Permanences: (site key, member, hours, note) ---
PERMANENCES = [
    ("cite-des-metiers-toulouse", "apec", "Tu 14:00-17:00", "Conseillers de l'Apec, sans rendez-vous."),
    ("cite-des-metiers-toulouse", "transitions-pro", "Th 09:30-12:30",
        "Information sur le projet de transition professionnelle."),
    ("cite-des-metiers-toulouse", "cma", "We 14:00-17:00", "Point apprentissage dans l'artisanat."),
    ("cite-des-metiers-toulouse", "afdas", "Mo[1] 14:00-17:00",
        "Formation dans la culture, les médias et le sport : le premier lundi du mois."),
    ("centre-associe-rodez", "transitions-pro", "We[1] 09:00-12:30", "Premier mercredi du mois."),
    ("centre-associe-tarbes", "transitions-pro", "We[2] 09:00-12:30", "Deuxième mercredi du mois."),
    ("centre-associe-albi", "transitions-pro", "We[3] 09:00-12:30", "Troisième mercredi du mois."),
    ("centre-associe-montauban", "transitions-pro", "We[4] 09:00-12:30", "Quatrième mercredi du mois."),
    ("centre-associe-tarbes", "apec", "Th[2] 14:00-17:00", "Deuxième jeudi du mois, sur rendez-vous."),
    ("centre-associe-albi", "apec", "Th[4] 14:00-17:00", "Quatrième jeudi du mois, sur rendez-vous."),
    ("point-relais-lavelanet", "cap-emploi", "Th 09:00-12:00", "Sur rendez-vous."),
    ("point-relais-millau", "cap-emploi", "Tu[2,4] 14:00-17:00", "Deuxième et quatrième mardis du mois."),
    ("point-relais-figeac", "cap-emploi", "Mo 14:00-17:00", "Sur rendez-vous."),
    ("point-relais-castres", "cap-emploi", "Fr 09:00-12:00", "Sur rendez-vous."),
    ("point-relais-lannemezan", "cap-emploi", "Tu[1,3] 09:00-12:00", "Premier et troisième mardis du mois."),
    ("point-relais-mirande", "mission-locale", "Fr 09:00-12:00", "Accueil des 16-25 ans."),
    ("point-relais-gourdon", "mission-locale", "Tu 09:00-12:00", "Accueil des 16-25 ans."),
    ("point-relais-caussade", "mission-locale", "Th 14:00-17:00", "Accueil des 16-25 ans."),
    ("point-relais-saint-girons", "france-travail", "Mo 14:00-16:30", "Sur rendez-vous."),
]  # fmt: skip
