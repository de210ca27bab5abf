from django import forms
from django.utils.translation import gettext_lazy as _

from wijknet.core.forms import Form, ModelForm
from wijknet.core.models import Organisation, Team
from wijknet.people.models import PERSON_FIELDS, Consent, Person


class PersonForm(ModelForm):
    """Translates input only; the model and the services hold the rules."""

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "bsn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "bsn": _("Optioneel. Negen cijfers; wordt gecontroleerd met de elfproef."),
            "postcode": _("Bijvoorbeeld 1234 AB. Bepaalt de buurt."),
        }


class RegisterPersonForm(PersonForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Team"))
    reason = forms.CharField(label=_("Aanleiding"), max_length=200)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=[t.pk for t in teams])
        if len(teams) == 1:
            self.fields["team"].initial = teams[0]


class ConsentForm(Form):
    purpose = forms.ChoiceField(label=_("Waarvoor"), choices=Consent.Purpose.choices)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisaties"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label=_("Geldig tot"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)
