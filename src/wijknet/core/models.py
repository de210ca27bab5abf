import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.core import deadlines, ladder


class Role(models.TextChoices):
    RESIDENT = "resident", _("Inwoner")
    VOLUNTEER = "volunteer", _("Vrijwilliger")
    INTAKE = "intake", _("Meldpunt")
    PROFESSIONAL = "professional", _("Professional wijkteam")
    TEAM_LEAD = "team_lead", _("Teamleider")
    ASSESSOR = "assessor", _("Wmo-consulent")
    POLICY = "policy", _("Beleidsmedewerker")
    ADMIN = "admin", _("Functioneel beheer")


class LadderLevel(models.TextChoices):
    """The rings of the support ladder (``core.ladder``), inside out. The plan
    puts a step on any of them; the social map puts an entry on the outer
    three (``MapLadderLevel``)."""

    OWN = ladder.OWN, _("eigen kracht")
    NETWORK = ladder.NETWORK, _("sociaal netwerk")
    GENERAL = ladder.GENERAL, _("algemene voorziening")
    COLLECTIVE = ladder.COLLECTIVE, _("collectieve voorziening")
    INDIVIDUAL = ladder.INDIVIDUAL, _("individuele voorziening")


# The outer three rings, where an offer on the social map sits: the same
# values and labels, drawn from ``LadderLevel`` so that neither is written
# twice. ``kaart.Service.LadderLevel`` is this class.
MapLadderLevel = models.TextChoices(
    "MapLadderLevel",
    [(level.name, (level.value, level.label)) for level in LadderLevel if level in ladder.OUTER],
)


class Confidentiality(models.IntegerChoices):
    """The ZGW vertrouwelijkheidaanduiding, ordered so that a clearance is a
    maximum: a user may see records whose level is at most their clearance."""

    OPENBAAR = 1, _("openbaar")
    BEPERKT_OPENBAAR = 2, _("beperkt openbaar")
    INTERN = 3, _("intern")
    ZAAKVERTROUWELIJK = 4, _("zaakvertrouwelijk")
    VERTROUWELIJK = 5, _("vertrouwelijk")
    CONFIDENTIEEL = 6, _("confidentieel")
    GEHEIM = 7, _("geheim")
    ZEER_GEHEIM = 8, _("zeer geheim")

    @property
    def zgw_code(self) -> str:
        """The value as the ZGW APIs spell it, e.g. ``beperkt_openbaar``."""
        return self.name.lower()


class WijknetUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A superuser administers; it must not land in the resident role,
        # which 2FA does not cover.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    clearance = models.PositiveSmallIntegerField(
        _("maximale vertrouwelijkheid"),
        choices=Confidentiality.choices,
        null=True,
        blank=True,
        help_text=_("Leeg laten voor de standaard van de rol."),
    )

    objects = WijknetUserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, help_text="GMxxxx")

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("wijk")
        NEIGHBOURHOOD = "neighbourhood", _("buurt")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="neighbourhoods"
    )
    kind = models.CharField(_("soort"), max_length=14, choices=Kind.choices)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=10, unique=True, help_text="WKxxxxxx of BUxxxxxxxx"
    )
    name = models.CharField(_("naam"), max_length=120)
    district = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="neighbourhoods",
        limit_choices_to={"kind": "district"},
        verbose_name=_("wijk"),
    )
    geometry = models.JSONField(
        _("vlak (GeoJSON)"), null=True, blank=True, help_text=_("Een GeoJSON Polygon.")
    )

    class Meta:
        verbose_name = _("wijk of buurt")
        verbose_name_plural = _("wijken en buurten")
        ordering = ["cbs_code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.cbs_code})"

    def clean(self) -> None:
        from wijknet.core.validators import validate_cbs_area_code

        validate_cbs_area_code(self.cbs_code, self.kind)
        if self.kind == self.Kind.DISTRICT and self.district_id:
            raise ValidationError({"district": _("Een wijk ligt niet in een andere wijk.")})
        if self.kind == self.Kind.NEIGHBOURHOOD and not self.district_id:
            raise ValidationError({"district": _("Een buurt hoort bij een wijk.")})


class Postcode(models.Model):
    """Maps a six-position postcode to the neighbourhood it lies in (CBS
    publishes this table yearly as 'postcode-huisnummer-buurt')."""

    postcode = models.CharField(_("postcode"), max_length=6, unique=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="postcodes",
        limit_choices_to={"kind": "neighbourhood"},
    )

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return self.postcode


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("gemeente")
        WELFARE = "welfare", _("welzijn")
        CARE = "care", _("zorg")
        MENTAL_HEALTH = "mental_health", _("ggz")
        HOUSING = "housing", _("woningcorporatie")
        POLICE = "police", _("politie")
        GP = "gp", _("huisarts")
        VOLUNTEER_CENTRE = "volunteer_centre", _("vrijwilligerscentrale")
        OTHER = "other", _("overig")

    class PartnerRole(models.TextChoices):
        CORE = "core", _("kernpartner")
        SHELL = "shell", _("schilpartner")

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=160, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("omschrijving"), max_length=2000, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    partner_role = models.CharField(
        _("rol in het netwerk"), max_length=5, choices=PartnerRole.choices, default="core"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Prototype(models.TextChoices):
        TEAM = "team", _("teammodel")
        FRONT_BACK_OFFICE = "front_back_office", _("front-/backoffice")
        NETWORK = "network", _("netwerkmodel")

    name = models.CharField(_("naam"), max_length=120, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisatie")
    )
    prototype = models.CharField(
        _("werkwijze"), max_length=20, choices=Prototype.choices, default=Prototype.TEAM
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="teams", blank=True, verbose_name=_("werkgebied")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Holiday(models.Model):
    """Reference data: days that do not count as working days for deadlines."""

    date = models.DateField(_("datum"), unique=True)
    name = models.CharField(_("naam"), max_length=80)

    class Meta:
        verbose_name = _("feestdag")
        verbose_name_plural = _("feestdagen")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d-%m-%Y})"


class LegalTerm(models.Model):
    """Reference data: a legal term of the chain (the investigation, the
    decision, the objection), edited in beheer. ``core.terms`` reads it and
    ``core.deadlines`` counts with it; the law's values are the defaults."""

    class Key(models.TextChoices):
        INVESTIGATION = deadlines.INVESTIGATION, _("onderzoek na een melding")
        DECISION = deadlines.DECISION, _("beslissing op een aanvraag")
        OBJECTION = deadlines.OBJECTION, _("bezwaar tegen een besluit")

    class Unit(models.TextChoices):
        WEEKS = deadlines.WEEKS, _("weken")
        DAYS = deadlines.DAYS, _("kalenderdagen")
        WORKING_DAYS = deadlines.WORKING_DAYS, _("werkdagen")

    key = models.CharField(_("termijn"), max_length=20, choices=Key.choices, unique=True)
    amount = models.PositiveSmallIntegerField(_("duur"))
    unit = models.CharField(_("eenheid"), max_length=12, choices=Unit.choices)
    source = models.CharField(_("wettelijke grondslag"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("wettelijke termijn")
        verbose_name_plural = _("wettelijke termijnen")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.amount} {self.get_unit_display()}"

    @property
    def term(self) -> deadlines.Term:
        return deadlines.Term(self.amount, self.unit)


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    discipline = models.CharField(_("discipline"), max_length=80, blank=True)
    start = models.DateField(_("begin"), default=timezone.localdate)
    end = models.DateField(_("einde"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(organisation__isnull=False),
                name="membership_team_or_organisation",
                violation_error_message=_("Kies een team of een organisatie."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
                violation_error_message=_("De einddatum ligt voor de begindatum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.team or self.organisation}"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly

    def delete(self):
        raise AuditLogIsAppendOnly


class AuditLogIsAppendOnly(Exception):
    pass


class AuditPurpose(models.TextChoices):
    """Why a record was read. Stored as a code, shown in the reader's language."""

    SUPPORT = "support", _("uitvoering ondersteuning")
    SUPPORT_API = "support_api", _("uitvoering ondersteuning (API)")
    SEARCH = "search", _("zoeken naar een inwoner")
    TEAM_OVERVIEW = "team_overview", _("overzicht huishoudens van het team")
    OWN_RECORD = "own_record", _("eigen gegevens")
    OWN_ACCESS_LOG = "own_access_log", _("eigen inzagelog")
    SIGNAL_HANDLING = "signal_handling", _("behandeling van een melding")


class AuditEvent(models.Model):
    """One access to personal data (NEN 7513). Append-only: the model refuses
    changes, and on PostgreSQL a trigger does too (migration 0002)."""

    class Action(models.TextChoices):
        VIEW = "view", _("bekeken")
        LIST = "list", _("in een lijst getoond")
        CREATE = "create", _("aangemaakt")
        CHANGE = "change", _("gewijzigd")
        EXPORT = "export", _("geëxporteerd")

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    # No database constraint: deleting a user must never touch the log.
    actor = models.ForeignKey(
        User, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=20, choices=Role.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    purpose = models.CharField(_("doel"), max_length=200, choices=AuditPurpose.choices)
    route = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("inzagelog-regel")
        verbose_name_plural = _("inzagelog")
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly
