"""Import and export of the network (sites, members): one django-import-export resource per model,
shared by the admin and the `import_sites` / `import_members` commands.

A file imports whole or not at all: every row is validated (Site.full_clean, hence the network rules),
and a single bad row rolls the whole file back, with French errors by line and column. Column names,
values and behaviour are documented in docs/imports.md.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from import_export.results import Error, Result

from .coverage import coverage_refresh_later
from .enums import MemberCategory, MembershipBasis, ServiceLevel, ServiceMode, SiteKind
from .geocoding import geocode
from .import_files import ImportFileError
from .import_widgets import (
    TERM_RELATIONS,
    ChoiceWidget,
    CommuneWidget,
    CoordinateField,
    CoordinateWidget,
    MemberWidget,
    ParentWidget,
    PostcodeWidget,
    TermsField,
    TextWidget,
    cell_text,
    imported_offer,
    normalize_header,
    unique_slug,
)
from .models import Audience, Member, Project, Scheme, ServiceOffer, Site
from .services import site_index_refresh

LINE = "__ligne__"  # hidden column: the row's line in the file (line 1 holds the headers)


class FileError(Error):
    """A problem with the whole file: its French message is enough, no traceback in the admin."""

    @property
    def traceback(self):
        return "" if isinstance(self.error, ImportFileError) else super().traceback


class FileResult(Result):
    def row_errors(self):
        """Unexpected errors by line in the file (import-export counts rows from 1)."""
        return [(row.errors[0].number, row.errors) for row in self.rows if row.errors]


class AllOrNothingResource(resources.ModelResource):
    """Rows are read by column name (headers are matched ignoring case and accents), checked in full,
    and written in one transaction that any invalid row rolls back."""

    required_columns: tuple[str, ...] = ()
    slug_source = "name"  # the model field a new instance's slug is made from

    class Meta:
        import_id_fields = ["identifiant"]
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def get_result_class(cls):
        return FileResult

    @classmethod
    def get_error_result_class(cls):
        return FileError

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    # --- the file as a whole -------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._lines, self._row_errors, self._saved = [], {}, []
        headers = [normalize_header(header) for header in dataset.headers or []]
        rows = [list(row) for row in dataset]
        dataset.wipe()  # nothing is imported unless the file passes the checks below
        problems = self._header_problems(headers, rows)
        if problems:
            raise ImportFileError(problems)
        kept = [index for index, header in enumerate(headers) if header]
        headers = [headers[index] for index in kept]
        numbered = []  # (line in the file, cells); blank lines are dropped but keep their number
        for line, row in enumerate(rows, start=2):
            cells = [cell_text(row[index]) for index in kept]
            if any(cells):
                numbered.append((line, cells))
        if not numbered:
            raise ImportFileError(_("Le fichier ne contient aucune ligne à importer."))
        self._first_lines = {}
        column = headers.index("identifiant")
        for line, cells in numbered:
            identifier = cells[column]
            if identifier in self._first_lines:
                message = _("Identifiant « %(id)s » déjà présent ligne %(line)s : un identifiant par ligne.")
                self._add_row_error(
                    line, "identifiant", message % {"id": identifier, "line": self._first_lines[identifier]}
                )
            elif identifier:
                self._first_lines[identifier] = line
        numbered = self.order_rows(numbered, headers)
        self._lines = [line for line, _cells in numbered]
        dataset.headers = [*headers, LINE]
        for line, cells in numbered:
            dataset.append([*cells, line])

    def _header_problems(self, headers, rows) -> list[str]:
        known = [resource_field.column_name for resource_field in self.get_import_fields()]
        problems = []
        for position, header in enumerate(headers, start=1):
            if not header and any(cell_text(row[position - 1]) for row in rows):
                problems.append(_("La colonne n° %(position)s contient des valeurs mais pas de nom.") % {
                    "position": position
                })  # fmt: skip
        unknown = [header for header in headers if header and header not in known]
        if unknown:
            problems.append(
                _("Colonnes inconnues : %(unknown)s. Colonnes possibles : %(known)s.")
                % {"unknown": ", ".join(f"« {name} »" for name in unknown), "known": ", ".join(known)}
            )
        repeated = sorted({header for header in headers if header and headers.count(header) > 1})
        if repeated:
            problems.append(_("Colonnes en double : %(names)s.") % {"names": ", ".join(repeated)})
        missing = [name for name in self.required_columns if name not in headers]
        if missing:
            problems.append(_("Colonnes obligatoires absentes : %(names)s.") % {"names": ", ".join(missing)})
        return problems

    def order_rows(self, numbered, headers):
        """The order in which rows are written (default: the file's)."""
        return numbered

    def _add_row_error(self, line, column, message):
        self._row_errors.setdefault(line, {}).setdefault(self.fields[column].attribute, message)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # Rows may have been reordered: report them by their line in the file, in the file's order.
        lines = self._lines
        for invalid in result.invalid_rows:
            invalid.number = lines[invalid.number - 1]
        for error_row in result.error_rows:
            error_row.number = lines[error_row.number - 1]
            for error in error_row.errors:
                error.number = error_row.number
        result.invalid_rows.sort(key=lambda invalid: invalid.number)
        result.error_rows.sort(key=lambda error_row: error_row.number)
        if len(result.rows) == len(lines):
            pairs = sorted(zip(lines, result.rows, strict=True), key=lambda pair: pair[0])
            result.rows = [row for _line, row in pairs]
        if not kwargs.get("dry_run") and not result.has_errors() and not result.has_validation_errors():
            self.after_successful_import(self._saved)

    def after_successful_import(self, saved):
        """Side effects of a committed import (not of a dry run)."""

    # --- one row -------------------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        errors = dict(self._row_errors.get(row.get(LINE), {}))
        for column in self.required_columns:
            if not row.get(column):
                errors.setdefault(self.fields[column].attribute, _("Valeur obligatoire."))
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            for key, messages in error.error_dict.items():
                errors.setdefault(key, messages)
        if not errors:
            if instance.pk is None and not instance.slug:
                instance.slug = unique_slug(type(instance), getattr(instance, self.slug_source))
            self.complete_instance(instance, row)
        if errors:
            raise ValidationError(errors)

    def complete_instance(self, instance, row):
        """Fill in what the row does not give, once its values are all readable."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model validation (network rules included), reported by the file's column names."""
        errors = dict(import_validation_errors or {})
        exclude = {*errors, "slug"} if not instance.slug else set(errors)  # no slug: the name is wrong
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            columns = {
                resource_field.attribute: resource_field.column_name
                for resource_field in self.fields.values()
            }
            by_column = {}
            for key, messages in ValidationError(errors).error_dict.items():
                by_column.setdefault(columns.get(key, key), []).extend(messages)
            raise ValidationError(by_column)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: an existing row whose every column in the file exports as before."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        return all(
            resource_field.export(instance) == resource_field.export(original)
            for resource_field in self.get_import_fields()
            if resource_field.column_name in row
        )

    def import_row(self, row, instance_loader, **kwargs):
        # A database error fails this row (reported like the others), not the whole transaction.
        savepoint = transaction.savepoint()
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.errors:
            transaction.savepoint_rollback(savepoint)
        else:
            transaction.savepoint_commit(savepoint)
        return row_result

    def after_save_instance(self, instance, row, **kwargs):
        self._saved.append(instance)


