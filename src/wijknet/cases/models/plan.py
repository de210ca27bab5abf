"""Goals and the plan: the goals with their options worksheet, the
versioned Plan van Aanpak with its goals, ladder reasons and steps, the
resident's comments, and the evaluation that starts the next version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.cases.models.instruments import MatrixDomain, MatrixScore, Wish
from wijknet.cases.models.trajectory import Case
from wijknet.core import deadlines, ladder
from wijknet.core.models import LadderLevel

USER = settings.AUTH_USER_MODEL


class ResultArea(models.TextChoices):
    SELF_RELIANCE = "self_reliance", _("zelfredzaamheid")
    PARTICIPATION = "participation", _("participatie")
    SOCIAL_COHESION = "social_cohesion", _("sociale samenhang")


class Goal(models.Model):
    """One goal per prioritised wish: the intended result, with the client's
    personal preferences (seed 002:1628-1639)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    wish = models.ForeignKey(
        Wish,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("wens"),
    )
    title = models.CharField(_("te bereiken resultaat"), max_length=300)
    preferences = models.TextField(_("persoonlijke voorkeuren"), max_length=2000, blank=True)
    result_area = models.CharField(_("resultaatgebied"), max_length=16, choices=ResultArea.choices)
    life_domain = models.ForeignKey(
        "kaart.LifeDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("levensdomein"),
    )
    matrix_domain = models.ForeignKey(
        MatrixDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("domein zelfredzaamheidsmatrix"),
    )
    target_level = models.PositiveSmallIntegerField(
        _("doelniveau op de matrix"),
        choices=MatrixScore.Level.choices,
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    reached_on = models.DateField(_("bereikt op"), null=True, blank=True)
    # The optimistic lock, as on PlanVersion: an edit names the revision
    # it was made on and loses if someone else's edit came first.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class OptionsWorksheet(models.Model):
    """Werkblad Opties (seed 002:1669-1692): options for one goal."""

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="worksheet")
    made_on = models.DateField(_("datum"), default=timezone.localdate)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.goal}"


class Option(models.Model):
    class Choice(models.TextChoices):
        BEST = "best", _("beste keuze")
        SECOND = "second", _("tweede keuze")

    worksheet = models.ForeignKey(
        OptionsWorksheet, on_delete=models.CASCADE, related_name="options"
    )
    description = models.CharField(_("optie"), max_length=300)
    pros = models.TextField(_("voordelen"), max_length=2000, blank=True)
    cons = models.TextField(_("nadelen"), max_length=2000, blank=True)
    choice = models.CharField(_("keuze"), max_length=6, choices=Choice.choices, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worksheet", "choice"],
                condition=~Q(choice=""),
                name="option_choice_once",
                violation_error_message=_("Er is maar één beste en één tweede keuze."),
            )
        ]

    def __str__(self) -> str:
        return self.description


