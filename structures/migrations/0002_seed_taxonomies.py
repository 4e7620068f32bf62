"""Seed the editable taxonomies. Existing rows (possibly edited by Region staff) are left alone."""

from django.db import migrations

AUDIENCES = [
    ("tous-publics", "Tous publics"),
    ("eleves", "Collégiens et lycéens"),
    ("etudiants", "Étudiants"),
    ("jeunes", "Jeunes de 16 à 25 ans"),
    ("demandeurs-emploi", "Demandeurs d'emploi"),
    ("actifs", "Actifs en emploi"),
    ("salaries", "Salariés du secteur privé"),
    ("agents-publics", "Agents publics"),
    ("cadres", "Cadres"),
    ("independants-createurs", "Indépendants et créateurs d'entreprise"),
    ("personnes-en-situation-de-handicap", "Personnes en situation de handicap"),
    ("seniors", "Seniors"),
    ("femmes", "Femmes"),
    ("parents", "Parents"),
]

SCHEMES = [
    ("cep", "Conseil en évolution professionnelle (CEP)"),
    ("vae", "Validation des acquis de l'expérience (VAE)"),
    ("bilan-de-competences", "Bilan de compétences"),
    ("apprentissage", "Apprentissage"),
    ("cpf", "Compte personnel de formation (CPF)"),
    ("transition-professionnelle", "Projet de transition professionnelle"),
    ("contrat-engagement-jeune", "Contrat d'engagement jeune (CEJ)"),
    ("service-civique", "Service civique"),
]

PROJECTS = [
    ("choisir-un-metier", "Choisir un métier ou une orientation"),
    ("decouvrir-un-secteur", "Découvrir un secteur ou un métier"),
    ("se-former", "Se former"),
    ("trouver-un-emploi", "Trouver un emploi"),
    ("changer-de-metier", "Changer de métier"),
    ("valider-son-experience", "Faire valider son expérience"),
    ("creer-une-entreprise", "Créer ou reprendre une entreprise"),
    ("travailler-a-l-etranger", "Travailler ou se former à l'étranger"),
]

# The 14 professional domains of the ROME; slug = the domain letter in lower case.
SECTORS = [
    ("a", "Agriculture et pêche, espaces naturels et espaces verts, soins aux animaux"),
    ("b", "Arts et façonnage d'ouvrages d'art"),
    ("c", "Banque, assurance, immobilier"),
    ("d", "Commerce, vente et grande distribution"),
    ("e", "Communication, média et multimédia"),
    ("f", "Construction, bâtiment et travaux publics"),
    ("g", "Hôtellerie-restauration, tourisme, loisirs et animation"),
    ("h", "Industrie"),
    ("i", "Installation et maintenance"),
    ("j", "Santé"),
    ("k", "Services à la personne et à la collectivité"),
    ("l", "Spectacle"),
    ("m", "Support à l'entreprise"),
    ("n", "Transport et logistique"),
]

TAXONOMIES = {"Audience": AUDIENCES, "Scheme": SCHEMES, "Project": PROJECTS, "Sector": SECTORS}


def seed(apps, schema_editor):
    for model_name, terms in TAXONOMIES.items():
        model = apps.get_model("structures", model_name)
        for position, (slug, label) in enumerate(terms, start=1):
            model.objects.get_or_create(slug=slug, defaults={"label": label, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("structures", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
