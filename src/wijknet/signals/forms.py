"""Forms translate input; the rules live in services.py."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from wijknet.core.forms import Form
from wijknet.core.models import Team
from wijknet.signals import workflow
from wijknet.signals.models import RiskGroup, Signal, UrgencyBand
from wijknet.signals.services import Items

NATURE_CHOICES = [(0, _("0: geen risico")), (1, _("1: matig risico")), (2, _("2: ernstig risico"))]
MIN_SECONDS_ON_FORM = 3
MAX_SECONDS_ON_FORM = 24 * 60 * 60
_STAMP_SALT = "wijknet.signals.public-form"


def form_stamp() -> str:
    return signing.dumps(int(time.time()), salt=_STAMP_SALT)


class SubjectFields(Form):
    description = forms.CharField(
        label=_("Wat is er aan de hand?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Beschrijf wat u ziet of hoort en waarom u zich zorgen maakt."),
    )
    subject_description = forms.CharField(
        label=_("Over wie maakt u zich zorgen?"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld 'mijn oudere buurvrouw'. Een naam is niet nodig."),
    )
    subject_street = forms.CharField(label=_("Straat"), max_length=120, required=False)
    subject_house_number = forms.CharField(label=_("Huisnummer"), max_length=10, required=False)
    subject_postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        help_text=_("Zo komt uw melding bij het wijkteam van die buurt."),
    )
    subject_informed = forms.ChoiceField(
        label=_("Weet de betrokkene dat u dit meldt?"),
        choices=Signal.SubjectInformed.choices,
        initial=Signal.SubjectInformed.UNKNOWN,
        widget=forms.RadioSelect,
        help_text=_("Als het kan, bespreek uw zorg eerst met de betrokkene zelf."),
    )
    risk_flags = forms.MultipleChoiceField(
        label=_("Wat is van toepassing?"),
        choices=RiskGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ReporterFields(Form):
    reporter_type = forms.ChoiceField(label=_("Wie bent u?"), choices=Signal.ReporterType.choices)
    reporter_name = forms.CharField(label=_("Uw naam"), max_length=120, required=False)
    reporter_email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        help_text=_("Optioneel. Dan laten we weten dat er iets met uw melding gebeurt."),
    )
    reporter_phone = forms.CharField(label=_("Uw telefoonnummer"), max_length=20, required=False)


class PublicSignalForm(SubjectFields, ReporterFields):
    """No login. Spam is kept out without outside services: a field people
    never see must stay empty, and the form must have been open for a few
    seconds (a signed time stamp) but not for days."""

    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Uw melding kon niet worden verwerkt."))
        try:
            started = signing.loads(data.get("stamp", ""), salt=_STAMP_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.")
            ) from None
        age = time.time() - started
        if age < MIN_SECONDS_ON_FORM or age > MAX_SECONDS_ON_FORM:
            raise forms.ValidationError(
                _("Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.")
            )
        return data


class UrgencyFields(Form):
    nature_safety = forms.TypedChoiceField(
        label=_("Aard: veiligheid"), choices=NATURE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    nature_health = forms.TypedChoiceField(
        label=_("Aard: gezondheid"), choices=NATURE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    nature_welfare = forms.TypedChoiceField(
        label=_("Aard: welzijn"), choices=NATURE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    extent = forms.ChoiceField(
        label=_("Omvang"), choices=Signal.Extent.choices, widget=forms.RadioSelect
    )
    duration = forms.ChoiceField(
        label=_("Duur"), choices=Signal.Duration.choices, widget=forms.RadioSelect
    )

    def items(self) -> Items:
        data = self.cleaned_data
        return Items(
            nature_safety=data.get("nature_safety"),
            nature_health=data.get("nature_health"),
            nature_welfare=data.get("nature_welfare"),
            extent=data.get("extent") or "",
            duration=data.get("duration") or "",
        )


class TriageForm(UrgencyFields):
    pass


class PartnerSignalForm(SubjectFields, ReporterFields):
    level = forms.ChoiceField(
        label=_("Niveau"), choices=Signal.Level.choices, initial=Signal.Level.MICRO
    )
    isolation_type = forms.TypedChoiceField(
        label=_("Type isolement (optioneel)"),
        choices=[("", "–"), *Signal.IsolationType.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Alleen bij eenzaamheid of isolement (Machielse & Hortulanus)."),
    )


class IntakeSignalForm(PartnerSignalForm, UrgencyFields):
    """Intake at the report point: phone, e-mail or walk-in, optionally
    triaged straight away."""

    channel = forms.ChoiceField(
        label=_("Kanaal"),
        choices=[
            (Signal.Channel.PHONE, Signal.Channel.PHONE.label),
            (Signal.Channel.EMAIL, Signal.Channel.EMAIL.label),
            (Signal.Channel.WALK_IN, Signal.Channel.WALK_IN.label),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("nature_safety", "nature_health", "nature_welfare", "extent", "duration"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leeg laten om later te beoordelen.")
            if name.startswith("nature_"):
                # Left empty means "not given", not an empty string.
                self.fields[name].empty_value = None


class OverrideForm(Form):
    band = forms.ModelChoiceField(label=_("Band"), queryset=UrgencyBand.objects.all())
    reason = forms.CharField(
        label=_("Reden"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusForm(Form):
    to_status = forms.ChoiceField(label=_("Volgende stap"))
    note = forms.CharField(label=_("Toelichting"), max_length=2000, required=False)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Converting goes with opening the case: its own button, not a step here.
        allowed = workflow.allowed_from(current) - {workflow.CONVERTED}
        self.fields["to_status"].choices = [
            (value, label) for value, label in Signal.Status.choices if value in allowed
        ]


class IAOForm(Form):
    note = forms.CharField(
        label=_("Gegeven informatie, advies of ondersteuning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SubjectForm(Form):
    pseudonym = forms.CharField(
        label=_("Pseudoniem van de inwoner"),
        max_length=11,
        help_text=_("Staat op de pagina van de inwoner, bijvoorbeeld AB12C-3DE45."),
    )


class AssignForm(Form):
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.all(),
        required=False,
        empty_label=_("meldpunt (geen team)"),
    )


class QueueFilterForm(Form):
    view = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[
            ("open", _("open")),
            ("new", _("nieuw")),
            ("overdue", _("termijn verstreken")),
            ("urgent", _("spoedberaad")),
            ("closed", _("afgesloten")),
            ("all", _("alle")),
        ],
    )
    band = forms.ChoiceField(label=_("Band"), required=False)
    reporter_type = forms.ChoiceField(
        label=_("Soort melder"),
        required=False,
        choices=[("", _("alle")), *Signal.ReporterType.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", _("alle"))] + [
            (band.code, band.label) for band in UrgencyBand.objects.all()
        ]
