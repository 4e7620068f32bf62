from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    FAIR = "salon", _("Salon")
    FORUM = "forum", _("Forum")
    THEMATIC_WEEK = "semaine-thematique", _("Semaine thématique")
    THEMATIC_DAY = "journee-thematique", _("Journée thématique")
    WORKSHOP = "atelier", _("Atelier")
    INFORMATION_SESSION = "information-collective", _("Information collective")
    JOB_DATING = "job-dating", _("Job dating")
    OPEN_DAY = "portes-ouvertes", _("Portes ouvertes")
    COMPANY_VISIT = "visite-entreprise", _("Visite d'entreprise")
    CONFERENCE = "conference", _("Conférence")
    WEBINAR = "webinaire", _("Webinaire")


class AttendanceMode(models.TextChoices):
    ON_SITE = "presentiel", _("Sur place")
    ONLINE = "distance", _("À distance")
    MIXED = "mixte", _("Sur place et à distance")


class EventStatus(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    SUBMITTED = "soumis", _("Soumis à validation")
    PUBLISHED = "publie", _("Publié")
    CANCELLED = "annule", _("Annulé")
    FULL = "complet", _("Complet")


class AudienceScope(models.TextChoices):
    EVERYONE = "tous", _("Tout public")
    PROFESSIONALS = "professionnels", _("Professionnels du réseau uniquement")


# Statuses shown to the public: cancelled and full events stay visible, marked as such.
PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.FULL, EventStatus.CANCELLED)

# The charter of good practice for events (section 3.3.1 b): field name, label.
CHARTER_COMMITMENTS = [
    ("charter_free", _("Gratuit pour le public")),
    ("charter_accessible", _("Accessible à tous les publics")),
    ("charter_branches", _("Branches professionnelles associées")),
    ("charter_companies", _("Entreprises présentes")),
    ("charter_demonstrations", _("Démonstrations de métiers")),
]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "inscrit", _("Inscrit")
    WAITING = "attente", _("En liste d'attente")
    CANCELLED = "annule", _("Désinscrit")
