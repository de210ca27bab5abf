"""The support trajectory: one household, one plan, one coordinator.

A ``Case`` carries the household through the six method phases; around it
hang the conversation and its report, the instruments (self-reliance matrix,
personal profile, quality-of-life grid, options worksheet), the goals, the
versioned plan (*Plan van Aanpak*) with its ladder reasons, applications and
decisions, the logbook and the evaluations.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.cases import ladder, phases
from wijknet.core.models import Confidentiality, Team
from wijknet.people.models import Household, Person

USER = settings.AUTH_USER_MODEL


class LadderLevel(models.TextChoices):
    OWN = ladder.OWN, _("eigen kracht")
    NETWORK = ladder.NETWORK, _("sociaal netwerk")
    GENERAL = ladder.GENERAL, _("algemene voorziening")
    COLLECTIVE = ladder.COLLECTIVE, _("collectieve voorziening")
    INDIVIDUAL = ladder.INDIVIDUAL, _("individuele voorziening")


class ResultArea(models.TextChoices):
    SELF_RELIANCE = "self_reliance", _("zelfredzaamheid")
    PARTICIPATION = "participation", _("participatie")
    SOCIAL_COHESION = "social_cohesion", _("sociale samenhang")


class MatrixDomain(models.Model):
    """Reference data: a life domain of the self-reliance matrix (ZRM 2017
    by default, editable by beheer)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=80)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("domein zelfredzaamheidsmatrix")
        verbose_name_plural = _("domeinen zelfredzaamheidsmatrix")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CaseQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_cases(actor, self)

    def open(self):
        return self.filter(closed_at__isnull=True)


