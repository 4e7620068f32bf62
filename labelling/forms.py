"""Forms of the applicant's pages: parse and validate input only (the rules live in labelling.services
and labelling.selectors)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from governance.forms import ACCEPT, UploadField
from structures.enums import AccessibilityFeature, ServiceLevel
from structures.forms import https_by_default
from structures.models import Audience
from structures.selectors.communes import commune_lookup

from .enums import AttachmentKind, WantedKind
from .models import Criterion, LabellingApplication, ProposedSite
from .validators import normalize_siret, validate_siret

TEXT_MAX = 5000


class AccountForm(forms.Form):
    """The account of an organisation applying for the label: who fills the application, and how they
    log in (the rules of AUTH_PASSWORD_VALIDATORS)."""

    last_name = forms.CharField(
        label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    first_name = forms.CharField(
        label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=150,
        help_text=_("Elle vous servira à vous connecter et à suivre votre candidature."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "Un compte existe déjà pour cette adresse : connectez-vous, ou demandez un nouveau "
                    "mot de passe."
                )
            )
        return email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif first:
            candidate = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class SiretField(forms.CharField):
    """A SIRET typed with or without spaces: kept as its 14 digits, checked with its checksum."""

    default_validators = [validate_siret]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off")

    def to_python(self, value):
        return normalize_siret(super().to_python(value))


class CommuneMixin:
    """A commune typed by name, postcode or INSEE code (as on the event form), read with the portal's
    commune lookup: `commune_text` in the form, the commune on the instance."""

    commune_required = False

    def commune_initial(self):
        commune = self.instance.commune if self.instance.commune_id else None
        if commune is not None:  # with its INSEE code: a name several communes bear stays one
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

    def clean_commune_text(self):
        text = (self.cleaned_data.get("commune_text") or "").strip()
        self.instance.commune = None
        if not text:
            if self.commune_required:
                raise ValidationError(gettext("Indiquez une commune, un code postal ou un code INSEE."))
            return text
        lookup = commune_lookup(text)
        if not lookup.found:
            message = lookup.error
            if lookup.ambiguous:
                message += " " + gettext("Par exemple : %(examples)s.") % {
                    "examples": ", ".join(f"« {c.name} {c.code} »" for c in lookup.candidates)
                }
            raise ValidationError(message)
        self.instance.commune = lookup.commune
        return text


def _commune_field(label):
    return forms.CharField(
        label=label,
        max_length=100,
        required=False,
        help_text=_("Nom ou code postal, par exemple « Albi » ou « 81000 »."),
    )


class OrganisationForm(CommuneMixin, forms.ModelForm):
    """The organisation step: who applies (a draft may be saved incomplete; the SIRET, when typed, must
    be valid)."""

    siret = SiretField(
        label=_("SIRET"),
        required=False,
        help_text=_("14 chiffres, avec ou sans espaces (avis de situation INSEE)."),
    )
    commune_text = _commune_field(_("Commune du siège"))

    class Meta:
        model = LabellingApplication
        fields = [
            "name", "siret", "legal_form", "address", "postcode", "website", "presentation",
            "contact_name", "contact_email", "contact_phone",
        ]  # fmt: skip
        formfield_callback = staticmethod(https_by_default)
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    field_order = [
        "name", "siret", "legal_form", "address", "postcode", "commune_text", "website", "presentation",
        "contact_name", "contact_email", "contact_phone",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].choices = [("", _("— choisissez —"))] + list(
            self.fields["legal_form"].choices
        )[1:]
        self.fields["presentation"].validators.append(MaxLengthValidator(TEXT_MAX))
        self.commune_initial()

    def values(self) -> dict:
        """What application_update writes."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["commune"] = self.instance.commune
        return values


