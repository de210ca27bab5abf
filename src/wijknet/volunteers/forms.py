"""Forms translate input only; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wijknet.core.forms import Form
from wijknet.core.models import Neighbourhood, Team
from wijknet.volunteers.models import (
    DAYS,
    LANGUAGES,
    PARTS,
    Competence,
    Interest,
    Profile,
    Request,
    VisitNote,
    Volunteer,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 3}
# "maandagochtend", "dinsdagavond": the day parts as one word each.
SLOT_CHOICES = [
    (f"{day}-{part}", f"{day_label}{part_label}")
    for day, day_label in DAYS
    for part, part_label in PARTS
]


def _slot_choices():
    return [(value, str(label)) for value, label in SLOT_CHOICES]


class _TeamChoice:
    """A team field limited to the actor's teams, preset when there is one."""

    def _limit_team(self, teams):
        field = self.fields["team"]
        field.queryset = Team.objects.filter(pk__in=[team.pk for team in teams])
        if len(teams) == 1:
            field.initial = teams[0].pk


class VolunteerForm(_TeamChoice, Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=80)
    last_name = forms.CharField(label=_("Achternaam"), max_length=120)
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(label=_("Telefoon"), max_length=20, required=False)
    neighbourhood = forms.ModelChoiceField(
        label=_("Buurt"),
        queryset=Neighbourhood.objects.filter(kind=Neighbourhood.Kind.NEIGHBOURHOOD).order_by(
            "name"
        ),
        help_text=_("Waar de vrijwilliger woont: dichtbij koppelen gaat voor."),
    )
    profiles = forms.MultipleChoiceField(
        label=_("Wil helpen als"), choices=Profile.choices, widget=forms.CheckboxSelectMultiple
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Interesses"),
        queryset=Interest.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Competenties"),
        queryset=Competence.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen"), choices=LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("Beschikbaar op"), required=False, widget=forms.CheckboxSelectMultiple
    )
    training = forms.CharField(label=_("Gevolgde training"), max_length=300, required=False)
    screening = forms.ChoiceField(label=_("Screening"), choices=Volunteer.Screening.choices)
    vog_date = forms.DateField(
        label=_("Datum VOG"),
        required=False,
        widget=DATE,
        help_text=_("Verplicht als de VOG binnen is. Zonder VOG wordt niemand voorgesteld."),
    )
    pseudonym = forms.CharField(
        label=_("Pseudoniem, als de vrijwilliger zelf ook inwoner is"),
        max_length=11,
        required=False,
        help_text=_(
            "Geven en ontvangen gaan samen. Het pseudoniem staat op de pagina van de inwoner."
        ),
    )
    username = forms.CharField(
        label=_("Gebruikersnaam voor een inlog"),
        max_length=150,
        required=False,
        help_text=_(
            "Optioneel. Met een inlog ziet de vrijwilliger de eigen koppelingen en stemt "
            "daar zelf mee in."
        ),
    )
    team = forms.ModelChoiceField(label=_("Coördinerend team"), queryset=Team.objects.none())

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["availability"].choices = _slot_choices()
        self._limit_team(list(teams))


class VolunteerEditForm(VolunteerForm):
    """The registration form for changing a registration: the login, the
    resident the volunteer also is and the team stay as registered."""

    active = forms.BooleanField(
        label=_("In de pool"),
        required=False,
        help_text=_(
            "Uit: de vrijwilliger wordt niet meer voorgesteld; een lopende koppeling blijft."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("pseudonym", "username", "team"):
            del self.fields[name]


class RequestForm(_TeamChoice, Form):
    """A new request. From a case the resident is chosen among its
    household; from a signal it is the signal's resident; otherwise by
    pseudonym, for a team that works with the resident."""

    person = forms.ModelChoiceField(label=_("Voor wie"), queryset=None)
    pseudonym = forms.CharField(
        label=_("Pseudoniem van de inwoner"),
        max_length=11,
        help_text=_("Staat op de pagina van de inwoner, bijvoorbeeld AB12C-3DE45."),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    profile = forms.ChoiceField(
        label=_("Gevraagd"), choices=Profile.choices, widget=forms.RadioSelect
    )
    needs = forms.CharField(
        label=_("Wat de koppeling vraagt"),
        max_length=1000,
        widget=forms.Textarea(attrs=TEXT),
        help_text=Request._meta.get_field("needs").help_text,
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Interesses"),
        queryset=Interest.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen"), choices=LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("Wanneer"), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent_given = forms.BooleanField(
        label=_("De inwoner geeft toestemming voor doorverwijzing"),
        required=False,
        help_text=_("Nodig voor een huisbezoek; wordt vastgelegd als toestemming."),
    )

    def __init__(self, *args, teams=(), persons=None, by_pseudonym=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["availability"].choices = _slot_choices()
        if persons is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = persons
            self.fields["person"].label_from_instance = lambda person: person.full_name
        if not by_pseudonym:
            del self.fields["pseudonym"]
        if teams is None:
            del self.fields["team"]
        else:
            self._limit_team(list(teams))


class ProposeForm(Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)


class SideForm(Form):
    side = forms.ChoiceField(
        label=_("Wie"),
        choices=[("volunteer", _("de vrijwilliger")), ("resident", _("de inwoner"))],
    )


class CheckInForm(Form):
    check_in = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Hoe gaat het?"), max_length=2000, widget=forms.Textarea(attrs=TEXT)
    )


class EndForm(Form):
    reason = forms.CharField(label=_("Reden einde"), max_length=300)
    evaluation = forms.CharField(
        label=_("Evaluatie"),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXT),
        error_messages={
            "required": _(
                "Schrijf een korte evaluatie: wat heeft de koppeling opgeleverd, en wat ging er "
                "goed of minder goed?"
            )
        },
    )


class CloseRequestForm(Form):
    reason = forms.CharField(label=_("Reden sluiten"), max_length=300)


class HomeVisitForm(Form):
    period_start = forms.DateField(label=_("Van"), widget=DATE)
    period_end = forms.DateField(
        label=_("Tot en met"), widget=DATE, help_text=_("Hoogstens zes maanden na de start.")
    )


class VisitNoteForm(Form):
    step = forms.ChoiceField(label=_("Stap"), choices=VisitNote.Step.choices)
    text = forms.CharField(label=_("Notitie"), max_length=4000, widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        if steps is not None:
            labels = dict(VisitNote.Step.choices)
            self.fields["step"].choices = [(step, labels[step]) for step in steps]
            self.fields["step"].initial = steps[-1] if steps else None


class GapForm(Form):
    description = forms.CharField(
        label=_("Wat ontbreekt er in de buurt?"),
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_(
            "Dit gaat als signaal over de buurt naar het meldpunt, zonder gegevens van de "
            "inwoner. Noem dus geen naam of adres."
        ),
    )
