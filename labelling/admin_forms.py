"""The small forms of the review's transitions in the admin: they parse what Region staff type; the
services (labelling.services) decide whether the transition is allowed.

Each form's cleaned data are the keyword arguments of its service, besides `application` and `user`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Opinion


def _text(label, *, required: bool, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "cols": 80}),
    )


class AssignForm(forms.Form):
    comment = _text(_("Commentaire"), required=False, rows=2)


class RequestComplementsForm(forms.Form):
    message = _text(
        _("Message au candidat"),
        required=True,
        rows=6,
        help_text=_("Ce qui manque ou doit être précisé. Le message est envoyé par courriel au candidat."),
    )


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("Avis du bureau du CREFOP"), choices=Opinion.choices, widget=forms.RadioSelect
    )
    opinion_date = forms.DateField(
        label=_("Date de l'avis"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    comment = _text(_("Commentaire"), required=False, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion_date"].initial = timezone.localdate()


class ApproveForm(forms.Form):
    comment = _text(
        _("Commentaire"),
        required=False,
        rows=3,
        help_text=_("Facultatif ; ajouté à l'historique et au courriel envoyé au candidat."),
    )


class RejectForm(forms.Form):
    reason = _text(
        _("Motif du refus"),
        required=True,
        rows=6,
        help_text=_("Obligatoire ; envoyé par courriel au candidat."),
    )
