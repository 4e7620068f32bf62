"""The event form of the reserved space: parse and validate input only."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from structures.forms import https_by_default
from structures.models import Audience, Project, Scheme, Sector, Site
from structures.selectors.communes import commune_lookup

from .models import Event

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    """An event of the member: at one of its places, at another address (commune typed by name or
    code), or online."""

    commune_text = forms.CharField(
        label=_("Commune (si le lieu n'est pas un des vôtres)"),
        max_length=100,
        required=False,
        help_text=_("Nom ou code postal, par exemple « Albi » ou « 81000 »."),
    )

    class Meta:
        model = Event
        fields = [
            "title", "type", "description", "start", "end", "attendance_mode", "venue", "venue_name",
            "address", "postcode", "online_url", "scope", "audiences", "sectors", "projects", "schemes",
            "registration_required", "registration_url", "capacity", "free", "charter_free",
            "charter_accessible", "charter_branches", "charter_companies", "charter_demonstrations",
        ]  # fmt: skip
        widgets = {
            "start": DATETIME,
            "end": DATETIME,
            "description": forms.Textarea(attrs={"rows": 6}),
            "audiences": forms.CheckboxSelectMultiple,
            "sectors": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
            "schemes": forms.CheckboxSelectMultiple,
        }
        formfield_callback = staticmethod(https_by_default)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        venue = self.fields["venue"]
        venue.queryset = Site.objects.filter(member=member).order_by("name")
        venue.label = _("Un de vos lieux")
        venue.empty_label = _("— autre lieu, ou à distance —")
        for name in ("start", "end"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        for name, model in (
            ("audiences", Audience),
            ("sectors", Sector),
            ("projects", Project),
            ("schemes", Scheme),
        ):
            self.fields[name].queryset = model.objects.order_by("position")
        if self.instance.pk and self.instance.commune_id and not self.instance.venue_id:
            commune = self.instance.commune  # with its INSEE code: a name several communes bear stays one
            self.initial["commune_text"] = f"{commune.name} {commune.code}"

    def _update_errors(self, errors):
        """The model's errors on fields this form does not show: the commune's go to the commune
        typed, the others above the form."""
        if hasattr(errors, "error_dict"):
            remapped = {}
            for name, messages in errors.error_dict.items():
                target = (
                    "commune_text" if name == "commune" else name if name in self.fields else NON_FIELD_ERRORS
                )
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)

    def clean(self):
        data = super().clean()
        text = (data.get("commune_text") or "").strip()
        self.instance.commune = None
        if data.get("venue") is None and text:
            lookup = commune_lookup(text)
            if lookup.found:
                self.instance.commune = lookup.commune
            else:
                self.add_error("commune_text", lookup.error)
        return data


MONTH_FORMAT = "%Y-%m"


class ProgrammingForm(forms.Form):
    """The common programming's criteria (a GET form): the month, the view, and optional territory or
    organiser."""

    mois = forms.DateField(
        label=_("Mois"),
        input_formats=[MONTH_FORMAT],
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format=MONTH_FORMAT),
    )
    vue = forms.ChoiceField(
        label=_("Vue"), choices=[("mois", _("Calendrier du mois")), ("liste", _("Liste"))], required=False
    )
    zone = forms.ChoiceField(label=_("Zone d'emploi"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    membre = forms.ModelChoiceField(
        label=_("Organisateur"), queryset=None, required=False, to_field_name="slug"
    )

    def __init__(self, *args, **kwargs):
        from structures.models import Department, EmploymentZone, Member

        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", _("Toutes"))] + [
            (zone.code, zone.name) for zone in EmploymentZone.objects.served().order_by("name")
        ]
        self.fields["departement"].choices = [("", _("Tous"))] + [
            (department.code, f"{department.code} — {department.name}")
            for department in Department.objects.served().order_by("code")
        ]
        self.fields["membre"].queryset = Member.objects.active().order_by("name")
