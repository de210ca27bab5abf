from django import forms
from django.utils.translation import gettext_lazy as _

from wijknet.cases import phases
from wijknet.cases.models import (
    Application,
    Case,
    Conversation,
    Decision,
    Evaluation,
    Goal,
    LogEntry,
    MatrixDomain,
    PlanStep,
    PlanVersion,
    Report,
    Wish,
)
from wijknet.cases.services import applications
from wijknet.cases.services.plan import STEP_FIELDS
from wijknet.core.forms import Form, ModelForm
from wijknet.core.ladder import REASON_FIELDS
from wijknet.core.models import Role, Team, User
from wijknet.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 3}


class OpenCaseForm(Form):
    start_reason = forms.ChoiceField(
        label=_("Aanleiding"),
        choices=[
            (v, label) for v, label in Case.StartReason.choices if v != Case.StartReason.SIGNAL
        ],
    )
    start_note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)
    reported_on = forms.DateField(
        label=_("Gemeld op"),
        widget=DATE,
        help_text=_("Vanaf deze datum loopt de onderzoekstermijn."),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=teams)
        if len(teams) == 1:
            self.fields["team"].initial = teams[0]


class AllocateForm(Form):
    coordinator = forms.ModelChoiceField(label=_("Regiehouder"), queryset=User.objects.none())

    def __init__(self, *args, team_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = (
            User.objects.filter(
                is_active=True,
                role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD],
                memberships__team_id=team_id,
            )
            .distinct()
            .order_by("last_name", "first_name")
        )


class PhaseForm(Form):
    to_phase = forms.ChoiceField(label=_("Naar fase"))
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Verplicht als het traject een fase teruggaat."),
    )

    def __init__(self, *args, phase=phases.MEET, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Case.Phase.choices)
        self.fields["to_phase"].choices = [(p, labels[p]) for p in phases.allowed_from(phase)]


class ConsultationForm(Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all())
    question = forms.CharField(label=_("Vraag"), max_length=2000, widget=forms.Textarea(attrs=TEXT))
    consent_given = forms.BooleanField(
        label=_("De inwoner geeft toestemming om gegevens met dit team te delen"), required=False
    )


class AnswerForm(Form):
    """The consulted team's answer. An empty answer is the service's to
    refuse, with its own message."""

    answer = forms.CharField(
        label=_("Antwoord"), max_length=4000, required=False, widget=forms.Textarea(attrs=TEXT)
    )


class EscalateForm(Form):
    reason = forms.CharField(
        label=_("Reden van opschaling"), max_length=2000, widget=forms.Textarea(attrs=TEXT)
    )


class CloseForm(Form):
    reason = forms.ChoiceField(label=_("Reden"), choices=Case.CloseReason.choices)
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)
    aftercare_on = forms.DateField(label=_("Nazorg op"), widget=DATE)


class ReopenForm(Form):
    note = forms.CharField(label=_("Waarom gaat het traject weer open?"), max_length=2000)


class ConversationForm(ModelForm):
    class Meta:
        model = Conversation
        fields = [
            "held_on",
            "place",
            "place_detail",
            "persons_present",
            "network_present",
            "interpreter",
            "discussed",
        ]
        labels = {"place": _("Gespreksplek")}
        widgets = {
            "held_on": DATE,
            "persons_present": forms.CheckboxSelectMultiple,
            "discussed": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons_present"].queryset = Person.objects.filter(
            membership__household_id=case.household_id
        ).order_by("date_of_birth")
        self.fields["persons_present"].label_from_instance = lambda p: p.first_name


class ReportForm(ModelForm):
    class Meta:
        model = Report
        fields = ["support_need", "arrangement"]
        widgets = {
            "support_need": forms.Textarea(attrs=TEXT),
            "arrangement": forms.Textarea(attrs=TEXT),
        }


