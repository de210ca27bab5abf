import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.core.models import Confidentiality, Neighbourhood, Organisation, Team
from wijknet.core.validators import format_postcode
from wijknet.people.models import Household, Person
from wijknet.signals import urgency, workflow


def new_reporter_token() -> str:
    return secrets.token_urlsafe(24)


class UrgencyBand(models.Model):
    """Reference data: a band of urgency totals with its two actions, one on
    the signal and one towards the reporter (seed 002:3990-4003)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    label = models.CharField(_("naam"), max_length=80)
    min_score = models.PositiveSmallIntegerField(_("vanaf score"))
    max_score = models.PositiveSmallIntegerField(_("tot en met score"))
    signal_action = models.CharField(_("actie melding"), max_length=200)
    reporter_action = models.CharField(_("actie melder"), max_length=200)
    feedback_required = models.BooleanField(_("terugkoppeling aan de melder"), default=False)
    urgent_consultation = models.BooleanField(_("naar spoedberaad"), default=False)
    deadline_working_days = models.PositiveSmallIntegerField(_("termijn (werkdagen)"))

    class Meta:
        verbose_name = _("urgentieband")
        verbose_name_plural = _("urgentiebanden")
        ordering = ["min_score"]

    def __str__(self) -> str:
        return f"{self.label} ({self.min_score}-{self.max_score})"

    @property
    def rule(self) -> urgency.BandRule:
        return urgency.BandRule(self.code, self.min_score, self.max_score)


class SignalQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_signals(actor, self)


class Signal(models.Model):
    class Channel(models.TextChoices):
        PUBLIC_FORM = "public_form", _("webformulier inwoners")
        PARTNER_FORM = "partner_form", _("formulier ketenpartners")
        PHONE = "phone", _("telefoon")
        EMAIL = "email", _("e-mail")
        WALK_IN = "walk_in", _("inloop / balie")
        API = "api", _("koppeling (API)")

    class ReporterType(models.TextChoices):
        RESIDENT = "resident", _("inwoner / buurtbewoner")
        INFORMAL_CARER = "informal_carer", _("mantelzorger")
        VOLUNTEER = "volunteer", _("vrijwilliger")
        PROFESSIONAL = "professional", _("professional")
        POLICE = "police", _("politie")
        HOUSING = "housing", _("woningcorporatie")
        GP = "gp", _("huisarts")
        OTHER = "other", _("anders")

    class Level(models.TextChoices):
        MICRO = "micro", _("micro: één inwoner of huishouden")
        MESO = "meso", _("meso: een groep of buurt")
        MACRO = "macro", _("macro: bevolkingsgroep of regio")

    class SubjectInformed(models.TextChoices):
        YES = "yes", _("ja, de betrokkene weet ervan")
        NO = "no", _("nee")
        UNKNOWN = "unknown", _("weet ik niet")

    class Extent(models.TextChoices):
        INDIVIDUAL = "individual", _("één persoon")
        SEVERAL = "several", _("meer personen")
        MINOR = "minor", _("perso(o)n(en) jonger dan 18")
        OVER_75 = "over_75", _("perso(o)n(en) ouder dan 75")

    class Duration(models.TextChoices):
        INCIDENTAL = "incidental", _("incidenteel")
        STRUCTURAL_SHORT = "structural_short", _("structureel, korter dan een half jaar")
        STRUCTURAL_LONG = "structural_long", _("structureel, langer dan een half jaar")

    class Status(models.TextChoices):
        NOTICE = workflow.NOTICE, _("opgemerkt")
        ASSESS = workflow.ASSESS, _("beoordelen")
        ANALYSE = workflow.ANALYSE, _("analyseren")
        DECIDE = workflow.DECIDE, _("beslissen")
        ACT = workflow.ACT, _("uitvoeren")
        EVALUATE = workflow.EVALUATE, _("evalueren")
        CLOSED = workflow.CLOSED, _("afgesloten")
        CONVERTED = workflow.CONVERTED, _("omgezet in ondersteuningstraject")

    class IsolationType(models.IntegerChoices):
        # Machielse & Hortulanus, seed 002:4235-4405
        LONELY = 1, _("1: eenzaamheid, dreigend isolement")
        SITUATIONAL = 2, _("2: situationeel isolement, één probleem")
        STRUCTURAL = 3, _("3: structureel isolement, meervoudige problemen")
        PSYCHIATRIC = 4, _("4: structureel isolement met (psycho)geriatrische problematiek")

    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True, db_index=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )

    reporter_type = models.CharField(_("soort melder"), max_length=20, choices=ReporterType.choices)
    reporter_name = models.CharField(_("naam melder"), max_length=120, blank=True)
    reporter_email = models.EmailField(_("e-mail melder"), blank=True)
    reporter_phone = models.CharField(_("telefoon melder"), max_length=20, blank=True)
    reporter_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie melder"),
    )
    reporter_token = models.CharField(max_length=40, unique=True, default=new_reporter_token)

    subject_person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    subject_household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    subject_description = models.CharField(
        _("over wie"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld 'oudere buurvrouw op nummer 12'. Mag leeg blijven."),
    )
    subject_street = models.CharField(_("straat"), max_length=120, blank=True)
    subject_house_number = models.CharField(_("huisnummer"), max_length=10, blank=True)
    subject_postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_informed = models.CharField(
        _("weet de betrokkene van deze melding?"),
        max_length=10,
        choices=SubjectInformed.choices,
        default=SubjectInformed.UNKNOWN,
    )
    description = models.TextField(
        _("wat is er aan de hand?"), max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    level = models.CharField(
        _("niveau"), max_length=5, choices=Level.choices, default=Level.MICRO, db_index=True
    )
    risk_flags = models.JSONField(_("risicogroepen"), default=list, blank=True)
    isolation_type = models.PositiveSmallIntegerField(
        _("type isolement"), choices=IsolationType.choices, null=True, blank=True
    )

    nature_safety = models.PositiveSmallIntegerField(
        _("aard: veiligheid"), null=True, blank=True, validators=[MaxValueValidator(2)]
    )
    nature_health = models.PositiveSmallIntegerField(
        _("aard: gezondheid"), null=True, blank=True, validators=[MaxValueValidator(2)]
    )
    nature_welfare = models.PositiveSmallIntegerField(
        _("aard: welzijn"), null=True, blank=True, validators=[MaxValueValidator(2)]
    )
    extent = models.CharField(_("omvang"), max_length=10, choices=Extent.choices, blank=True)
    duration = models.CharField(_("duur"), max_length=20, choices=Duration.choices, blank=True)
    urgency_score = models.PositiveSmallIntegerField(_("urgentiescore"), null=True, blank=True)
    computed_band = models.ForeignKey(
        UrgencyBand, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    band = models.ForeignKey(
        UrgencyBand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("urgentieband"),
    )
    override_reason = models.CharField(_("reden afwijkende band"), max_length=500, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOTICE
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("team"),
    )
    deadline = models.DateField(_("uiterlijk opgepakt op"), null=True, blank=True)
    urgent_consultation_at = models.DateTimeField(_("naar spoedberaad op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    pseudonymised_at = models.DateTimeField(_("gepseudonimiseerd op"), null=True, blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            models.Index(fields=["team", "status", "-id"], name="signal_queue"),
            models.Index(fields=["status", "deadline"], name="signal_deadline"),
            models.Index(fields=["closed_at"], name="signal_closed"),
        ]

    def __str__(self) -> str:
        return f"Melding {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in workflow.FINAL

    @property
    def isolation_route(self) -> str:
        return ISOLATION_ROUTES.get(self.isolation_type, "")

    @property
    def risk_flag_labels(self) -> list[str]:
        return [RiskGroup(flag).label for flag in self.risk_flags if flag in RiskGroup.values]

    @property
    def subject_postcode_display(self) -> str:
        return format_postcode(self.subject_postcode)

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.deadline and self.deadline < timezone.localdate())


# The suggested route per isolation type (seed 002:4235-4405).
ISOLATION_ROUTES = {
    1: _("Kort: groepsaanbod, een vrijwilliger, koppelen aan een lotgenoot."),
    2: _("Kort en intensief: individuele begeleiding, doorverwijzen."),
    3: _("Lang, niet intensief: praktische hulp, een oogje in het zeil; geen vrijwilliger."),
    4: _("Lang en intensief: specialistische hulp, een professioneel vangnet."),
}


class RiskGroup(models.TextChoices):
    """Risk groups the report point asks about (seed 002:4465)."""

    LIVING_ALONE = "living_alone", _("woont alleen")
    HEALTH_LOSS = "health_loss", _("verlies van gezondheid")
    PSYCHOSOCIAL = "psychosocial", _("psychosociale problemen")
    LOW_INCOME = "low_income", _("laag inkomen")
    AGE_80_PLUS = "age_80_plus", _("80 jaar of ouder")
    CHILDREN = "children", _("er zijn kinderen bij betrokken")


class SignalEvent(models.Model):
    """The history of a signal: every status change, band override, routing,
    IAO given and feedback sent, with who did it."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("ontvangen")
        TRIAGED = "triaged", _("urgentie bepaald")
        OVERRIDE = "override", _("band aangepast")
        ROUTED = "routed", _("toegewezen")
        STATUS = "status", _("status gewijzigd")
        URGENT = "urgent", _("naar spoedberaad")
        IAO = "iao", _("informatie, advies en ondersteuning gegeven")
        FEEDBACK = "feedback", _("terugkoppeling aan melder")
        PSEUDONYMISED = "pseudonymised", _("gepseudonimiseerd")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.kind}"
