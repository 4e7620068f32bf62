"""Export of the Region's labelling decisions (CSV, XLSX) from the admin's review queue.

Export only: applications come from the applicants' form, never from a file. Dates are real dates
(ISO in CSV, date cells in XLSX); states and opinions are their French labels."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field

from .enums import ApplicationStatus, Opinion
from .models import LabellingApplication

DECIDED = [ApplicationStatus.APPROVED, ApplicationStatus.REJECTED]
DECISION_COLUMNS = [
    "structure",
    "siret",
    "departement",
    "commune",
    "etat",
    "deposee_le",
    "avis_crefop",
    "date_avis",
    "decidee_le",
    "instructeur",
    "label_du",
    "label_au",
    "motif_decision",
]


def _local_day(moment):
    return timezone.localdate(moment) if moment else None


class DecisionResource(resources.ModelResource):
    structure = Field(column_name="structure")
    siret = Field(column_name="siret")
    departement = Field(column_name="departement")
    commune = Field(column_name="commune")
    etat = Field(column_name="etat")
    deposee_le = Field(column_name="deposee_le")
    avis_crefop = Field(column_name="avis_crefop")
    date_avis = Field(column_name="date_avis")
    decidee_le = Field(column_name="decidee_le")
    instructeur = Field(column_name="instructeur")
    label_du = Field(column_name="label_du")
    label_au = Field(column_name="label_au")
    motif_decision = Field(column_name="motif_decision")

    class Meta:
        model = LabellingApplication
        fields = DECISION_COLUMNS
        export_order = DECISION_COLUMNS
        name = _("Décisions de labellisation")

    @staticmethod
    def related(queryset):
        """What a row reads, in the same query."""
        return queryset.select_related("commune", "instructor", "label")

    def get_queryset(self):
        """Without a queryset (outside the admin): the decided applications."""
        return self.related(LabellingApplication.objects.filter(status__in=DECIDED)).order_by("decided_at")

    def dehydrate_structure(self, application):
        return application.name

    def dehydrate_siret(self, application):
        return application.siret

    def dehydrate_departement(self, application):
        return application.commune.department_id if application.commune_id else ""

    def dehydrate_commune(self, application):
        return application.commune.name if application.commune_id else ""

    def dehydrate_etat(self, application):
        return str(ApplicationStatus(application.status).label)

    def dehydrate_deposee_le(self, application):
        return _local_day(application.submitted_at)

    def dehydrate_avis_crefop(self, application):
        return str(Opinion(application.opinion).label) if application.opinion else ""

    def dehydrate_date_avis(self, application):
        return application.opinion_date

    def dehydrate_decidee_le(self, application):
        return _local_day(application.decided_at)

    def dehydrate_instructeur(self, application):
        instructor = application.instructor
        return (instructor.get_full_name() or instructor.email) if instructor else ""

    def dehydrate_label_du(self, application):
        return application.label.valid_from if application.label_id else None

    def dehydrate_label_au(self, application):
        return application.label.valid_until if application.label_id else None

    def dehydrate_motif_decision(self, application):
        return application.decision_reason