class ProposedSiteForm(CommuneMixin, forms.ModelForm):
    """A proposed place (its hours come from structures.forms.HoursForm, beside it)."""

    commune_required = True
    commune_text = _commune_field(_("Commune"))
    levels = forms.MultipleChoiceField(
        label=_("Services proposés"),
        choices=ServiceLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Publics accueillis"),
        queryset=Audience.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibilité"),
        choices=AccessibilityFeature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProposedSite
        fields = ["name", "wanted_kind", "address", "postcode", "phone", "email", "levels", "accessibility"]
        widgets = {
            "wanted_kind": forms.RadioSelect,
            "postcode": forms.TextInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    field_order = ["name", "wanted_kind", "address", "postcode", "commune_text", "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted_kind"].choices = WantedKind.choices
        self.fields["audiences"].queryset = Audience.objects.active().order_by("position", "label")
        if self.instance.pk:
            self.initial["audiences"] = [audience.pk for audience in self.instance.audiences.all()]
        self.commune_initial()


class CriteriaForm(forms.Form):
    """One answer block per criterion in force: the commitment, how it is met, the evidence."""

    def __init__(self, *args, criteria: list[Criterion], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            answer = answers.get(criterion.pk)
            prefix = f"c{criterion.pk}"
            self.fields[f"{prefix}_commitment"] = forms.BooleanField(
                label=_("Nous nous engageons à respecter ce critère"),
                required=False,
                initial=answer.commitment if answer else False,
            )
            self.fields[f"{prefix}_explanation"] = forms.CharField(
                label=_("Comment votre structure le met en œuvre"),
                required=False,
                max_length=TEXT_MAX,
                initial=answer.explanation if answer else "",
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.fields[f"{prefix}_evidence"] = forms.CharField(
                label=_("Justificatifs (facultatif)"),
                help_text=_("Décrivez-les ; vous pourrez joindre les fichiers à l'étape « Pièces jointes »."),
                required=False,
                max_length=TEXT_MAX,
                initial=answer.evidence if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def blocks(self):
        """(criterion, commitment, explanation, evidence) bound fields, for the template."""
        return [
            (
                criterion,
                self[f"c{criterion.pk}_commitment"],
                self[f"c{criterion.pk}_explanation"],
                self[f"c{criterion.pk}_evidence"],
            )
            for criterion in self.criteria
        ]

    def answers(self) -> dict[int, dict]:
        """What answers_save writes: criterion id → {commitment, explanation, evidence}."""
        data = self.cleaned_data
        return {
            criterion.pk: {
                "commitment": data[f"c{criterion.pk}_commitment"],
                "explanation": data[f"c{criterion.pk}_explanation"].strip(),
                "evidence": data[f"c{criterion.pk}_evidence"].strip(),
            }
            for criterion in self.criteria
        }


class AttachmentForm(forms.Form):
    """A document of the application: its type is read from its content (as for the professionals'
    shared documents)."""

    kind = forms.ChoiceField(label=_("Nature de la pièce"), choices=AttachmentKind.choices)
    criterion = forms.ModelChoiceField(
        label=_("Critère justifié (pour un justificatif)"),
        queryset=Criterion.objects.none(),
        required=False,
        empty_label=_("— aucun —"),
    )
    file = UploadField(
        label=_("Fichier"),
        help_text=_("PDF, ODT, DOCX, XLSX, PNG ou JPEG ; 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["criterion"]
        field.queryset = Criterion.objects.active()
        field.choices = [("", field.empty_label)] + [
            (criterion.pk, criterion.title) for criterion in criteria
        ]


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Un mot pour l'instructeur (facultatif)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ComplementsForm(forms.Form):
    message = forms.CharField(
        label=_("Votre réponse à l'instructeur"),
        max_length=TEXT_MAX,
        help_text=_("Dites ce que vous avez complété ou précisé dans votre candidature."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Répondez à la demande de l'instructeur en quelques mots.")},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme retirer ma candidature : elle ne sera pas instruite."),
        error_messages={"required": _("Cochez la case pour confirmer le retrait de votre candidature.")},
    )
    comment = forms.CharField(
        label=_("Motif du retrait (facultatif)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
