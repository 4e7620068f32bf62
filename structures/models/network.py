"""The SPRO network: members, their delivery sites, the services offered there, and permanences."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import hours
from ..enums import (
    AccessibilityFeature,
    MemberCategory,
    MembershipBasis,
    ServiceLevel,
    ServiceMode,
    SiteKind,
    label_of,
    labels,
)
from ..fields import MinuteRangesField
from ..geo import GeoQuerySet, location_expression
from ..urlcache import reverse_slug
from .taxonomies import Audience, Project, Scheme
from .territories import Commune


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Member(models.Model):
    """An organisation taking part in the SPRO (statutory member, added, labelled or associated)."""

    identifier = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    category = models.CharField(_("catégorie"), max_length=30, choices=MemberCategory.choices)
    basis = models.CharField(
        _("base de participation"),
        max_length=20,
        choices=MembershipBasis.choices,
        default=MembershipBasis.STATUTORY,
    )
    network = models.SlugField(
        _("réseau national"),
        max_length=80,
        blank=True,
        help_text=_("Valeur data·inclusion « reseaux_porteurs » : france-travail, mission-locale…"),
    )
    siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, help_text=_("Celui du siège ; renseigné à la labellisation.")
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("actif"), default=True)
    # When the member left the network (set by `save`); a year later its professionals' accounts are
    # deleted by `purge_personal_data` (structures.retention.ACCOUNT_RETENTION).
    deactivated_at = models.DateTimeField(_("inactif depuis le"), null=True, blank=True, editable=False)
    demo = models.BooleanField(
        _("données de démonstration"), default=False, help_text=_("Créé par load_demo ; signalé sur le site.")
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        if self.active:
            self.deactivated_at = None
        elif self.deactivated_at is None:
            self.deactivated_at = timezone.now()
        if update_fields is not None and "active" in update_fields:
            update_fields = {*update_fields, "deactivated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("structures:member_detail", self.slug)

    @property
    def display_name(self) -> str:
        return (
            f"{self.name} ({self.acronym})" if self.acronym and self.acronym not in self.name else self.name
        )


# What lists of places show (cards, maps): loading only this keeps list pages fast.
SITE_LIST_FIELDS = [
    "pk", "slug", "name", "kind", "parent", "address", "postcode", "phone", "opening_hours", "latitude",
    "longitude", "coordinates_approximate", "member__name", "member__slug", "commune__name",
    "commune__department_id",
]  # fmt: skip


# What a search reads of each match (structures.selectors.sites): its criteria, counts and page order.
_SEARCH_COLUMNS = [
    "id", "kind", "name", "member", "open_saturday", "open_evening", "audience_ids", "scheme_ids",
    "project_ids", "accessibility",
]  # fmt: skip


class SiteQuerySet(GeoQuerySet):
    def published(self):
        """Published sites of active members. Inactive members come from the cached catalog, so that
        the hot search queries need no join with the members' table."""
        from ..catalog import catalog

        sites = self.filter(published=True)
        inactive = catalog().inactive_members
        return sites.exclude(member_id__in=inactive) if inactive else sites

    def for_list(self):
        return self.select_related("member", "commune").only(*SITE_LIST_FIELDS)


