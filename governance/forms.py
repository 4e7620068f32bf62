"""Forms of the shared documents: parse and validate input only (the file's type from its content)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import DocumentCategory
from .uploads import ACCEPTED, UploadError, check_upload

ACCEPT = ",".join(f".{file_type.extension}" for file_type in ACCEPTED) + ",.jpeg"


class UploadField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                upload.checked_type = check_upload(upload)
            except UploadError as error:
                raise forms.ValidationError(str(error)) from None
        return upload


def _file_field():
    return UploadField(
        label=_("Fichier"),
        help_text=_("PDF, ODT, DOCX, XLSX, PNG ou JPEG ; 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    category = forms.ChoiceField(label=_("Catégorie"), choices=DocumentCategory.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = _file_field()


class VersionForm(forms.Form):
    file = _file_field()
    note = forms.CharField(label=_("Ce qui change"), max_length=300, required=False)


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label=_("Mots du titre ou de la description"), max_length=100, required=False)
    categorie = forms.ChoiceField(
        label=_("Catégorie"), choices=[("", _("Toutes"))] + list(DocumentCategory.choices), required=False
    )
