"""The instruments of a case: the self-reliance matrix with its domains
(reference data), the Persoonlijk Profiel with its ranked wishes and the
quality-of-life grid. The options worksheet belongs to a goal and lives with
the plan."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.cases.models.trajectory import Case
from wijknet.people.models import Person

USER = settings.AUTH_USER_MODEL


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
