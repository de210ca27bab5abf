"""The trajectory itself: the case, its history, consultation of another
team, the logbook, and the conversation with its report (access steps 1-3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.cases import phases
from wijknet.core import deadlines
from wijknet.core.models import Confidentiality, Team
from wijknet.people.models import Household, Person

USER = settings.AUTH_USER_MODEL


class CaseQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_cases(actor, self)

    def open(self):
        return self.filter(closed_at__isnull=True)

    def investigation_overdue(self, today=None):
        """Cases whose investigation ran past its legal term without being
        done: the list form of ``Case.investigation_overdue``."""
        today = today or timezone.localdate()
        return self.filter(investigation_due__lt=today, investigation_done_on__isnull=True)


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

    @property
    def investigation_overdue(self) -> bool:
        """The investigation's legal term ran out before the first report
        both sides agreed to (``CaseQuerySet.investigation_overdue``)."""
        return deadlines.is_overdue(
            self.investigation_due,
            timezone.localdate(),
            done=self.investigation_done_on is not None,
        )


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
