"""The cahier des charges' criteria, from the charter's values (3.1) and commitments (3.3.4); Region staff
edit them in the admin afterwards."""

from django.db import migrations

CRITERIA = [
    ("gratuite", "Gratuité du service pour les personnes",
     "L'accueil, l'information et le conseil en orientation sont gratuits pour les personnes, sans condition.",
     "Tarifs affichés ou engagement de gratuité signé par le représentant légal."),
    ("neutralite", "Information neutre et objective",
     "L'information délivrée est complète, neutre et objective : elle ne favorise ni un organisme ni une formation.",
     "Sources documentaires utilisées ; règles internes de neutralité."),
    ("proximite-horaires", "Proximité et horaires adaptés aux publics",
     "Le lieu est accessible près des personnes, avec des horaires adaptés, y compris en dehors des heures de bureau "
     "quand c'est utile.", "Adresse, horaires d'ouverture, accès en transports en commun."),
    ("accessibilite", "Accès des personnes en situation de handicap",
     "Les locaux et les services sont accessibles aux personnes en situation de handicap, ou une solution adaptée "
     "est proposée.", "Attestation d'accessibilité (ERP) ou registre public d'accessibilité."),
    ("egalite", "Égalité femmes-hommes et non-discrimination",
     "Le service est rendu sans discrimination et promeut l'égalité entre les femmes et les hommes dans les choix "
     "d'orientation.", "Actions menées ou prévues ; formation des équipes."),
    ("confidentialite", "Confidentialité des données personnelles",
     "Les informations confiées par les personnes restent confidentielles ; le traitement des données respecte le "
     "RGPD ; l'anonymat est possible.", "Registre des traitements, mention d'information des personnes."),
    ("qualification", "Personnel qualifié",
     "Les personnes qui accueillent et conseillent sont formées à l'information et à l'orientation.",
     "Qualifications et formations suivies par l'équipe."),
    ("professionnalisation", "Participation au programme de professionnalisation",
     "La structure participe aux journées inter-réseaux, échanges de pratiques et formations du SPRO.",
     "Engagement de participation ; personnes désignées."),
    ("donnees-portail", "Fourniture et mise à jour des données du portail",
     "La structure fournit et tient à jour ses lieux, horaires, services et événements sur le portail du SPRO.",
     "Personne référente désignée pour le portail."),
    ("comite-departemental", "Participation au comité de suivi départemental",
     "La structure participe au comité de suivi départemental du SPRO, au moins une fois par an.",
     "Engagement de participation ; représentant désigné."),
    ("orientation-idoine", "Respect des missions de chaque réseau et orientation vers la bonne structure",
     "La structure respecte les missions des autres membres et oriente chaque personne vers la structure idoine.",
     "Partenariats locaux, modalités d'orientation vers les autres membres."),
]


def seed(apps, schema_editor):
    Criterion = apps.get_model("labelling", "Criterion")
    for position, (code, title, description, evidence) in enumerate(CRITERIA, start=1):
        Criterion.objects.update_or_create(
            code=code,
            defaults={"title": title, "description": description, "evidence": evidence, "position": position * 10},
        )


def unseed(apps, schema_editor):
    apps.get_model("labelling", "Criterion").objects.filter(code__in=[row[0] for row in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("labelling", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
