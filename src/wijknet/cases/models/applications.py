"""Applications (*aanvragen*) for an individual provision, the assessor's
decision (*beschikking*) and objections (*bezwaar*) against it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.cases.models.plan import PlanVersion
from wijknet.cases.models.trajectory import Case
from wijknet.core import deadlines
from wijknet.people.models import Person

USER = settings.AUTH_USER_MODEL


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_applications(actor, self)

    def decision_overdue(self, today=None):
        """Submitted applications past their decision term: the list form of
        ``Application.decision_overdue``."""
        today = today or timezone.localdate()
        return self.filter(status=Application.Status.SUBMITTED, decision_due__lt=today)


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

    @property
    def decision_overdue(self) -> bool:
        """Submitted, and the decision term ran out without a decision
        (``ApplicationQuerySet.decision_overdue``)."""
        return deadlines.is_overdue(
            self.decision_due,
            timezone.localdate(),
            done=self.status != self.Status.SUBMITTED,
        )


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
