"""Forms of the reserved space's accounts: parse and validate input only."""

from django import forms
from django.contrib.auth import password_validation
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import hours
from .enums import AccessibilityFeature, ProfessionalRole, ServiceMode
from .models import Audience, Member, Permanence, Project, Scheme, ServiceOffer, Site
from .selectors.communes import commune_lookup


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


def https_by_default(field, **kwargs):
    """A web address typed without its scheme is an https one."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SiteContactForm(forms.ModelForm):
    """How to reach a place and its accessibility, as its member's professionals edit them."""

    accessibility = forms.MultipleChoiceField(
        label=_("Accessibilité"),
        choices=AccessibilityFeature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Site
        fields = ["phone", "free_phone", "email", "website", "chat_url", "appointment_url", "accessibility"]
        formfield_callback = staticmethod(https_by_default)
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "free_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }


DAY_NAMES = [_("Lundi"), _("Mardi"), _("Mercredi"), _("Jeudi"), _("Vendredi"), _("Samedi"), _("Dimanche")]
MODE_DAYS, MODE_EXPERT = "jours", "expert"


class HoursForm(forms.Form):
    """Opening hours, day by day (a morning and an afternoon range each: the OSM expression is written
    from them) or as the raw OSM expression (`expert`). `cleaned_data["opening_hours"]` is the result."""

    mode = forms.ChoiceField(
        label=_("Saisie des horaires"),
        choices=[(MODE_DAYS, _("Jour par jour")), (MODE_EXPERT, _("Expression OpenStreetMap (experts)"))],
        widget=forms.RadioSelect,
        initial=MODE_DAYS,
    )
    closed_on_public_holidays = forms.BooleanField(label=_("Fermé les jours fériés"), required=False)
    expert = forms.CharField(
        label=_("Expression OpenStreetMap"),
        max_length=500,
        required=False,
        help_text=_("Par exemple : Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off"),
    )
    hours_note = forms.CharField(label=_("Précisions sur les horaires"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day, name in enumerate(DAY_NAMES):
            for rank in range(1, hours.EDITOR_RANGES + 1):
                period = _("matin") if rank == 1 else _("après-midi")
                for edge, verb in (("start", _("ouverture")), ("end", _("fermeture"))):
                    self.fields[f"d{day}_{edge}{rank}"] = forms.TimeField(
                        label=f"{name}, {verb} ({period})",
                        required=False,
                        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                    )

    @classmethod
    def initial_for(cls, site: Site) -> dict:
        """The form's values for a place's current hours (the expert mode when the days cannot show them)."""
        initial = {"expert": site.opening_hours, "hours_note": site.hours_note}
        week = hours.days_of_expression(site.opening_hours)
        if week is None:
            return {**initial, "mode": MODE_EXPERT}
        days, closed = week
        initial.update(mode=MODE_DAYS, closed_on_public_holidays=closed)
        for day, ranges in enumerate(days):
            for rank, (start, end) in enumerate(ranges, start=1):
                initial[f"d{day}_start{rank}"], initial[f"d{day}_end{rank}"] = start, end
        return initial

    def day_fields(self):
        """(day name, [(start field, end field), …]) for the template."""
        return [
            (
                name,
                [
                    (self[f"d{day}_start{rank}"], self[f"d{day}_end{rank}"])
                    for rank in range(1, hours.EDITOR_RANGES + 1)
                ],
            )
            for day, name in enumerate(DAY_NAMES)
        ]

    def clean(self):
        data = super().clean()
        if data.get("mode") == MODE_EXPERT:
            expression = (data.get("expert") or "").strip()
            if message := hours.validation_error(expression):
                self.add_error("expert", message)
            data["opening_hours"] = expression
            return data
        days = []
        for day in range(7):
            ranges = []
            for rank in range(1, hours.EDITOR_RANGES + 1):
                start_name, end_name = f"d{day}_start{rank}", f"d{day}_end{rank}"
                start, end = data.get(start_name), data.get(end_name)
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(
                        start_name if start is None else end_name, _("Indiquez l'ouverture et la fermeture.")
                    )
                    continue
                if end <= start:
                    self.add_error(end_name, _("La fermeture doit suivre l'ouverture."))
                    continue
                if ranges and start < ranges[-1][1]:
                    self.add_error(start_name, _("L'après-midi commence après la fin du matin."))
                    continue
                ranges.append((start, end))
            days.append([(start.strftime("%H:%M"), end.strftime("%H:%M")) for start, end in ranges])
        data["opening_hours"] = hours.expression_of_days(days, bool(data.get("closed_on_public_holidays")))
        return data


class DirectoryForm(forms.Form):
    """The directory's search (a GET form): each criterion optional."""

    q = forms.CharField(label=_("Nom, fonction ou structure"), max_length=100, required=False)
    membre = forms.ModelChoiceField(
        label=_("Membre"),
        queryset=Member.objects.active().order_by("name"),
        required=False,
        to_field_name="slug",
    )
    departement = forms.ChoiceField(label=_("Département"), required=False)
    zone = forms.ChoiceField(label=_("Zone d'emploi"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import Department, EmploymentZone

        super().__init__(*args, **kwargs)
        served = Department.objects.served().order_by("code")
        self.fields["departement"].choices = [("", _("Tous"))] + [
            (d.code, f"{d.code} — {d.name}") for d in served
        ]
        zones = EmploymentZone.objects.served().order_by("name")
        self.fields["zone"].choices = [("", _("Toutes"))] + [(z.code, z.name) for z in zones]


class ProfileForm(forms.Form):
    """What a person says of themselves in the directory, and which contact details they share."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    job_title = forms.CharField(label=_("Fonction"), max_length=120, required=False)
    phone = forms.CharField(label=_("Téléphone professionnel"), max_length=30, required=False)
    share_email = forms.BooleanField(label=_("Montrer mon adresse e-mail dans l'annuaire"), required=False)
    share_phone = forms.BooleanField(label=_("Montrer mon téléphone dans l'annuaire"), required=False)


class ServiceOfferForm(forms.ModelForm):
    """A service of a place: its level, for which publics, schemes and projects, how."""

    modes = forms.MultipleChoiceField(
        label=_("Modalités"), choices=ServiceMode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ServiceOffer
        fields = ["level", "audiences", "schemes", "projects", "modes", "free", "description"]
        widgets = {
            "audiences": forms.CheckboxSelectMultiple,
            "schemes": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in (("audiences", Audience), ("schemes", Scheme), ("projects", Project)):
            self.fields[name].queryset = model.objects.order_by("position")


class PermanenceForm(forms.ModelForm):
    """A partner's permanence at the place: which member, when (OSM hours), and what to know."""

    class Meta:
        model = Permanence
        fields = ["member", "opening_hours", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.active().order_by("name")
        self.fields["opening_hours"].help_text = _("Syntaxe OpenStreetMap, par exemple « We 14:00-17:00 ».")


ServiceFormSet = forms.inlineformset_factory(
    Site, ServiceOffer, form=ServiceOfferForm, extra=1, can_delete=True, max_num=20, validate_max=True
)
PermanenceFormSet = forms.inlineformset_factory(
    Site, Permanence, form=PermanenceForm, extra=1, can_delete=True, max_num=20, validate_max=True
)


class ProfessionalManageForm(forms.Form):
    """What a référent (or Region staff) decides for a professional of the team."""

    role = forms.ChoiceField(label=_("Rôle"), choices=ProfessionalRole.choices)
    sites = forms.ModelMultipleChoiceField(
        label=_("Limiter à ces lieux (aucun coché : tous les lieux du membre)"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    active = forms.BooleanField(
        label=_("Compte actif (décocher : la personne ne peut plus se connecter)"), required=False
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.filter(member=member).order_by("name")


# --- Questions asked online ------------------------------------------------------------------------

QUESTION_MIN_LENGTH, QUESTION_MAX_LENGTH = 10, 3000


class QuestionForm(forms.Form):
    """A question asked on a place's page, without an account. `website` is a trap for robots: hidden
    from people (CSS, aria-hidden, out of the tab order), a robot fills it (`is_robot`)."""

    name = forms.CharField(
        label=_("Votre nom ou prénom (facultatif)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Pour recevoir la réponse."),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse e-mail : la réponse vous sera envoyée par e-mail."),
            "invalid": _(
                "Cette adresse e-mail n'est pas valide : vérifiez-la (exemple : prenom.nom@exemple.fr)."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label=_("Votre question"),
        min_length=QUESTION_MIN_LENGTH,
        max_length=QUESTION_MAX_LENGTH,
        help_text=_("De 10 à 3000 caractères. N'indiquez que ce qui est utile pour vous répondre."),
        error_messages={
            "required": _("Écrivez votre question."),
            "min_length": _("Votre question est trop courte : écrivez au moins %(limit_value)d caractères."),
            "max_length": _(
                "Votre question est trop longue : %(limit_value)d caractères au plus (elle en compte "
                "%(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    commune = forms.CharField(
        label=_("Votre commune (facultatif)"),
        max_length=100,
        required=False,
        help_text=_("Nom ou code postal, par exemple « Albi » ou « 81000 »."),
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Cochez la case pour accepter l'usage de vos données.")},
    )
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, retention_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "J'accepte que mes données servent uniquement à répondre à ma question ; elles sont effacées "
            "%(days)d jours après la clôture de la question."
        ) % {"days": retention_days}

    @property
    def is_robot(self) -> bool:
        return bool((self.data.get(self.add_prefix("website")) or "").strip())

    def clean_commune(self):
        """The commune (a Commune) of what was typed, or None."""
        text = self.cleaned_data.get("commune") or ""
        if not text:
            return None
        lookup = commune_lookup(text)
        if not lookup.found:
            message = lookup.error
            if lookup.ambiguous:
                message += " " + str(_("Par exemple : %(examples)s.")) % {
                    "examples": ", ".join(
                        f"« {c.name} {c.postcodes[0] if c.postcodes else c.code} »" for c in lookup.candidates
                    )
                }
            raise forms.ValidationError(message)
        return lookup.commune


class QuestionAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Votre réponse"),
        max_length=10000,
        help_text=_(
            "Envoyée telle quelle par e-mail à la personne (commencez par « Bonjour »), signée du nom de "
            "votre structure."
        ),
        error_messages={"required": _("Écrivez la réponse avant de l'envoyer.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class QuestionRedirectForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Transmettre au membre"),
        queryset=Member.objects.none(),
        error_messages={"required": _("Choisissez le membre à qui transmettre la question.")},
    )
    note = forms.CharField(
        label=_("Note pour ce membre"),
        max_length=2000,
        help_text=_("Pourquoi vous lui transmettez cette question ; elle reste dans l'historique."),
        error_messages={"required": _("Expliquez en une phrase pourquoi vous transmettez cette question.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, current_member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            Member.objects.active().exclude(pk=current_member.pk).order_by("name")
        )