SITE_COLUMNS = (
    "identifiant", "nom", "membre", "type", "rattachement", "adresse", "code_postal", "commune",
    "latitude", "longitude", "telephone", "numero_vert", "courriel", "site_web", "horaires",
    "publics", "dispositifs", "projets",
)  # fmt: skip


class SiteResource(AllOrNothingResource):
    identifiant = Field(attribute="identifier", column_name="identifiant", widget=TextWidget())
    nom = Field(attribute="name", column_name="nom", widget=TextWidget())
    membre = Field(attribute="member", column_name="membre", widget=MemberWidget())
    type = Field(attribute="kind", column_name="type", widget=ChoiceWidget(SiteKind.choices))
    rattachement = Field(attribute="parent", column_name="rattachement", widget=ParentWidget())
    adresse = Field(attribute="address", column_name="adresse", widget=TextWidget())
    code_postal = Field(attribute="postcode", column_name="code_postal", widget=PostcodeWidget())
    commune = Field(attribute="commune", column_name="commune", widget=CommuneWidget())
    latitude = CoordinateField(attribute="latitude", column_name="latitude", widget=CoordinateWidget())
    longitude = CoordinateField(attribute="longitude", column_name="longitude", widget=CoordinateWidget())
    telephone = Field(attribute="phone", column_name="telephone", widget=TextWidget())
    numero_vert = Field(attribute="free_phone", column_name="numero_vert", widget=TextWidget())
    courriel = Field(attribute="email", column_name="courriel", widget=TextWidget())
    site_web = Field(attribute="website", column_name="site_web", widget=TextWidget())
    horaires = Field(attribute="opening_hours", column_name="horaires", widget=TextWidget())
    publics = TermsField("publics", Audience)
    dispositifs = TermsField("dispositifs", Scheme)
    projets = TermsField("projets", Project)

    required_columns = ("identifiant", "nom", "membre", "type", "commune")

    class Meta(AllOrNothingResource.Meta):
        model = Site
        fields = SITE_COLUMNS
        import_order = SITE_COLUMNS
        export_order = SITE_COLUMNS

    def get_queryset(self):
        return Site.objects.select_related("member", "parent", "commune")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.fields["rattachement"].widget.file_lines = self._first_lines

    def order_rows(self, numbered, headers):
        """Parents before their children, so that `rattachement` may name a site defined further down
        the file; sites whose attachments form a loop get an error."""
        if "rattachement" not in headers:
            return numbered
        identifier_at, parent_at = headers.index("identifiant"), headers.index("rattachement")
        by_identifier = {
            cells[identifier_at]: (line, cells)
            for line, cells in numbered
            if self._first_lines.get(cells[identifier_at]) == line
        }
        ordered, done = [], set()
        for item in numbered:
            path, current = [], item
            while current is not None and current[0] not in done:
                if current in path:
                    for line, _cells in path[path.index(current) :]:
                        self._add_row_error(line, "rattachement", _("Ce rattachement formerait une boucle."))
                    break
                path.append(current)
                parent = by_identifier.get(current[1][parent_at])
                current = parent if parent is not None and parent[0] != current[0] else None
            for node in reversed(path):
                if node[0] not in done:
                    done.add(node[0])
                    ordered.append(node)
        return ordered

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_before = (
            (instance.address, instance.postcode, instance.commune_id),
            (instance.latitude, instance.longitude, instance.coordinates_approximate),
        )

    def complete_instance(self, instance, row):
        """Coordinates: those of the file; else the previous ones if the address has not changed; else
        geocoded (PORTAL_GEOCODING) or, failing that, the commune's centre, flagged approximate."""
        location, (latitude, longitude, approximate) = instance._import_before
        if row.get("latitude") or row.get("longitude"):
            if (instance.latitude, instance.longitude) != (latitude, longitude):
                instance.coordinates_approximate = False
            return
        moved = location != (instance.address, instance.postcode, instance.commune_id)
        if instance.pk is not None and not moved and latitude is not None and longitude is not None:
            instance.latitude, instance.longitude = latitude, longitude
            instance.coordinates_approximate = approximate
            return
        instance.latitude, instance.longitude, instance.coordinates_approximate = geocode(
            instance.address, instance.postcode, instance.commune
        )

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        pending = getattr(instance, "_import_terms", {})
        if not pending:
            return
        offer = imported_offer(instance)
        if offer is None:
            if not any(pending.values()):
                return
            offer = ServiceOffer.objects.create(
                site=instance, level=ServiceLevel.INFORMATION, modes=[ServiceMode.ON_SITE]
            )
        for column, terms in pending.items():
            getattr(offer, TERM_RELATIONS[column]).set(terms)

    def after_successful_import(self, saved):
        if saved:
            site_index_refresh(sites=saved)
            coverage_refresh_later()  # equal access, once the file's transaction commits