class ResidentAgreementForm(Form):
    how = forms.ChoiceField(
        label=_("Hoe gaf de inwoner akkoord?"),
        choices=[
            (v, label)
            for v, label in Report.ResidentAgreement.choices
            if v != Report.ResidentAgreement.PORTAL
        ],
    )
    witness = forms.CharField(label=_("Getuige"), max_length=120, required=False)
    comment = forms.CharField(
        label=_("Opmerking van de inwoner"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )


class PortalAgreementForm(Form):
    comment = forms.CharField(
        label=_("Uw opmerking (mag leeg blijven)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )


class GoalForm(ModelForm):
    # An edit names the goal's revision it was opened on (services.save_goal).
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Goal
        fields = [
            "title",
            "wish",
            "preferences",
            "result_area",
            "life_domain",
            "matrix_domain",
            "target_level",
        ]
        widgets = {"preferences": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wish"].queryset = Wish.objects.filter(profile__case=case).order_by(
            "-profile__made_on", "rank"
        )
        self.fields["matrix_domain"].queryset = MatrixDomain.objects.filter(active=True)


class RevisionForm(Form):
    """Every change to a plan names the revision it was made on."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class PlanHeaderForm(RevisionForm, ModelForm):
    class Meta:
        model = PlanVersion
        fields = ["drawn_up_on", "evaluation_on", "aids", "providers", "funding"]
        widgets = {
            "drawn_up_on": DATE,
            "evaluation_on": DATE,
            "aids": forms.Textarea(attrs=TEXT),
            "providers": forms.Textarea(attrs=TEXT),
            "funding": forms.Textarea(attrs=TEXT),
        }


class PlanGoalForm(RevisionForm):
    goal = forms.ModelChoiceField(label=_("Doel"), queryset=Goal.objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = case.goals.filter(reached_on__isnull=True)


class ReasonsForm(RevisionForm):
    reason_own = forms.CharField(
        label=_("Eigen kracht"), required=False, max_length=2000, widget=forms.Textarea(attrs=TEXT)
    )
    reason_network = forms.CharField(
        label=_("Sociaal netwerk"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
    )
    reason_general = forms.CharField(
        label=_("Algemene voorziening"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
    )
    reason_collective = forms.CharField(
        label=_("Collectieve voorziening"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
    )

    def reasons(self) -> dict[str, str]:
        """The reasons by ladder level; the fields are named as the plan
        goal's (``core.ladder.REASON_FIELDS``, the one mapping)."""
        return {level: self.cleaned_data[name] for level, name in REASON_FIELDS.items()}


class StepForm(RevisionForm, ModelForm):
    class Meta:
        model = PlanStep
        # What the service saves of a step, but for its place in the goal.
        fields = [name for name in STEP_FIELDS if name != "order"]
        widgets = {
            "own_action": forms.Textarea(attrs={"rows": 2}),
            "others_action": forms.Textarea(attrs={"rows": 2}),
            "professional_help": forms.Textarea(attrs={"rows": 2}),
            "wmo_claim": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, services=(), ties=(), matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        from wijknet.kaart.models import Service
        from wijknet.people.models import NetworkTie
        from wijknet.volunteers.models import Match
        from wijknet.volunteers.templatetags.volunteers import volunteer_name

        ids = [service.pk for service in services]
        if self.instance.service_id:
            ids.append(self.instance.service_id)
        self.fields["service"].queryset = Service.objects.filter(pk__in=ids).order_by("name")
        self.fields["service"].help_text = _(
            "Zoek hierboven op de sociale kaart om aanbod te kunnen kiezen."
        )
        # Only the current ties of the household's members: a tie of another
        # household is not a valid choice.
        tie_ids = [tie.pk for tie in ties]
        self.fields["network_tie"].queryset = (
            NetworkTie.objects.filter(pk__in=tie_ids)
            .select_related("person")
            .order_by("person__first_name", "name", "id")
        )
        self.fields["network_tie"].label_from_instance = lambda tie: (
            _("%(name)s (%(relation)s), netwerk van %(person)s")
            % {"name": tie.name, "relation": tie.relation, "person": tie.person.first_name}
        )
        # Only the proposed and running matches of the household's members
        # (``volunteers.selectors.household_matches``); a step keeps its own.
        names = {match.pk: volunteer_name(match.volunteer) for match in matches}
        match_ids = list(names)
        if self.instance.volunteer_match_id:
            match_ids.append(self.instance.volunteer_match_id)
        self.fields["volunteer_match"].queryset = Match.objects.filter(
            pk__in=match_ids
        ).select_related("request__person", "volunteer")
        self.fields["volunteer_match"].label_from_instance = lambda match: (
            _("%(volunteer)s (%(profile)s, %(status)s), vrijwilliger van %(person)s")
            % {
                "volunteer": names.get(match.pk) or match.volunteer.short_name,
                "profile": match.request.get_profile_display(),
                "status": match.get_status_display(),
                "person": match.request.person.first_name,
            }
        )


class LogEntryForm(ModelForm):
    class Meta:
        model = LogEntry
        fields = ["on", "kind", "channel", "text"]
        widgets = {"on": DATE, "text": forms.Textarea(attrs=TEXT)}


class EvaluationForm(ModelForm):
    next_evaluation_on = forms.DateField(label=_("Volgende evaluatie op"), widget=DATE)

    class Meta:
        model = Evaluation
        fields = [
            "held_on",
            "relationship_ok",
            "relationship_note",
            "activities_ok",
            "activities_note",
            "phase_fit_ok",
            "phase_fit_note",
            "went_well",
            "learned",
            "adjustments",
        ]
        widgets = {
            "held_on": DATE,
            "relationship_note": forms.Textarea(attrs={"rows": 2}),
            "activities_note": forms.Textarea(attrs={"rows": 2}),
            "phase_fit_note": forms.Textarea(attrs={"rows": 2}),
            "went_well": forms.Textarea(attrs=TEXT),
            "learned": forms.Textarea(attrs=TEXT),
            "adjustments": forms.Textarea(attrs=TEXT),
        }


class CommentForm(Form):
    text = forms.CharField(
        label=_("Uw opmerking bij het plan"), max_length=4000, widget=forms.Textarea(attrs=TEXT)
    )


# --- Applications and decisions ----------------------------------------------


class ApplicationForm(ModelForm):
    class Meta:
        model = Application
        fields = ["applicant", "provision", *(name for name, _label in applications.ELEMENTS)]
        labels = {
            "applicant": _("Aanvrager"),
            "provision": _("Gevraagde voorziening"),
            "problems": _("1. De problemen"),
            "analysis": _("2. Probleemanalyse"),
            "direction": _("3. Gekozen oplossingsrichting en waarom"),
            "intended_results": _("4. Beoogde resultaten"),
            "measures": _("5. Gekozen maatregelen en waarom"),
            "form": _("6. Vorm"),
            "new_solution": _("7. Eventueel nieuwe oplossing (niet verplicht)"),
        }
        widgets = {
            "problems": forms.Textarea(attrs={"rows": 4}),
            "analysis": forms.Textarea(attrs={"rows": 4}),
            "direction": forms.Textarea(attrs={"rows": 6}),
            "intended_results": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 4}),
            "form": forms.RadioSelect,
            "new_solution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        applicant = self.fields["applicant"]
        applicant.queryset = Person.objects.filter(
            membership__household_id=case.household_id
        ).order_by("membership__id")
        applicant.label_from_instance = lambda person: person.full_name
        self.fields["form"].choices = Application.Form.choices


class DecisionForm(Form):
    outcome = forms.ChoiceField(
        label=_("Besluit"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Motivering"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Schrijf in gewone taal: de inwoner leest dit in de beschikking."),
    )
    provision = forms.CharField(label=_("Voorziening"), required=False, max_length=200)
    volume = forms.CharField(
        label=_("Omvang"),
        required=False,
        max_length=120,
        help_text=_("Bijvoorbeeld '3 uur per week'."),
    )
    period_start = forms.DateField(label=_("Ingangsdatum"), required=False, widget=DATE)
    period_end = forms.DateField(
        label=_("Einddatum"),
        required=False,
        widget=DATE,
        help_text=_("Leeg laten als de voorziening geen einddatum heeft."),
    )
    own_contribution = forms.CharField(
        label=_("Eigen bijdrage"),
        required=False,
        max_length=120,
        help_text=_("Alleen voor aanvragers van 18 jaar en ouder. Leeg: geen."),
    )


class ObjectionForm(Form):
    received_on = forms.DateField(label=_("Ontvangen op"), required=False, widget=DATE)
    grounds = forms.CharField(
        label=_("Gronden van het bezwaar"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
