"""Raw table of the demonstration agenda loaded by `manage.py load_demo` (see events.demo).

Events are dated relative to the day of loading: `day` is the offset in days from today, `hours` the local
opening hours of each day. `at` is a demo site of the network (its key without the `demo-` prefix), a key
of events.demo.VENUES (a place outside the network) or None for an online event. `by` and `co` are keys
of the demo members (structures.demo_data.MEMBERS). Terms are slugs (publics, sectors = ROME domain
letters, projects, schemes) or ROME codes (jobs), separated by spaces. `charter` lists the commitments of
the charter of good practice the event meets: f(ree), a(ccessible to all), b(ranches involved),
c(ompanies present), d(emonstrations of jobs). Places and links are fictitious (`.invalid`).
"""

from dataclasses import dataclass

from .enums import AttendanceMode as M
from .enums import AudienceScope as S
from .enums import EventStatus as St
from .enums import EventType as T

ALL = "fabcd"


@dataclass(frozen=True)
class EventSpec:
    key: str
    type: str
    title: str
    day: int
    hours: str
    at: str | None
    by: str
    text: str
    days: int = 1
    co: str = ""
    publics: str = ""
    sectors: str = ""
    jobs: str = ""
    projects: str = ""
    schemes: str = ""
    mode: str = M.ON_SITE
    signup: bool = False
    capacity: int | None = None
    free: bool = True
    charter: str = ""
    status: str = St.PUBLISHED
    scope: str = S.EVERYONE
    # Kept in the current calendar year (mirrored before today near the end of December), so that the
    # regional programme of the year always shows them.
    this_year: bool = False