class Site(models.Model):
    """A delivery point of the network: the Cité des métiers, an associated centre, a relay point or a
    member's office."""

    identifier = models.SlugField(
        _("identifiant"), max_length=80, unique=True, help_text=_("Clé stable utilisée par les imports.")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="sites", verbose_name=_("membre")
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("type de lieu"), max_length=20, choices=SiteKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("rattaché à"),
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="sites", verbose_name=_("commune")
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    coordinates_approximate = models.BooleanField(
        _("position approximative"),
        default=False,
        help_text=_("Centre de la commune, faute d'adresse géocodée."),
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    free_phone = models.CharField(_("numéro vert"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    chat_url = models.URLField(_("lien de discussion en ligne"), blank=True)
    appointment_url = models.URLField(_("prise de rendez-vous en ligne"), blank=True)
    opening_hours = models.CharField(
        _("horaires (syntaxe OpenStreetMap)"),
        max_length=500,
        blank=True,
        help_text=_("Par exemple : Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off"),
    )
    hours_note = models.CharField(_("précisions sur les horaires"), max_length=300, blank=True)
    accessibility = ArrayField(
        models.CharField(max_length=30, choices=AccessibilityFeature.choices),
        verbose_name=_("accessibilité"),
        default=list,
        blank=True,
    )
    published = models.BooleanField(_("publié"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    # Derived from opening_hours on save (see structures.hours.week_schedule): search filters in SQL.
    week_open = MinuteRangesField(null=True, blank=True, editable=False)
    open_saturday = models.BooleanField(default=False, editable=False)
    open_evening = models.BooleanField(default=False, editable=False)
    closed_on_public_holidays = models.BooleanField(default=False, editable=False)

    # Search index, rebuilt by structures.services.site_index_refresh when the site or its services change.
    search_name = models.CharField(max_length=200, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = models.GeneratedField(
        # The name weighs more than the rest (member, commune, services) in relevance ranking.
        expression=SearchVector("search_name", weight="A", config="french")
        + SearchVector("search_text", weight="B", config="french"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The commune's département and zone, copied (see `territory_refresh`): searches by territory read
    # them through an index, with statistics the planner can trust, instead of joining the communes.
    department_code = models.CharField(max_length=3, blank=True, db_default="", editable=False)
    zone_code = models.CharField(max_length=5, blank=True, db_default="", editable=False)
    audience_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    scheme_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    project_ids = ArrayField(models.IntegerField(), default=list, editable=False)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]
        indexes = [
            # Planar point for bounding boxes and nearest-first ordering (structures.geo).
            GistIndex(location_expression(), name="site_location_idx"),
            GinIndex(fields=["search_vector"], name="site_search_idx"),
            GinIndex(fields=["audience_ids"], name="site_audiences_idx"),
            GinIndex(fields=["scheme_ids"], name="site_schemes_idx"),
            GinIndex(fields=["project_ids"], name="site_projects_idx"),
            models.Index(fields=["updated_at"], name="site_updated_idx"),
            # A territory's places in id order (GeoJSON pages), and their number, from the index alone.
            models.Index(fields=["department_code", "id"], name="site_department_idx"),
            models.Index(fields=["zone_code", "id"], name="site_zone_idx"),
            # Searches of published places read these instead of the table (index-only scans: the
            # columns that the search's criteria, counts and page order use; pages of 1.6 KB rows, 9,000
            # of them in a large zone at national scale, took 9 ms to read). Around a point, in a
            # département (with the words), in a zone.
            GistIndex(
                location_expression(),
                include=[*_SEARCH_COLUMNS, "latitude", "longitude"],
                condition=models.Q(published=True),
                name="site_location_cover_idx",
            ),
            models.Index(
                fields=["department_code"],
                include=[*_SEARCH_COLUMNS, "search_vector"],
                condition=models.Q(published=True),
                name="site_department_cover_idx",
            ),
            models.Index(
                fields=["zone_code"],
                include=_SEARCH_COLUMNS,
                condition=models.Q(published=True),
                name="site_zone_cover_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only (no rule): keep the SQL copy of the hours in step with the expression.
        schedule = hours.week_schedule(self.opening_hours)
        self.week_open = schedule.ranges if self.opening_hours else None
        self.open_saturday = schedule.open_saturday
        self.open_evening = schedule.open_evening
        self.closed_on_public_holidays = schedule.closed_on_public_holidays
        if self.commune_id:
            commune = self.commune
            self.department_code, self.zone_code = commune.department_id, commune.employment_zone_id or ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "opening_hours" in update_fields:
            kwargs["update_fields"] = {
                *update_fields, "week_open", "open_saturday", "open_evening", "closed_on_public_holidays"
            }  # fmt: skip
        if update_fields is not None and "commune" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "department_code", "zone_code"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_slug("structures:site_detail", self.slug)

    def clean(self):
        errors = {}
        if message := hours.validation_error(self.opening_hours):
            errors["opening_hours"] = message
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
        errors.update(self._network_errors())
        if errors:
            raise ValidationError(errors)

    def _network_errors(self) -> dict:
        """The charter's network rules that one site can break on its own."""
        parent = self.parent if self.parent_id else None
        parent_kind = parent.kind if parent else None
        if self.kind == SiteKind.CENTRAL:
            if parent is not None:
                return {"parent": _("La Cité des métiers (site central) n'est rattachée à aucun lieu.")}
            other = Site.objects.filter(kind=SiteKind.CENTRAL).exclude(pk=self.pk).first()
            if other is not None:
                return {"kind": _("Il y a déjà un site central : « %(name)s ».") % {"name": other.name}}
        elif self.kind == SiteKind.ASSOCIATED_CENTRE:
            if parent_kind != SiteKind.CENTRAL:
                return {"parent": _("Un centre associé est rattaché à la Cité des métiers (site central).")}
            department = Commune.objects.filter(pk=self.commune_id).values_list("department_id", flat=True)
            siblings = Site.objects.filter(
                kind=SiteKind.ASSOCIATED_CENTRE, commune__department_id__in=department
            ).exclude(pk=self.pk)
            if self.commune_id and siblings.count() >= 2:
                return {"kind": _("Ce département a déjà deux centres associés, le maximum.")}
        elif self.kind == SiteKind.RELAY_POINT and parent_kind != SiteKind.ASSOCIATED_CENTRE:
            return {"parent": _("Un point relais est rattaché à un centre associé.")}
        if parent is not None:
            ancestor, seen = parent, {self.pk}
            while ancestor is not None:
                if ancestor.pk in seen:
                    return {"parent": _("Ce rattachement formerait une boucle.")}
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        return {}

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def accessibility_labels(self) -> list[str]:
        names = labels(AccessibilityFeature)
        return [names[value] for value in self.accessibility if value in names]

    @property
    def kind_label(self) -> str:
        return label_of(SiteKind, self.kind)

    def hours_status(self, now=None) -> hours.HoursStatus:
        return hours.status(self.opening_hours, now)


class ServiceOffer(models.Model):
    """What a site offers: a level of service, for some publics, schemes and projects."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="services", verbose_name=_("lieu"))
    level = models.CharField(_("niveau de service"), max_length=30, choices=ServiceLevel.choices)
    audiences = models.ManyToManyField(Audience, blank=True, verbose_name=_("publics"))
    schemes = models.ManyToManyField(Scheme, blank=True, verbose_name=_("dispositifs"))
    projects = models.ManyToManyField(Project, blank=True, verbose_name=_("projets"))
    modes = ArrayField(
        models.CharField(max_length=20, choices=ServiceMode.choices),
        verbose_name=_("modalités"),
        default=list,
        blank=True,
    )
    free = models.BooleanField(_("gratuit"), default=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service proposé")
        verbose_name_plural = _("services proposés")
        ordering = ["site", "id"]

    def __str__(self):
        return f"{self.site} — {self.get_level_display()}"

    @property
    def level_label(self) -> str:
        return label_of(ServiceLevel, self.level)

    @property
    def mode_labels(self) -> list[str]:
        names = labels(ServiceMode)
        return [names[value] for value in self.modes if value in names]


class Permanence(models.Model):
    """A partner member present at a site at given hours (e.g. Apec at the Cité des métiers)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="permanences", verbose_name=_("lieu")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="permanences", verbose_name=_("membre présent")
    )
    opening_hours = models.CharField(_("horaires (syntaxe OpenStreetMap)"), max_length=300)
    note = models.CharField(_("précisions"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("permanence")
        verbose_name_plural = _("permanences")
        ordering = ["site", "member__name"]

    def __str__(self):
        return f"{self.member} à {self.site}"

    def clean(self):
        if message := hours.validation_error(self.opening_hours):
            raise ValidationError({"opening_hours": message})