class PlanVersion(models.Model):
    """One version of the household's Plan van Aanpak (seed 002:1697-1753).

    The newest version is the one being worked on while it is a draft; once
    set (*vastgesteld*) it is what the resident sees and comments on, and a
    change starts a new draft. ``revision`` is the optimistic lock: every
    change names the revision it was made on, and loses if someone else's
    change came first."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        SET = "set", _("vastgesteld")
        SUPERSEDED = "superseded", _("vervangen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveSmallIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    drawn_up_on = models.DateField(_("opgesteld op"), default=timezone.localdate)
    evaluation_on = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    aids = models.TextField(
        _("benodigde hulpmiddelen of voorzieningen"), max_length=2000, blank=True
    )
    providers = models.TextField(_("aanbieders"), max_length=2000, blank=True)
    funding = models.TextField(_("wie betaalt wat"), max_length=2000, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    set_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_version_once"),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="draft"),
                name="plan_one_draft",
                violation_error_message=_("Dit plan heeft al een conceptversie."),
            ),
        ]
        # The due lists start from someone's open cases, then their set plans.
        indexes = [models.Index(fields=["case", "status", "evaluation_on"], name="plan_case_due")]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def evaluation_overdue(self) -> bool:
        """The evaluation date has passed: for a set version not yet
        evaluated, what the due lists hold, the evaluation is late."""
        return deadlines.is_overdue(self.evaluation_on, timezone.localdate())

    def individual_steps(self):
        """The steps of this version at the individual level, the ones an
        application asks for."""
        return PlanStep.objects.individual().filter(plan_goal__version=self)

    def has_individual_step(self) -> bool:
        """Whether this version puts a step on the individual ring: then it
        is checked by the municipality and an application can follow."""
        return self.individual_steps().exists()


class PlanGoal(models.Model):
    """A goal as part of one plan version, with the ladder reasons: why each
    inner ring falls short (needed before an individual step).

    Setting the version copies the goal's wording onto it (``goal_title``,
    ``goal_preferences``, ``goal_result_area``): a set or older version
    keeps the words the resident agreed to, however the goal is edited
    later. A draft has no copy and shows the goal as it now is."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="plan_goals")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="+")
    goal_title = models.CharField(_("te bereiken resultaat"), max_length=300, blank=True)
    goal_preferences = models.TextField(_("persoonlijke voorkeuren"), max_length=2000, blank=True)
    goal_result_area = models.CharField(
        _("resultaatgebied"), max_length=16, choices=ResultArea.choices, blank=True
    )
    reason_own = models.TextField(
        _("waarom eigen kracht niet volstaat"), max_length=2000, blank=True
    )
    reason_network = models.TextField(
        _("waarom het netwerk niet volstaat"), max_length=2000, blank=True
    )
    reason_general = models.TextField(
        _("waarom een algemene voorziening niet volstaat"), max_length=2000, blank=True
    )
    reason_collective = models.TextField(
        _("waarom een collectieve voorziening niet volstaat"), max_length=2000, blank=True
    )

    class Meta:
        ordering = ["goal__order", "goal_id"]
        constraints = [models.UniqueConstraint(fields=["version", "goal"], name="plan_goal_once")]

    def __str__(self) -> str:
        return f"{self.version} · {self.goal}"

    @property
    def is_snapshot(self) -> bool:
        # A goal's title is never blank, so a blank copy means "not set yet".
        return bool(self.goal_title)

    def take_snapshot(self) -> None:
        """Copy the goal's wording as it is now (when the version is set)."""
        self.goal_title = self.goal.title
        self.goal_preferences = self.goal.preferences
        self.goal_result_area = self.goal.result_area

    @property
    def title(self) -> str:
        return self.goal_title if self.is_snapshot else self.goal.title

    @property
    def preferences(self) -> str:
        return self.goal_preferences if self.is_snapshot else self.goal.preferences

    @property
    def result_area(self) -> str:
        return self.goal_result_area if self.is_snapshot else self.goal.result_area

    def get_result_area_display(self) -> str:
        return str(ResultArea(self.result_area).label) if self.result_area else ""

    @property
    def reasons(self) -> dict[str, str]:
        return {level: getattr(self, name) for level, name in ladder.REASON_FIELDS.items()}

    @property
    def has_reasons(self) -> bool:
        """Whether any inner ring's reason is written down: the plan and the
        application show the reasons only then."""
        return any(self.reasons.values())


class PlanStepQuerySet(models.QuerySet):
    def individual(self):
        return self.filter(ladder_level=ladder.INDIVIDUAL)


class PlanStep(models.Model):
    """A concrete step: what the person does, what others do, what
    professional help is needed, what is claimed under the Wmo."""

    plan_goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    ladder_level = models.CharField(_("trede"), max_length=10, choices=LadderLevel.choices)
    own_action = models.TextField(_("wat doet de inwoner zelf"), max_length=2000, blank=True)
    others_action = models.TextField(
        _("wat doen anderen (netwerk, vrijwilligers)"), max_length=2000, blank=True
    )
    professional_help = models.TextField(
        _("welke professionele hulp is nodig"), max_length=2000, blank=True
    )
    wmo_claim = models.TextField(_("wat wordt via de Wmo geregeld"), max_length=2000, blank=True)
    service = models.ForeignKey(
        "kaart.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        verbose_name=_("aanbod op de sociale kaart"),
    )
    # "What others do" can name a tie from the network map or a volunteer match.
    network_tie = models.ForeignKey(
        "people.NetworkTie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        verbose_name=_("iemand uit het netwerk"),
    )
    volunteer_match = models.ForeignKey(
        "volunteers.Match",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        verbose_name=_("koppeling met een vrijwilliger"),
    )
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)

    objects = PlanStepQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.plan_goal} · {self.ladder_level}"


class PlanComment(models.Model):
    """The resident's comment on a set plan version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("opmerking"), max_length=4000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.version} {self.at:%d-%m-%Y}"


# --- Evaluation -------------------------------------------------------------


class Evaluation(models.Model):
    """An evaluation conversation with the three checks of seed
    002:1814-1823; it starts the next plan version."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("datum"), default=timezone.localdate)
    relationship_ok = models.BooleanField(_("de relatie is goed op weg"))
    relationship_note = models.TextField(_("toelichting relatie"), max_length=2000, blank=True)
    activities_ok = models.BooleanField(_("de activiteiten van deze fase lopen goed"))
    activities_note = models.TextField(_("toelichting activiteiten"), max_length=2000, blank=True)
    phase_fit_ok = models.BooleanField(_("de fasen volgen logisch op elkaar"))
    phase_fit_note = models.TextField(_("toelichting fasen"), max_length=2000, blank=True)
    went_well = models.TextField(_("wat ging goed"), max_length=4000)
    learned = models.TextField(_("wat is geleerd"), max_length=4000, blank=True)
    adjustments = models.TextField(_("bijstellingen"), max_length=4000, blank=True)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    new_version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on:%d-%m-%Y}"