EVENTS = [
    # --- Last two months ---
    EventSpec("semaine-emploi-handicap-tarbes", T.THEMATIC_WEEK,
        "Semaine pour l'emploi des personnes handicapées en Bigorre", -40, "09:00-17:00",
        "centre-associe-tarbes", "cap-emploi", days=5, co="agefiph france-travail",
        publics="personnes-en-situation-de-handicap demandeurs-emploi salaries", projects="trouver-un-emploi",
        schemes="cep", charter="fabc", text="Une semaine de rencontres entre employeurs et candidats en "
        "situation de handicap : entretiens, ateliers sur le maintien dans l'emploi et présentation des "
        "aides de l'Agefiph."),
    EventSpec("forum-saisonniers-hiver-bagneres", T.FORUM, "Forum des emplois saisonniers d'hiver", -25,
        "09:30-13:00", "point-relais-bagneres-de-bigorre", "france-travail", co="mission-locale",
        publics="jeunes demandeurs-emploi etudiants", sectors="g", jobs="G1501 G1703 G1602 G1201",
        projects="trouver-un-emploi", charter="fac", text="Les stations des Pyrénées, les hébergeurs et les "
        "restaurateurs recrutent pour la saison d'hiver. Venez avec votre CV."),
    EventSpec("atelier-cv-foix", T.WORKSHOP, "Atelier CV et lettre de motivation", -12, "09:30-12:00",
        "centre-associe-foix", "mcef", co="france-travail", publics="demandeurs-emploi jeunes",
        projects="trouver-un-emploi", signup=True, capacity=12, text="Deux heures et demie pour revoir son "
        "CV, écrire une lettre qui donne envie et préparer sa candidature avec un conseiller."),
    EventSpec("info-vae-rodez", T.INFORMATION_SESSION, "Réunion d'information sur la VAE", -19, "14:00-16:00",
        "centre-associe-rodez", "mcef", co="transitions-pro", publics="actifs salaries demandeurs-emploi",
        projects="valider-son-experience", schemes="vae cpf", text="Faire reconnaître son expérience par un "
        "diplôme : les étapes de la validation des acquis, l'accompagnement et les financements possibles."),
    EventSpec("conference-reconversion-45-ans", T.CONFERENCE, "Se reconvertir après 45 ans : mode d'emploi",
        -33, "18:00-20:00", "cite-des-metiers-toulouse", "transitions-pro", co="apec region",
        publics="seniors salaries cadres", projects="changer-de-metier",
        schemes="cep transition-professionnelle bilan-de-competences", mode=M.MIXED, charter="fa",
        text="Témoignages de salariés reconvertis et réponses des conseillers en évolution professionnelle. "
        "Conférence retransmise en direct."),
    EventSpec("job-dating-grande-distribution-albi", T.JOB_DATING,
        "Job dating commerce et grande distribution", -8, "09:00-12:30", "france-travail-albi",
        "france-travail", co="cci", publics="demandeurs-emploi jeunes", sectors="d", jobs="D1507 D1106 D1401",
        projects="trouver-un-emploi", signup=True, capacity=60, charter="fc", text="Dix minutes pour "
        "convaincre : une dizaine d'enseignes de l'Albigeois recrutent employés de rayon, vendeurs et hôtes "
        "de caisse."),
    EventSpec("portes-ouvertes-cfa-btp-cahors", T.OPEN_DAY, "Portes ouvertes du CFA du bâtiment", -54,
        "09:00-16:00", "cfa-btp-cahors", "cma", co="cio", publics="eleves jeunes parents", sectors="f",
        jobs="F1703 F1602 F1608", projects="se-former choisir-un-metier", schemes="apprentissage",
        charter="fabd", text="Visite des ateliers, démonstrations par les apprentis maçons, électriciens et "
        "carreleurs, et rencontre avec les formateurs."),
    EventSpec("webinaire-cpf-bons-reflexes", T.WEBINAR, "Mobiliser son CPF : les bons réflexes", -15,
        "12:30-13:30", None, "carif-oref", co="region", publics="actifs salaries demandeurs-emploi",
        projects="se-former", schemes="cpf", mode=M.ONLINE, signup=True, text="Consulter ses droits, "
        "choisir une formation certifiante et éviter les démarchages abusifs : une heure pour utiliser son "
        "compte personnel de formation en confiance."),
    EventSpec("visite-exploitation-maraichere-moissac", T.COMPANY_VISIT,
        "Visite d'une exploitation maraîchère", -10, "09:30-12:00", "point-relais-moissac",
        "chambre-agriculture", co="mcef", publics="demandeurs-emploi jeunes", sectors="a", jobs="A1301",
        projects="decouvrir-un-secteur", signup=True, capacity=15, status=St.CANCELLED,
        text="Annulée en raison des intempéries. Départ prévu en covoiturage depuis le point relais de "
        "Moissac."),
    EventSpec("journee-inter-reseaux", T.THEMATIC_DAY, "Journée inter-réseaux du SPRO", -47, "09:30-16:30",
        "cite-des-metiers-toulouse", "region", co="arml cheops carif-oref mcef", signup=True, capacity=120,
        scope=S.PROFESSIONALS, text="Rencontre annuelle des professionnels des membres du service public "
        "régional de l'orientation : actualité des dispositifs, ateliers par bassin et temps "
        "d'interconnaissance."),
    # --- This week ---
    EventSpec("journee-metiers-aeronautique", T.THEMATIC_DAY, "Journée des métiers de l'aéronautique", 2,
        "09:30-17:00", "cite-des-metiers-toulouse", "region", co="cci france-travail onisep",
        publics="tous-publics", sectors="h i", jobs="H2909 H2913 H1203 I1304",
        projects="decouvrir-un-secteur choisir-un-metier trouver-un-emploi", charter=ALL, this_year=True,
        text="Ajusteurs, soudeurs, techniciens de maintenance : les industriels de l'aéronautique "
        "présentent leurs métiers avec des démonstrations et des offres d'emploi et d'alternance."),
    EventSpec("job-dating-aeronautique-blagnac", T.JOB_DATING,
        "Job dating industrie aéronautique et spatiale", 5, "09:00-13:00", "france-travail-blagnac",
        "france-travail", co="akto cci", publics="demandeurs-emploi", sectors="h i", jobs="H2909 H2913 I1304",
        projects="trouver-un-emploi", signup=True, capacity=80, charter="fc", this_year=True,
        text="Entreprises de travail temporaire et sous-traitants de la filière recrutent des monteurs, "
        "soudeurs et techniciens. Entretiens de dix minutes, CV à jour demandé."),
    EventSpec("atelier-profil-en-ligne-apec", T.WORKSHOP, "Soigner son profil en ligne pour être recruté", 1,
        "14:00-16:30", "apec-toulouse", "apec", publics="cadres", projects="trouver-un-emploi", schemes="cep",
        signup=True, capacity=15, status=St.FULL, text="Titre, résumé, compétences : rendre son profil "
        "professionnel visible des recruteurs et préparer ses prises de contact."),
    EventSpec("info-cej-montauban", T.INFORMATION_SESSION, "Découvrir le contrat d'engagement jeune", 3,
        "14:00-15:30", "mission-locale-montauban", "mission-locale", publics="jeunes",
        projects="trouver-un-emploi se-former", schemes="contrat-engagement-jeune", charter="fa",
        text="Quinze à vingt heures d'activités par semaine, un conseiller dédié et une allocation : tout "
        "savoir sur le CEJ, sans inscription."),
    EventSpec("webinaire-transition-pro", T.WEBINAR, "Le projet de transition professionnelle en 45 minutes",
        4, "12:15-13:00", None, "transitions-pro", publics="salaries actifs", projects="changer-de-metier",
        schemes="transition-professionnelle cpf cep", mode=M.ONLINE, signup=True, text="Conditions, "
        "calendrier des commissions et conseils pour monter un dossier solide de formation longue pendant "
        "son contrat de travail."),
    EventSpec("atelier-demarches-en-ligne-carmaux", T.WORKSHOP,
        "Atelier numérique : ses démarches emploi en ligne", 0, "09:30-11:30", "point-relais-carmaux", "mcef",
        co="france-travail", publics="demandeurs-emploi seniors", projects="trouver-un-emploi", signup=True,
        capacity=8, charter="fa", text="Créer son espace personnel, actualiser sa situation et répondre à "
        "une offre : un atelier en petit groupe, ordinateurs fournis."),
    EventSpec("visite-fromagerie-roquefort", T.COMPANY_VISIT,
        "Visite d'un site de production de fromage de brebis", 6, "09:00-12:00", "fromagerie-roquefort",
        "ocapiat", co="france-travail", publics="demandeurs-emploi jeunes", sectors="h a", jobs="H2102",
        projects="decouvrir-un-secteur", signup=True, capacity=15, charter="fbcd",
        text="Des caves d'affinage aux lignes de conditionnement, découvrez les métiers de "
        "l'agroalimentaire au cœur du Sud-Aveyron."),
    # --- The next four months ---
    EventSpec("salon-apprentissage-montauban", T.FAIR, "Salon de l'apprentissage et de l'alternance", 19,
        "09:00-17:00", "parc-expo-montauban", "cci", days=2, co="cma chambre-agriculture mission-locale cio",
        publics="jeunes eleves parents demandeurs-emploi", sectors="a d f g h i k m",
        projects="se-former choisir-un-metier decouvrir-un-secteur", schemes="apprentissage", charter=ALL,
        text="Plus de soixante entreprises et centres de formation proposent des contrats d'apprentissage "
        "et de professionnalisation. Démonstrations de métiers et conseils pour signer son contrat."),
    EventSpec("forum-emploi-tarn-et-garonne", T.FORUM, "Forum de l'emploi du Tarn-et-Garonne", 33,
        "09:00-13:00", "point-relais-castelsarrasin", "france-travail", co="mission-locale cap-emploi mcef",
        publics="tous-publics", sectors="a d h n", projects="trouver-un-emploi", charter="fabc",
        text="Agroalimentaire, logistique, commerce et agriculture : plus de quarante recruteurs du "
        "département et des offres à pourvoir tout de suite."),
    EventSpec("forum-saisonniers-agricoles-montauban", T.FORUM, "Forum des emplois saisonniers agricoles", 47,
        "09:00-12:30", "chambre-agriculture-tarn-et-garonne", "chambre-agriculture",
        co="france-travail ocapiat", publics="demandeurs-emploi jeunes etudiants", sectors="a",
        jobs="A1405 A1301 A1101", projects="trouver-un-emploi decouvrir-un-secteur", charter="fabc",
        text="Taille, éclaircissage, récolte des fruits : les arboriculteurs du Tarn-et-Garonne préparent "
        "la saison et rencontrent leurs futurs saisonniers."),
    EventSpec("salon-orientation-toulouse", T.FAIR, "Salon de l'orientation, des formations et des métiers",
        61, "09:00-18:00", "meett", "region", days=3, co="onisep cio scuio-ip cci cma chambre-agriculture",
        publics="eleves etudiants parents jeunes", sectors="a d e f g h j m n",
        projects="choisir-un-metier se-former decouvrir-un-secteur", schemes="apprentissage", charter=ALL,
        text="Le grand rendez-vous régional de l'orientation : lycées, universités, écoles et CFA, "
        "conseillers en orientation et démonstrations de métiers par des professionnels."),
    EventSpec("semaine-industrie-toulouse", T.THEMATIC_WEEK, "Semaine de l'industrie en Haute-Garonne", 105,
        "09:00-17:00", "cite-des-metiers-toulouse", "region", days=5, co="cci akto france-travail onisep",
        publics="tous-publics", sectors="h i", jobs="H2903 H2913 H1404 I1304 I1309",
        projects="decouvrir-un-secteur choisir-un-metier", schemes="apprentissage", charter=ALL,
        text="Visites d'usines, démonstrations sur des machines et rencontres avec des techniciennes et des "
        "ingénieurs : une semaine pour changer de regard sur l'industrie."),
    EventSpec("semaine-metiers-du-soin-cahors", T.THEMATIC_WEEK,
        "Semaine des métiers du soin et de l'accompagnement", 75, "09:30-17:00", "centre-associe-cahors",
        "opco-sante", days=5, co="uniformation france-travail", publics="tous-publics", sectors="j k",
        jobs="J1501 J1301 K1302 J1304", projects="decouvrir-un-secteur changer-de-metier se-former",
        schemes="apprentissage vae", charter=ALL, text="Aides-soignants, auxiliaires de vie et agents "
        "hospitaliers présentent leur quotidien. Ateliers de mise en situation et informations sur les "
        "formations financées."),
    EventSpec("salon-installation-agricole-auch", T.FAIR, "Salon de l'installation et des métiers agricoles",
        88, "09:00-18:00", "lycee-agricole-auch", "chambre-agriculture", days=2,
        co="ocapiat region mission-locale", publics="jeunes demandeurs-emploi independants-createurs",
        sectors="a i", jobs="A1101 A1405 I1603",
        projects="creer-une-entreprise decouvrir-un-secteur se-former", schemes="apprentissage", charter=ALL,
        text="S'installer, reprendre une exploitation ou devenir salarié agricole : démonstrations de "
        "matériel, témoignages de jeunes installés et permanences des conseillers."),
    EventSpec("job-dating-hotellerie-restauration-lourdes", T.JOB_DATING,
        "Job dating hôtellerie-restauration", 40, "14:00-18:00", "palais-congres-lourdes", "france-travail",
        co="cci mission-locale akto", publics="demandeurs-emploi jeunes etudiants", sectors="g",
        jobs="G1602 G1803 G1703 G1501", projects="trouver-un-emploi", charter="fc",
        text="Hôtels et restaurants de Lourdes recrutent pour la saison : commis de cuisine, serveurs, "
        "réceptionnistes et employés d'étage. Sans inscription, CV conseillé."),
    EventSpec("info-metiers-montagne-lourdes", T.INFORMATION_SESSION,
        "Les métiers du tourisme et de la montagne", 13, "10:00-11:30", "point-relais-lourdes", "mcef",
        co="mission-locale", publics="jeunes demandeurs-emploi", sectors="g", jobs="G1201 G1204",
        projects="decouvrir-un-secteur se-former", text="Accompagnateur en montagne, éducateur sportif, "
        "métiers de l'accueil : les formations et les saisons, présentées par des professionnels des "
        "vallées."),
    EventSpec("forum-metiers-btp-rodez", T.FORUM, "Forum des métiers du BTP", 26, "09:00-16:00",
        "centre-associe-rodez", "cma", co="france-travail mission-locale", publics="tous-publics",
        sectors="f", jobs="F1703 F1701 F1602 F1106", projects="decouvrir-un-secteur trouver-un-emploi",
        schemes="apprentissage", charter=ALL, text="Maçonnerie, coffrage, électricité : entreprises du "
        "bâtiment et organismes de formation présentent leurs métiers sur un plateau technique, avec des "
        "offres à la clé."),
    EventSpec("visite-chantier-ecoquartier", T.COMPANY_VISIT,
        "Visite de chantier : la construction d'un écoquartier", 30, "09:00-11:30",
        "chantier-ecoquartier-toulouse", "france-travail", co="cma",
        publics="demandeurs-emploi jeunes femmes", sectors="f", jobs="F1703 F1701",
        projects="decouvrir-un-secteur", signup=True, capacity=12, charter="fbcd",
        text="Chaussures de sécurité fournies : une matinée sur un grand chantier de logements pour voir "
        "travailler coffreurs, maçons et conducteurs de travaux."),
    EventSpec("forum-metiers-sante-albi", T.FORUM, "Forum des métiers de la santé et du médico-social", 36,
        "09:00-16:00", "centre-associe-albi", "opco-sante", co="france-travail cio", publics="tous-publics",
        sectors="j k", jobs="J1501 J1506 J1301 K1302",
        projects="decouvrir-un-secteur trouver-un-emploi se-former", schemes="apprentissage vae", charter=ALL,
        text="Hôpitaux, cliniques, établissements médico-sociaux et instituts de formation : découvrez des "
        "métiers qui recrutent, gestes professionnels à l'appui."),
    EventSpec("info-devenir-aide-soignant", T.INFORMATION_SESSION,
        "Devenir aide-soignant : formation et financement", 14, "14:00-16:00", "cite-des-metiers-toulouse",
        "region", co="france-travail opco-sante", publics="demandeurs-emploi salaries jeunes", sectors="j",
        jobs="J1501", projects="se-former changer-de-metier", schemes="cpf transition-professionnelle",
        signup=True, capacity=40, charter="fa", text="Le métier, la sélection à l'entrée en institut, la "
        "formation en un an et les aides de la Région pour la financer."),
    EventSpec("forum-transport-logistique-montauban", T.FORUM,
        "Forum des métiers du transport et de la logistique", 70, "09:00-16:00", "centre-associe-montauban",
        "akto", co="france-travail mission-locale", publics="tous-publics", sectors="n",
        jobs="N4101 N1103 N1101 N4105", projects="decouvrir-un-secteur trouver-un-emploi", charter=ALL,
        text="Simulateur de conduite, démonstrations de chariots élévateurs et rencontres avec les "
        "transporteurs et les entrepôts de l'axe Toulouse-Montauban."),
    EventSpec("job-dating-conducteurs-pamiers", T.JOB_DATING, "Job dating conducteurs de bus et de car", 22,
        "09:30-12:30", "france-travail-pamiers", "france-travail", co="akto", publics="demandeurs-emploi",
        sectors="n", jobs="N4102 N4101", projects="trouver-un-emploi changer-de-metier", charter="fc",
        text="Les transporteurs de voyageurs de l'Ariège recrutent et financent le permis D. Entretiens sur "
        "place, sans rendez-vous."),
    EventSpec("webinaire-metiers-numerique", T.WEBINAR, "Les métiers du numérique recrutent", 16,
        "12:30-13:30", None, "carif-oref", co="apec", publics="tous-publics", sectors="m e",
        jobs="M1805 M1810 M1801 E1205", projects="decouvrir-un-secteur changer-de-metier se-former",
        mode=M.ONLINE, signup=True, charter="fab", text="Développeur, technicien d'exploitation, "
        "administrateur systèmes : les métiers, les formations courtes et longues et les besoins des "
        "entreprises de la région."),
    EventSpec("atelier-coder-au-feminin", T.WORKSHOP, "Coder au féminin : découvrir les métiers du numérique",
        28, "14:00-17:00", "scuio-ip-toulouse-rangueil", "scuio-ip", co="region", publics="femmes etudiants",
        sectors="m e", jobs="M1805 E1104", projects="decouvrir-un-secteur choisir-un-metier", signup=True,
        capacity=20, charter="fad", text="Une initiation à la programmation animée par des développeuses, "
        "suivie d'un échange sur les parcours et les formations."),
    EventSpec("conference-ia-metiers", T.CONFERENCE, "Intelligence artificielle : quels métiers demain ?", 44,
        "18:00-20:00", "cite-des-metiers-toulouse", "region", co="onisep apec", publics="tous-publics",
        sectors="m e", projects="choisir-un-metier changer-de-metier", mode=M.MIXED, charter="fa",
        text="Chercheurs, recruteurs et salariés décryptent ce que l'intelligence artificielle change aux "
        "métiers. Entrée libre, conférence retransmise en ligne."),
    EventSpec("portes-ouvertes-apprentissage-cma-tarn", T.OPEN_DAY,
        "Portes ouvertes du pôle apprentissage de l'artisanat", 50, "09:00-16:00", "cma-tarn", "cma",
        co="cio", publics="eleves jeunes parents", sectors="b d f", projects="se-former choisir-un-metier",
        schemes="apprentissage", charter="fabd", text="Boulangerie, coiffure, menuiserie, fleuristerie : "
        "rencontrez les apprentis et leurs maîtres d'apprentissage, et trouvez votre entreprise d'accueil."),
    EventSpec("portes-ouvertes-cite-des-metiers", T.OPEN_DAY, "Portes ouvertes de la Cité des métiers", 10,
        "09:30-16:30", "cite-des-metiers-toulouse", "region", co="apec transitions-pro mission-locale",
        publics="tous-publics", projects="choisir-un-metier changer-de-metier se-former trouver-un-emploi",
        schemes="cep", charter="fa", text="Visite des espaces, rencontre avec les conseillers des quatre "
        "pôles et mini-ateliers toute la journée. Sans inscription."),
    EventSpec("visite-plateforme-logistique-castres", T.COMPANY_VISIT, "Visite d'une plateforme logistique",
        63, "14:00-16:30", "plateforme-logistique-castres", "france-travail", co="akto",
        publics="demandeurs-emploi", sectors="n", jobs="N1103 N1101", projects="decouvrir-un-secteur",
        signup=True, capacity=12, status=St.CANCELLED, text="Visite reportée à une date ultérieure à la "
        "demande de l'entreprise."),
    EventSpec("atelier-entretien-embauche-auch", T.WORKSHOP, "Préparer son entretien d'embauche", 9,
        "09:30-12:00", "france-travail-auch", "france-travail", publics="demandeurs-emploi jeunes",
        projects="trouver-un-emploi", signup=True, capacity=10, text="Se présenter en deux minutes, "
        "répondre aux questions difficiles et s'entraîner devant une caméra, en petit groupe."),
    EventSpec("stage-5-jours-pour-entreprendre-cahors", T.WORKSHOP, "Stage « 5 jours pour entreprendre »", 23,
        "09:00-17:00", "cci-lot", "cci", days=5, co="cma", publics="independants-createurs demandeurs-emploi",
        projects="creer-une-entreprise", signup=True, capacity=15, free=False, text="Étude de marché, "
        "statut juridique, prévisionnel financier : cinq jours pour bâtir son projet de création. Payant, "
        "finançable par le CPF."),
    EventSpec("info-bilan-competences-saint-gaudens", T.INFORMATION_SESSION,
        "Le bilan de compétences : pour qui, comment ?", 18, "14:00-16:00", "centre-associe-saint-gaudens",
        "mcef", co="transitions-pro", publics="salaries actifs agents-publics", projects="changer-de-metier",
        schemes="bilan-de-competences cpf cep", charter="fa", text="Le déroulement d'un bilan, le choix du "
        "prestataire et son financement, avec le témoignage d'une salariée du Comminges."),
    EventSpec("info-service-civique-foix", T.INFORMATION_SESSION, "S'engager en service civique", 31,
        "14:00-15:30", "mission-locale-foix", "mission-locale", publics="jeunes",
        projects="decouvrir-un-secteur", schemes="service-civique", charter="fa", text="Des missions de six "
        "à douze mois, indemnisées, dans la solidarité, l'environnement ou le sport, présentées par des "
        "volontaires ariégeois."),
    EventSpec("journee-metiers-sans-stereotypes-auch", T.THEMATIC_DAY,
        "Journée « Les métiers n'ont pas de genre »", 58, "09:00-16:00", "centre-associe-auch", "region",
        co="cio france-travail", publics="eleves femmes jeunes", sectors="f h n j k",
        projects="choisir-un-metier decouvrir-un-secteur", charter=ALL, text="Une conductrice de poids "
        "lourd, un aide-soignant, une cheffe de chantier : des professionnels qui bousculent les idées "
        "reçues, et des démonstrations à essayer."),
    EventSpec("journee-metiers-montagne-saint-girons", T.THEMATIC_DAY,
        "Journée des métiers de la montagne et de la forêt", 65, "09:30-16:30", "point-relais-saint-girons",
        "chambre-agriculture", co="mission-locale ocapiat", publics="tous-publics", sectors="a g",
        jobs="A1203 G1201", projects="decouvrir-un-secteur", charter=ALL, text="Bûcherons, bergers, "
        "accompagnateurs et agents d'entretien des espaces naturels présentent leurs métiers en plein air."),
    EventSpec("forum-jobs-ete-tarbes", T.FORUM, "Forum jobs d'été", 95, "13:30-17:30",
        "centre-associe-tarbes", "mission-locale", co="cio france-travail", publics="jeunes etudiants",
        sectors="g d a", projects="trouver-un-emploi", charter="fac", text="Animation, restauration, "
        "cueillette et commerce : des centaines d'offres pour l'été et des conseils sur le droit du travail "
        "des jeunes."),
    EventSpec("visite-atelier-maintenance-aeronautique-tarbes", T.COMPANY_VISIT,
        "Visite d'un atelier de maintenance aéronautique", 38, "09:30-12:00", "atelier-aeronautique-tarbes",
        "cci", co="france-travail", publics="jeunes demandeurs-emploi", sectors="h i", jobs="I1305 I1304",
        projects="decouvrir-un-secteur", signup=True, capacity=12, charter="fbcd", status=St.FULL,
        text="Pièce d'identité obligatoire : découverte des métiers de la maintenance des avions, du hangar "
        "aux bancs d'essai."),
    EventSpec("visite-usine-aerostructures-colomiers", T.COMPANY_VISIT, "Visite d'une usine d'aérostructures",
        52, "14:00-16:30", "usine-aerostructures-colomiers", "france-travail", co="akto",
        publics="demandeurs-emploi", sectors="h", jobs="H2909 H2913", projects="decouvrir-un-secteur",
        signup=True, capacity=15, charter="fbcd", text="Découverte des lignes d'assemblage de pièces "
        "d'avion et des métiers accessibles après une formation courte."),
    EventSpec("conference-parcoursup-muret", T.CONFERENCE, "Parcoursup et après : accompagner son enfant", 45,
        "18:00-19:30", "cio-muret", "cio", publics="parents eleves", projects="choisir-un-metier se-former",
        charter="fa", text="Le calendrier, les vœux, les réponses et les alternatives : une soirée pour les "
        "familles, sans inscription."),
    EventSpec("webinaire-nouvelle-vae", T.WEBINAR, "La nouvelle VAE : démarches et accompagnement", 35,
        "12:30-13:30", None, "region", co="carif-oref", publics="actifs salaries demandeurs-emploi",
        projects="valider-son-experience", schemes="vae", mode=M.ONLINE, signup=True,
        text="Le guichet unique en ligne, l'accompagnement par un architecte accompagnateur de parcours et "
        "les financements, en une heure."),
    EventSpec("webinaire-recruter-apprenti", T.WEBINAR, "Recruter un apprenti : aides et démarches", 56,
        "12:00-13:00", None, "cma", co="cci", publics="independants-createurs", schemes="apprentissage",
        mode=M.ONLINE, signup=True, text="Pour les artisans et les dirigeants de petites entreprises : le "
        "contrat, l'aide à l'embauche, le rôle du maître d'apprentissage."),
    EventSpec("webinaire-travailler-etranger", T.WEBINAR, "Travailler ou se former à l'étranger", 72,
        "17:30-18:30", None, "france-travail", co="scuio-ip", publics="jeunes etudiants demandeurs-emploi",
        projects="travailler-a-l-etranger", mode=M.ONLINE, signup=True, text="Stages Erasmus+, volontariat "
        "international, emploi en Europe : les programmes et les conseillers à connaître avant de partir."),
    EventSpec("atelier-echange-pratiques-numerique", T.WORKSHOP,
        "Atelier d'échange de pratiques : accueillir les publics éloignés du numérique", 24, "09:30-12:30",
        "centre-associe-albi", "carif-oref", co="mcef arml", signup=True, capacity=20, scope=S.PROFESSIONALS,
        text="Réservé aux professionnels du réseau : analyse de situations d'accueil, outils de diagnostic "
        "et partage des bonnes pratiques entre membres du SPRO."),
    EventSpec("webinaire-pros-actualite-apprentissage", T.WEBINAR,
        "Actualité de l'apprentissage pour les professionnels de l'orientation", 12, "10:00-11:30", None,
        "carif-oref", co="region", schemes="apprentissage", mode=M.ONLINE, signup=True, scope=S.PROFESSIONALS,
        text="Réservé aux professionnels du réseau : évolutions réglementaires, aides aux employeurs et "
        "ressources à utiliser en entretien."),
    EventSpec("salon-emploi-comminges", T.FAIR, "Salon de l'emploi et de la formation du Comminges", 115,
        "09:00-17:00", "centre-associe-saint-gaudens", "mcef", co="france-travail mission-locale",
        publics="tous-publics", sectors="a h k", projects="trouver-un-emploi se-former", charter="fabc",
        status=St.DRAFT, text="Programme en cours de construction avec les entreprises du Comminges."),
    EventSpec("forum-emploi-lot", T.FORUM, "Forum de l'emploi du Lot", 80, "09:00-13:00", "espace-cahors",
        "france-travail", co="mission-locale cap-emploi", publics="tous-publics", sectors="a g k",
        projects="trouver-un-emploi", charter="fabc", status=St.SUBMITTED, text="Soixante recruteurs "
        "attendus du tourisme, de l'aide à domicile et de l'agriculture."),
    EventSpec("conference-transition-ecologique-foix", T.CONFERENCE,
        "Les métiers de la transition écologique", 20, "18:00-20:00", "centre-associe-foix", "region",
        co="onisep", publics="tous-publics", sectors="a f i",
        projects="decouvrir-un-secteur choisir-un-metier", status=St.CANCELLED, charter="fa",
        text="Conférence annulée : l'intervenant ne peut être présent. Une nouvelle date sera proposée."),
    EventSpec("job-dating-aide-a-domicile-auch", T.JOB_DATING,
        "Job dating aide à domicile et services à la personne", 27, "09:30-12:30", "centre-associe-auch",
        "france-travail", co="uniformation mission-locale", publics="demandeurs-emploi seniors femmes",
        sectors="k", jobs="K1302 K1304 K1303", projects="trouver-un-emploi changer-de-metier", charter="fc",
        text="Les associations et entreprises d'aide à domicile du Gers recrutent, avec ou sans diplôme, "
        "sur des postes proches de chez vous."),
    EventSpec("mini-stage-artisanat-millau", T.WORKSHOP,
        "Mini-stages de découverte des métiers de l'artisanat", 42, "09:00-16:00", "point-relais-millau",
        "cma", co="cio", publics="eleves jeunes", sectors="b d f",
        projects="decouvrir-un-secteur choisir-un-metier", schemes="apprentissage", signup=True, capacity=24,
        charter="fabd", text="Une journée en atelier chez un gantier, un boulanger ou un menuisier du "
        "Sud-Aveyron pour tester un métier avant de choisir son apprentissage."),
    EventSpec("forum-emploi-bassin-decazeville", T.FORUM, "Forum de l'emploi du Bassin decazevillois", 57,
        "09:00-13:00", "point-relais-decazeville", "france-travail", co="mcef mission-locale cap-emploi",
        publics="tous-publics", sectors="h i n", projects="trouver-un-emploi", charter="fabc",
        text="Mécanique, maintenance et transport : les employeurs du Bassin présentent leurs offres et "
        "leurs besoins en alternance."),
    EventSpec("portes-ouvertes-ifsi-tarbes", T.OPEN_DAY,
        "Portes ouvertes de l'institut de formation en soins infirmiers", 67, "09:00-16:00", "ifsi-tarbes",
        "cio", co="opco-sante", publics="eleves etudiants parents", sectors="j", jobs="J1506 J1501",
        projects="se-former choisir-un-metier", charter="fad", text="Salles de simulation, rencontre avec "
        "les étudiants et les formateurs : tout sur la formation d'infirmier et d'aide-soignant."),
    EventSpec("journee-industrie-grand-figeac", T.THEMATIC_DAY, "Journée de l'industrie du Grand-Figeac", 85,
        "09:00-17:00", "point-relais-figeac", "cci", co="france-travail cio", publics="tous-publics",
        sectors="h i", jobs="H2903 H1203 I1304", projects="decouvrir-un-secteur trouver-un-emploi",
        schemes="apprentissage", charter=ALL, text="Les entreprises de la mécanique aéronautique du "
        "Grand-Figeac ouvrent leurs portes et présentent leurs métiers de l'usinage, du contrôle et de la "
        "maintenance."),
    EventSpec("salon-emploi-formation-albi", T.FAIR, "Salon de l'emploi et de la formation d'Albi", 112,
        "09:00-17:00", "parc-expo-albi", "mcef", days=2, co="france-travail mission-locale cci cma",
        publics="tous-publics", sectors="d f h j k n",
        projects="trouver-un-emploi se-former changer-de-metier", schemes="apprentissage cpf vae",
        charter=ALL, text="Cent exposants, des offres d'emploi et de formation, des ateliers CV et des "
        "démonstrations de métiers pour tous les publics du Tarn."),
]  # fmt: skip
