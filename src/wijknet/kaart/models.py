import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijknet.core.models import MapLadderLevel, Neighbourhood, Organisation
from wijknet.core.validators import format_postcode

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # iCalendar, as HSDS uses
DAY_LABELS = dict(
    zip(
        DAY_CODES,
        [
            _("maandag"),
            _("dinsdag"),
            _("woensdag"),
            _("donderdag"),
            _("vrijdag"),
            _("zaterdag"),
            _("zondag"),
        ],
        strict=True,
    )
)


class ReferenceItem(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("omschrijving"), max_length=120)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class TargetGroup(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")


class LifeDomain(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("levensdomein")
        verbose_name_plural = _("levensdomeinen")


class AccessibilityFeature(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("toegankelijkheid")
        verbose_name_plural = _("toegankelijkheid")


class PerformanceField(models.Model):
    """The nine Wmo performance fields (seed 001:674-694)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    label = models.CharField(_("omschrijving"), max_length=160)

    class Meta:
        verbose_name = _("prestatieveld")
        verbose_name_plural = _("prestatievelden")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Service.Status.ACTIVE)


class Service(models.Model):
    """An offer on the social map (aanbod, voorziening)."""

    # The outer three rings of the support ladder (seed 002:1149-1177), with
    # the plan's labels: one ladder for the map and the plan (core.ladder).
    LadderLevel = MapLadderLevel

    class Status(models.TextChoices):
        ACTIVE = "active", _("actief")
        INACTIVE = "inactive", _("niet actief")

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200)
    alternate_name = models.CharField(_("andere naam"), max_length=200, blank=True)
    description = models.TextField(_("wat is het?"), max_length=4000)
    working_method = models.TextField(_("werkwijze"), max_length=4000, blank=True)
    open_to_everyone = models.BooleanField(_("voor iedereen"), default=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="services", verbose_name=_("doelgroepen")
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimumleeftijd"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximumleeftijd"), null=True, blank=True)
    ladder_level = models.CharField(
        _("plaats op de ondersteuningsladder"),
        max_length=12,
        choices=LadderLevel.choices,
        default=LadderLevel.GENERAL,
    )
    performance_fields = models.ManyToManyField(
        PerformanceField, blank=True, related_name="services", verbose_name=_("prestatievelden")
    )
    life_domains = models.ManyToManyField(
        LifeDomain, blank=True, related_name="services", verbose_name=_("levensdomeinen")
    )
    whole_municipality = models.BooleanField(_("voor de hele gemeente"), default=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="services", verbose_name=_("buurten")
    )
    is_free = models.BooleanField(_("gratis"), default=True)
    fees_description = models.CharField(_("kosten en eigen bijdrage"), max_length=500, blank=True)
    application_process = models.TextField(_("aanmelden of verwijzen"), max_length=2000, blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(_("talen"), max_length=200, blank=True)
    volunteers = models.CharField(_("inzet van vrijwilligers"), max_length=500, blank=True)
    partnerships = models.CharField(_("samenwerking"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    last_verified_on = models.DateField(_("laatst gecontroleerd"), null=True, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verantwoordelijke redacteur"),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        indexes = [
            models.Index(fields=["status", "name"], name="service_name"),
            models.Index(fields=["last_verified_on"], name="service_verified"),
        ]

    def __str__(self) -> str:
        return self.name


class MapEditor(models.Model):
    """Who keeps an organisation's entries up to date (the review queue owner)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="map_editor"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="map_organisations"
    )

    class Meta:
        verbose_name = _("redacteur sociale kaart")
        verbose_name_plural = _("redacteuren sociale kaart")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.user}"


class Location(models.Model):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="locations"
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), max_length=2000, blank=True)
    transportation = models.CharField(_("bereikbaarheid"), max_length=500, blank=True)
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=80, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    accessibility = models.ManyToManyField(
        AccessibilityFeature,
        blank=True,
        related_name="locations",
        verbose_name=_("toegankelijkheid"),
    )

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self) -> str:
        return self.name

    @property
    def postcode_display(self) -> str:
        return format_postcode(self.postcode)


class ServiceAtLocation(models.Model):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_here")
    description = models.CharField(_("omschrijving"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("aanbod op locatie")
        verbose_name_plural = _("aanbod op locaties")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_location_once")
        ]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Schedule(models.Model):
    """Opening hours or a recurring activity, as an HSDS (iCalendar) weekly
    rule: e.g. byday 'TU', 10:00-12:00 is 'every Tuesday 10:00-12:00'."""

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    freq = models.CharField(max_length=10, default="WEEKLY")
    byday = models.CharField(_("dagen"), max_length=40, blank=True, help_text="MO,TU,…")
    opens_at = models.TimeField(_("van"), null=True, blank=True)
    closes_at = models.TimeField(_("tot"), null=True, blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_to = models.DateField(_("geldig tot"), null=True, blank=True)
    description = models.CharField(_("omschrijving"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tijden")
        verbose_name_plural = _("tijden")

    def __str__(self) -> str:
        return self.description or f"{self.byday} {self.opens_at}-{self.closes_at}"

    @property
    def days(self) -> list[str]:
        return [d for d in self.byday.split(",") if d in DAY_CODES]


class Contact(models.Model):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("naam"), max_length=120, blank=True)
    title = models.CharField(_("functie"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")

    def __str__(self) -> str:
        return self.name or self.email


class Phone(models.Model):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("nummer"), max_length=30)
    extension = models.CharField(_("toestel"), max_length=10, blank=True)
    type = models.CharField(_("soort"), max_length=10, default="voice")
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("telefoonnummer")
        verbose_name_plural = _("telefoonnummers")

    def __str__(self) -> str:
        return self.number


class ServiceVersion(models.Model):
    """The change history of an entry: who changed what, from what, to what."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20)  # created | changed | verified | imported
    changes = models.JSONField(default=dict)  # field -> [old, new]

    class Meta:
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.service_id} {self.action} {self.at:%Y-%m-%d}"
