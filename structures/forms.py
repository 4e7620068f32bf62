"""Forms of the reserved space's accounts: parse and validate input only."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .enums import ProfessionalRole
from .models import Member


class InvitationForm(forms.Form):
    """Invite a professional: Region staff choose the member, a référent invites to theirs."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(label=_("Adresse e-mail professionnelle"))
    role = forms.ChoiceField(
        label=_("Rôle"), choices=ProfessionalRole.choices, initial=ProfessionalRole.ADVISER
    )
    member = forms.ModelChoiceField(label=_("Membre"), queryset=Member.objects.active().order_by("name"))

    def __init__(self, *args, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_member = member
        if member is not None:
            del self.fields["member"]
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        if self.fixed_member is not None:
            data["member"] = self.fixed_member
        return data


class InvitationAcceptForm(forms.Form):
    """Choose the password of an invited account (the rules of AUTH_PASSWORD_VALIDATORS)."""

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

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif first:
            from django.contrib.auth import get_user_model

            candidate = get_user_model()(
                username=self.invitation.email,
                email=self.invitation.email,
                first_name=self.invitation.first_name,
                last_name=self.invitation.last_name,
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
