"""Seed the rules of the orientation wizard (`/orientation/`) from the legal assignments of the conseil en
évolution professionnelle (Code du travail, L. 6111-6) and the missions of the SPRO's members.

A rule targets a category of members or a national network (`Member.network`): apec and transitions-pro
are the portal's own network slugs (data·inclusion has none for them). Existing rules (possibly edited by
Region staff) are left alone.
"""

from django.db import migrations

STATE, CHAMBER = "etat", "chambre_consulaire"

CHAMBERS_BY_SECTOR = (
    "la CCI pour le commerce, l'industrie et les services, la chambre de métiers et de l'artisanat pour "
    "l'artisanat, la chambre d'agriculture pour une installation agricole."
)

# (situation, project slug or None, target category, target network, priority, explanation)
RULES = [
    ("eleve", None, STATE, "", 10,
        "Pour les collégiens et les lycéens, les psychologues de l'Éducation nationale des CIO conseillent "
        "sur l'orientation, gratuitement, avec les ressources de l'ONISEP sur les formations et les métiers."),
    ("etudiant", None, STATE, "", 10,
        "Pour les étudiants, le service d'orientation et d'insertion professionnelle de l'université "
        "(SCUIO-IP) et les CIO conseillent sur les études, la réorientation, les stages et l'emploi."),
    ("jeune", None, "", "mission-locale", 10,
        "De 16 à 25 ans, sorti d'études, la Mission locale vous accompagne vers l'emploi et la formation "
        "(conseil en évolution professionnelle, contrat d'engagement jeune), et aussi pour le logement "
        "ou la santé."),
    ("demandeur-emploi", None, "", "france-travail", 10,
        "Pour les demandeurs d'emploi, le conseil en évolution professionnelle (CEP) est assuré par "
        "France Travail, gratuitement, pour construire un projet et retrouver un emploi."),
    ("salarie", None, "", "transitions-pro", 10,
        "Pour les salariés du privé, le conseil en évolution professionnelle (CEP) est assuré par "
        "Transitions Pro, gratuitement et en toute confidentialité."),
    ("agent-public", None, "", "maisons-de-l-emploi", 10,
        "Les agents publics bénéficient du conseil en évolution professionnelle auprès de leur employeur "
        "(service des ressources humaines ou conseiller mobilité-carrière) ; les lieux d'accueil de la Cité "
        "des métiers vous reçoivent aussi pour un premier conseil, gratuitement."),
    # Before the rule of salaried people: the Apec is the CEP operator of managers.
    ("cadre", None, "", "apec", 8,
        "Pour les cadres et les jeunes diplômés, le conseil en évolution professionnelle (CEP) est assuré "
        "par l'Apec, gratuitement, en entretien ou à distance."),
    ("independant", None, CHAMBER, "", 10,
        "Pour les indépendants et les créateurs d'entreprise, la chambre de votre secteur vous conseille : "
        + CHAMBERS_BY_SECTOR),
    ("handicap", None, "", "cap-emploi-reseau-cheops", 20,
        "En situation de handicap, Cap emploi vous conseille (CEP) et vous accompagne pour trouver un "
        "emploi ou le garder, en lien avec les employeurs ; les autres conseillers du réseau vous "
        "accueillent aussi."),
    # Projects: these rules come before the general rule of the same target.
    ("salarie", "changer-de-metier", "", "transitions-pro", 5,
        "Pour changer de métier en restant salarié du privé, Transitions Pro assure gratuitement le conseil "
        "en évolution professionnelle (CEP) et peut financer votre reconversion par un projet de transition "
        "professionnelle."),
    ("salarie", "valider-son-experience", "", "transitions-pro", 5,
        "Pour faire valider votre expérience (VAE), le conseiller en évolution professionnelle de "
        "Transitions Pro vous aide à choisir la certification et à préparer votre démarche."),
    ("independant", "creer-une-entreprise", CHAMBER, "", 5,
        "Pour créer ou reprendre une entreprise, la chambre de votre secteur vous accompagne de l'idée à "
        "l'immatriculation : " + CHAMBERS_BY_SECTOR),
    *[
        (situation, "creer-une-entreprise", CHAMBER, "", 15,
            "Pour créer ou reprendre une entreprise, la chambre de votre secteur vous accompagne : "
            + CHAMBERS_BY_SECTOR)
        for situation in ("etudiant", "jeune", "demandeur-emploi", "salarie", "agent-public", "cadre")
    ],
]  # fmt: skip


def seed(apps, schema_editor):
    OrientationRule = apps.get_model("structures", "OrientationRule")
    Project = apps.get_model("structures", "Project")
    projects = dict(Project.objects.values_list("slug", "pk"))
    for situation, project, category, network, priority, explanation in RULES:
        if project is not None and project not in projects:
            continue  # a project renamed or deleted by Region staff
        OrientationRule.objects.get_or_create(
            situation=situation,
            project_id=projects.get(project),
            target_category=category,
            target_network=network,
            defaults={"priority": priority, "explanation": explanation},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0002_seed_taxonomies"),
        ("structures", "0010_orientation_rules_and_questions"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