MEMBER_COLUMNS = ("identifiant", "nom", "sigle", "categorie", "base", "reseau", "site_web")


class MemberResource(AllOrNothingResource):
    identifiant = Field(attribute="identifier", column_name="identifiant", widget=TextWidget())
    nom = Field(attribute="name", column_name="nom", widget=TextWidget())
    sigle = Field(attribute="acronym", column_name="sigle", widget=TextWidget())
    categorie = Field(
        attribute="category", column_name="categorie", widget=ChoiceWidget(MemberCategory.choices)
    )
    base = Field(
        attribute="basis",
        column_name="base",
        widget=ChoiceWidget(MembershipBasis.choices, default=MembershipBasis.STATUTORY),
    )
    reseau = Field(attribute="network", column_name="reseau", widget=TextWidget())
    site_web = Field(attribute="website", column_name="site_web", widget=TextWidget())

    required_columns = ("identifiant", "nom", "categorie")

    class Meta(AllOrNothingResource.Meta):
        model = Member
        fields = MEMBER_COLUMNS
        import_order = MEMBER_COLUMNS
        export_order = MEMBER_COLUMNS

    def after_successful_import(self, saved):
        """Member names and acronyms are in the sites' search text."""
        sites = list(Site.objects.filter(member__in=[member.pk for member in saved]))
        if sites:
            site_index_refresh(sites=sites)
            coverage_refresh_later()  # a category changed: which places count as a CEP operator's