class Case(models.Model):
    class Phase(models.TextChoices):
        MEET = phases.MEET, _("ontmoeting en kennismaking")
        GATHER = phases.GATHER, _("informatie verzamelen, ordenen en analyseren")
        GOALS = phases.GOALS, _("doelen stellen")
        PLAN = phases.PLAN, _("plan maken")
        CARRY_OUT = phases.CARRY_OUT, _("plan uitvoeren")
        EVALUATE = phases.EVALUATE, _("monitoren, evalueren, bijstellen")

    class AccessStep(models.IntegerChoices):
        SIGNALLING = phases.SIGNALLING, _("signalering")
        FIRST_CONTACT = phases.FIRST_CONTACT, _("eerste contact")
        CONVERSATION = phases.CONVERSATION, _("gesprek")
        DRAFTING = phases.DRAFTING, _("opstellen plan")
        CHECKING = phases.CHECKING, _("toetsing plan")
        CARRYING_OUT = phases.CARRYING_OUT, _("uitvoering plan")
        MEASURING = phases.MEASURING, _("resultaten meting")

    class StartReason(models.TextChoices):
        SIGNAL = "signal", _("melding")
        WALK_IN = "walk_in", _("inloop")
        REFERRAL = "referral", _("verwijzing")
        SELF_REPORT = "self_report", _("eigen aanmelding")

    class CloseReason(models.TextChoices):
        GOALS_REACHED = "goals_reached", _("doelen bereikt")
        REFERRED = "referred", _("overgedragen aan andere hulp")
        REFUSED = "refused", _("inwoner ziet af van ondersteuning")
        MOVED = "moved", _("verhuisd")
        DECEASED = "deceased", _("overleden")
        OTHER = "other", _("anders")

    number = models.CharField(_("zaaknummer"), max_length=20, unique=True, editable=False)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="cases", verbose_name=_("huishouden")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    coordinator = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_cases",
        verbose_name=_("regiehouder"),
    )
    start_reason = models.CharField(_("aanleiding"), max_length=12, choices=StartReason.choices)
    start_note = models.CharField(_("toelichting aanleiding"), max_length=300, blank=True)
    signal = models.OneToOneField(
        "signals.Signal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("melding"),
    )
    phase = models.CharField(_("fase"), max_length=10, choices=Phase.choices, default=phases.MEET)
    access_step = models.PositiveSmallIntegerField(
        _("stap"), choices=AccessStep.choices, default=phases.FIRST_CONTACT
    )
    reported_on = models.DateField(_("gemeld op"), default=timezone.localdate)
    investigation_due = models.DateField(_("onderzoek afgerond uiterlijk"))
    investigation_done_on = models.DateField(_("onderzoek afgerond op"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("opgeschaald op"), null=True, blank=True)
    escalation_reason = models.TextField(_("reden opschaling"), max_length=2000, blank=True)
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    close_reason = models.CharField(
        _("reden afsluiten"), max_length=14, choices=CloseReason.choices, blank=True
    )
    close_note = models.CharField(_("toelichting afsluiten"), max_length=500, blank=True)
    aftercare_on = models.DateField(_("nazorg op"), null=True, blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ondersteuningstraject")
        verbose_name_plural = _("ondersteuningstrajecten")
        ordering = ["-opened_at", "-id"]
        constraints = [
            # One household, one plan: at most one open case per household.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(closed_at__isnull=True),
                name="case_one_open_per_household",
                violation_error_message=_("Dit huishouden heeft al een open traject."),
            ),
        ]
        indexes = [
            models.Index(fields=["team", "closed_at"], name="case_team_open"),
            models.Index(fields=["coordinator", "closed_at"], name="case_coordinator_open"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CaseEvent(models.Model):
    """The case's history: allocation, phase changes, consultation,
    escalation, closing and reopening. Never edited."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("geopend")
        ALLOCATED = "allocated", _("toegewezen")
        PHASE = "phase", _("fase gewijzigd")
        STEP = "step", _("stap bereikt")
        CONSULTATION = "consultation", _("consultatie gevraagd")
        ESCALATED = "escalated", _("opgeschaald")
        PLAN = "plan", _("plan gewijzigd")
        APPLICATION = "application", _("aanvraag gewijzigd")
        CLOSED = "closed", _("afgesloten")
        REOPENED = "reopened", _("heropend")
        REMINDER = "reminder", _("herinnering evaluatie")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    before = models.CharField(max_length=40, blank=True)
    after = models.CharField(max_length=40, blank=True)
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class Consultation(models.Model):
    """A team asks another team to think along (*consultatie*). The resident's
    consent to share is recorded with it; without it there is no request."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("team")
    )
    question = models.TextField(_("vraag"), max_length=2000)
    consent = models.ForeignKey(
        "people.Consent", on_delete=models.PROTECT, related_name="+", null=True
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("antwoord"), max_length=4000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.case} → {self.team}"


class LogEntry(models.Model):
    """The logbook of contacts and actions while the plan is carried out."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("contact")
        ACTION = "action", _("actie")

    class Channel(models.TextChoices):
        VISIT = "visit", _("huisbezoek")
        PHONE = "phone", _("telefoon")
        MESSAGE = "message", _("bericht / e-mail")
        MEETING = "meeting", _("overleg")
        OTHER = "other", _("anders")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="log")
    on = models.DateField(_("datum"), default=timezone.localdate)
    kind = models.CharField(_("soort"), max_length=8, choices=Kind.choices)
    channel = models.CharField(
        _("contactvorm"), max_length=8, choices=Channel.choices, default=Channel.VISIT
    )
    text = models.TextField(_("wat is er gebeurd"), max_length=4000)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.on:%d-%m-%Y}"


class Conversation(models.Model):
    """The conversation (*gesprek*, access step 3), held where the resident
    wants it (seed 002:1478)."""

    class Place(models.TextChoices):
        HOME = "home", _("thuis, aan de keukentafel")
        CAFE = "cafe", _("café of buurtplek")
        COMMUNITY_CENTRE = "community_centre", _("buurthuis")
        OFFICE = "office", _("kantoor wijkteam")
        PHONE = "phone", _("telefonisch of beeldbellen")
        OTHER = "other", _("elders")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conversations")
    held_on = models.DateField(_("datum gesprek"), default=timezone.localdate)
    place = models.CharField(_("plaats"), max_length=16, choices=Place.choices)
    place_detail = models.CharField(_("toelichting plaats"), max_length=120, blank=True)
    persons_present = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("aanwezige gezinsleden")
    )
    network_present = models.CharField(
        _("aanwezig uit het netwerk"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld 'dochter Anna, buurman Kees'."),
    )
    interpreter = models.CharField(
        _("tolk"), max_length=120, blank=True, help_text=_("Naam of taal, als er een tolk was.")
    )
    discussed = models.TextField(_("wat is besproken"), max_length=8000)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on:%d-%m-%Y}"


class Report(models.Model):
    """The conversation report (*verslag*): the support need and the agreed
    arrangement. Final only when both the professional and the resident
    agreed (seed 002:1188-1191)."""

    class ResidentAgreement(models.TextChoices):
        PAPER = "paper", _("op papier getekend")
        PORTAL = "portal", _("akkoord in het portaal")
        VERBAL = "verbal", _("mondeling, met getuige")

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="report"
    )
    support_need = models.TextField(_("ondersteuningsvraag"), max_length=8000)
    arrangement = models.TextField(_("afspraken"), max_length=8000)
    professional_agreed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    professional_agreed_at = models.DateTimeField(null=True, blank=True)
    resident_agreed_at = models.DateTimeField(null=True, blank=True)
    resident_agreement = models.CharField(
        _("akkoord inwoner"), max_length=8, choices=ResidentAgreement.choices, blank=True
    )
    witness = models.CharField(_("getuige"), max_length=120, blank=True)
    resident_comment = models.TextField(_("opmerking inwoner"), max_length=4000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.conversation}"

    @property
    def is_final(self) -> bool:
        return bool(self.professional_agreed_at and self.resident_agreed_at)


# --- Instruments ------------------------------------------------------------


class MatrixMeasurement(models.Model):
    """A self-reliance matrix snapshot of one person: the last 30 days."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measurements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    measured_on = models.DateField(_("datum meting"), default=timezone.localdate)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["measured_on", "id"]
        indexes = [models.Index(fields=["case", "measured_on"], name="matrix_case")]

    def __str__(self) -> str:
        return f"{self.case} {self.measured_on:%d-%m-%Y}"


class MatrixScore(models.Model):
    class Level(models.IntegerChoices):
        ACUTE = 1, _("acute problematiek")
        NOT = 2, _("niet zelfredzaam")
        LIMITED = 3, _("beperkt zelfredzaam")
        SUFFICIENT = 4, _("voldoende zelfredzaam")
        FULL = 5, _("volledig zelfredzaam")

    measurement = models.ForeignKey(
        MatrixMeasurement, on_delete=models.CASCADE, related_name="scores"
    )
    domain = models.ForeignKey(MatrixDomain, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("niveau"),
        choices=Level.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    target_level = models.PositiveSmallIntegerField(
        _("doelniveau"),
        choices=Level.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measurement", "domain"], name="matrix_score_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="matrix_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.level}"


class ProfileDomain(models.TextChoices):
    """The eight domains of the Persoonlijk Profiel (seed 002:1544-1601)."""

    HOUSING = "housing", _("wonen")
    WORK = "work", _("werken")
    LEARNING = "learning", _("leren / opleiding")
    LEISURE = "leisure", _("recreëren / vrije tijd")
    HEALTH = "health", _("gezondheid")
    SELF_CARE = "self_care", _("persoonlijke (zelf)zorg")
    SOCIAL = "social", _("sociale contacten")
    MEANING = "meaning", _("zingeving")


class PersonInstrument(models.Model):
    """What the filled-in instruments of one person on a case share."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    made_on = models.DateField(_("datum"), default=timezone.localdate)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        ordering = ["-made_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.made_on:%d-%m-%Y}"


class PersonalProfile(PersonInstrument):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="profiles")


class ProfileRow(models.Model):
    profile = models.ForeignKey(PersonalProfile, on_delete=models.CASCADE, related_name="rows")
    domain = models.CharField(_("domein"), max_length=10, choices=ProfileDomain.choices)
    current = models.TextField(
        _("huidige mogelijkheden en ervaringen"), max_length=2000, blank=True
    )
    wishes = models.TextField(_("wensen"), max_length=2000, blank=True)
    earlier = models.TextField(
        _("eerdere mogelijkheden en ervaringen"), max_length=2000, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "domain"], name="profile_row_once")
        ]

    def __str__(self) -> str:
        return self.get_domain_display()


class Wish(models.Model):
    """A wish from the profile, ranked: "Welke wensen zijn het belangrijkst?"."""

    profile = models.ForeignKey(PersonalProfile, on_delete=models.CASCADE, related_name="wishes")
    rank = models.PositiveSmallIntegerField(_("rangorde"))
    text = models.CharField(_("wens"), max_length=300)
    domain = models.CharField(_("domein"), max_length=10, choices=ProfileDomain.choices, blank=True)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [models.UniqueConstraint(fields=["profile", "rank"], name="wish_rank_once")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.text}"


class QualityDimension(models.TextChoices):
    """The eight dimensions of Kwaliteit van Bestaan (seed 002:810-893)."""

    EMOTIONAL = "emotional", _("emotioneel welbevinden")
    RELATIONS = "relations", _("interpersoonlijke relaties")
    MATERIAL = "material", _("materieel welbevinden")
    DEVELOPMENT = "development", _("persoonlijke ontplooiing")
    PHYSICAL = "physical", _("lichamelijk welbevinden")
    SELF_DETERMINATION = "self_determination", _("zelfbepaling")
    INCLUSION = "inclusion", _("sociale inclusie")
    RIGHTS = "rights", _("rechten")


class QualityGrid(PersonInstrument):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="quality_grids")


class QualityRow(models.Model):
    grid = models.ForeignKey(QualityGrid, on_delete=models.CASCADE, related_name="rows")
    dimension = models.CharField(_("dimensie"), max_length=20, choices=QualityDimension.choices)
    obstacles = models.TextField(_("ervaren belemmeringen"), max_length=2000, blank=True)
    wishes = models.TextField(_("wensen"), max_length=2000, blank=True)
    needed_support = models.TextField(
        _("benodigde ondersteuning en middelen"), max_length=2000, blank=True
    )
    present_support = models.TextField(
        _("aanwezige ondersteuning en middelen"), max_length=2000, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grid", "dimension"], name="quality_row_once")
        ]

    def __str__(self) -> str:
        return self.get_dimension_display()


# --- Goals and the plan -----------------------------------------------------


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

    def has_individual_step(self) -> bool:
        """Whether a step is at the individual level: what an application
        for a Wmo provision is drawn up from."""
        return PlanStep.objects.filter(
            plan_goal__version=self, ladder_level=ladder.INDIVIDUAL
        ).exists()


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
        return {
            ladder.OWN: self.reason_own,
            ladder.NETWORK: self.reason_network,
            ladder.GENERAL: self.reason_general,
            ladder.COLLECTIVE: self.reason_collective,
        }


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


# --- Application and decision ----------------------------------------------


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_applications(actor, self)


class Application(models.Model):
    """An application (*aanvraag*) for an individual provision, with the
    seven elements of seed 002:1768-1796."""

    class Form(models.TextChoices):
        IN_KIND = "in_kind", _("in natura")
        PGB = "pgb", _("persoonsgebonden budget (pgb)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        SUBMITTED = "submitted", _("ingediend")
        DECIDED = "decided", _("besloten")
        WITHDRAWN = "withdrawn", _("ingetrokken")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="applications")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("aanvrager")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    provision = models.CharField(_("gevraagde voorziening"), max_length=200)
    problems = models.TextField(_("de problemen"), max_length=4000, blank=True)
    analysis = models.TextField(_("probleemanalyse"), max_length=4000, blank=True)
    direction = models.TextField(
        _("gekozen oplossingsrichting en waarom"), max_length=4000, blank=True
    )
    intended_results = models.TextField(_("beoogde resultaten"), max_length=4000, blank=True)
    measures = models.TextField(_("gekozen maatregelen en waarom"), max_length=4000, blank=True)
    form = models.CharField(_("vorm"), max_length=8, choices=Form.choices, blank=True)
    new_solution = models.TextField(_("eventueel nieuwe oplossing"), max_length=4000, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(_("ingediend op"), null=True, blank=True)
    decision_due = models.DateField(_("beslissen uiterlijk"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "decision_due"], name="application_queue")]

    def __str__(self) -> str:
        return f"{self.case} · {self.provision}"


class Decision(models.Model):
    """The assessor's decision (*beschikking*)."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("toegekend")
        PARTLY = "partly", _("gedeeltelijk toegekend")
        REFUSED = "refused", _("afgewezen")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    assessor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("besloten op"), default=timezone.localdate)
    outcome = models.CharField(_("besluit"), max_length=8, choices=Outcome.choices)
    reasons = models.TextField(_("motivering"), max_length=8000)
    provision = models.CharField(_("voorziening"), max_length=200, blank=True)
    volume = models.CharField(
        _("omvang"), max_length=120, blank=True, help_text=_("Bijvoorbeeld '3 uur per week'.")
    )
    period_start = models.DateField(_("ingangsdatum"), null=True, blank=True)
    period_end = models.DateField(_("einddatum"), null=True, blank=True)
    own_contribution = models.CharField(_("eigen bijdrage"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("beschikking")
        verbose_name_plural = _("beschikkingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="decision_period_order",
                violation_error_message=_("De einddatum ligt voor de ingangsdatum."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.outcome}"


class Objection(models.Model):
    """An objection (*bezwaar*) against a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField(_("ontvangen op"), default=timezone.localdate)
    grounds = models.TextField(_("gronden van het bezwaar"), max_length=8000)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.decision} {self.received_on:%d-%m-%Y}"


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
