"""Volunteers, buddies and home visits (seed 000:1543-1586, 000:1942-1973,
002:7290-7307): registration, requests for help, matching with a person
deciding, follow-up check-ins, and the activating home visit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.core.models import Neighbourhood, Team
from wijknet.people.models import Consent, Person

USER = settings.AUTH_USER_MODEL

LANGUAGES = [
    ("nl", _("Nederlands")),
    ("en", _("Engels")),
    ("ar", _("Arabisch")),
    ("tr", _("Turks")),
    ("pl", _("Pools")),
    ("uk", _("Oekraïens")),
    ("ti", _("Tigrinya")),
    ("so", _("Somalisch")),
    ("de", _("Duits")),
    ("fr", _("Frans")),
    ("es", _("Spaans")),
    ("pap", _("Papiaments")),
    ("zgh", _("Berbers (Tamazight)")),
    ("fa", _("Perzisch (Farsi)")),
]

DAYS = [
    ("MO", _("maandag")),
    ("TU", _("dinsdag")),
    ("WE", _("woensdag")),
    ("TH", _("donderdag")),
    ("FR", _("vrijdag")),
    ("SA", _("zaterdag")),
    ("SU", _("zondag")),
]
PARTS = [("AM", _("ochtend")), ("PM", _("middag")), ("EV", _("avond"))]
# Availability is a set of day parts, e.g. "TU-AM" for Tuesday morning.
SLOTS = [f"{day}-{part}" for day, _d in DAYS for part, _p in PARTS]


class Profile(models.TextChoices):
    """What a request asks for and what a volunteer offers."""

    BUDDY = "buddy", _("maatje")
    MENTOR = "mentor", _("mentor")
    HOME_VISITOR = "home_visitor", _("huisbezoeker")
    PRACTICAL = "practical", _("praktische hulp")


class ReferenceItem(models.Model):
    """Reference data to match on, editable in /beheer/."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=80)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interest(ReferenceItem):
    """Interests a volunteer and a resident can share."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("interesse")
        verbose_name_plural = _("interesses")


class Competence(ReferenceItem):
    """What a volunteer is good at."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("competentie")
        verbose_name_plural = _("competenties")


def vog_valid_since(today=None):
    """The oldest VOG date still valid today: ``WIJKNET_VOG_VALID_YEARS``
    back (28 February for a 29th in a year without one)."""
    today = today or timezone.localdate()
    year = today.year - settings.WIJKNET_VOG_VALID_YEARS
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


class VolunteerQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_volunteers(actor, self)

    def with_contact(self, actor):
        """Each row with ``contact_visible``: whether the actor sees the full
        registration or only the narrow view (``access.with_volunteer_contact``)."""
        from wijknet.core import access

        return access.with_volunteer_contact(actor, self)

    def available(self):
        """Active, with a VOG received that has not expired."""
        return self.filter(
            active=True,
            screening=Volunteer.Screening.VOG_RECEIVED,
            vog_date__gte=vog_valid_since(),
        )


class Volunteer(models.Model):
    class Screening(models.TextChoices):
        NONE = "none", _("nog niet gescreend")
        REQUESTED = "requested", _("VOG aangevraagd")
        VOG_RECEIVED = "vog_received", _("VOG ontvangen")
        EXPIRED = "expired", _("VOG verlopen")

    first_name = models.CharField(_("voornaam"), max_length=80)
    last_name = models.CharField(_("achternaam"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    user = models.OneToOneField(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("login"),
    )
    # A resident who is also a client can give as well as receive (000:1630).
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("is zelf ook inwoner in Wijknet"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "neighbourhood"},
        verbose_name=_("buurt"),
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Space-separated Profile codes: a LIKE filter finds them on every database.
    profiles = models.CharField(_("wil helpen als"), max_length=60)
    interests = models.ManyToManyField(Interest, blank=True, verbose_name=_("interesses"))
    competences = models.ManyToManyField(Competence, blank=True, verbose_name=_("competenties"))
    languages = models.JSONField(_("talen"), default=list, blank=True)
    availability = models.JSONField(_("beschikbaar"), default=list, blank=True)
    training = models.CharField(_("gevolgde training"), max_length=300, blank=True)
    screening = models.CharField(
        _("screening"), max_length=12, choices=Screening.choices, default=Screening.NONE
    )
    vog_date = models.DateField(_("datum VOG"), null=True, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    registered_on = models.DateField(_("ingeschreven op"), default=timezone.localdate)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("coördinerend team"),
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("vrijwilliger")
        verbose_name_plural = _("vrijwilligers")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            # The candidate list reads the volunteers within a distance of
            # the resident through this. Partial, so a query without a
            # condition on the place reads the table instead of this index.
            models.Index(
                fields=["latitude", "longitude"],
                condition=models.Q(latitude__isnull=False),
                name="volunteer_place",
            )
        ]

    def __str__(self) -> str:
        # The narrow name: a page that prints a volunteer without asking who
        # may see the full name shows no more than every team may see.
        return self.short_name

    @property
    def full_name(self) -> str:
        """For whoever sees the full registration only (``contact_visible``)."""
        return f"{self.first_name} {self.last_name}"

    @property
    def short_name(self) -> str:
        """The first name and the initial of the last name: "Femke R."."""
        initial = self.last_name.strip()[:1]
        return f"{self.first_name} {initial}." if initial else self.first_name

    @property
    def profile_codes(self) -> list[str]:
        return self.profiles.split()

    @property
    def vog_expired(self) -> bool:
        """Marked expired, or received longer ago than the VOG stays valid."""
        if self.screening == self.Screening.EXPIRED:
            return True
        return (
            self.screening == self.Screening.VOG_RECEIVED
            and self.vog_date is not None
            and self.vog_date < vog_valid_since()
        )


class RequestQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_requests(actor, self)


class Request(models.Model):
    """A request for a buddy, mentor, home visitor or practical help, from a
    case or from the report point. ``needs`` is what a volunteer is shown."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MATCHED = "matched", _("gekoppeld")
        CLOSED = "closed", _("gesloten")

    profile = models.CharField(_("gevraagd"), max_length=12, choices=Profile.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="volunteer_requests")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="volunteer_requests")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    signal = models.ForeignKey(
        "signals.Signal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_requests",
    )
    needs = models.TextField(
        _("wat de koppeling vraagt"),
        max_length=1000,
        help_text=_("Dit ziet de vrijwilliger, met alleen de voornaam. Geen medische details."),
    )
    interests = models.ManyToManyField(Interest, blank=True, verbose_name=_("interesses"))
    languages = models.JSONField(_("talen"), default=list, blank=True)
    availability = models.JSONField(_("wanneer"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toestemming voor doorverwijzing"),
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_reason = models.CharField(_("reden sluiten"), max_length=300, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "status"], name="request_team_status")]

    def __str__(self) -> str:
        return f"{self.get_profile_display()} · {self.person.first_name}"


class MatchQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_matches(actor, self)


class Match(models.Model):
    """A volunteer proposed for a request. A coordinator proposes; the
    volunteer and the resident both accept before it starts."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        ACTIVE = "active", _("loopt")
        DECLINED = "declined", _("afgewezen")
        ENDED = "ended", _("beëindigd")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="matches")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="matches")
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("waarom deze vrijwilliger"), default=list)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    volunteer_accepted_at = models.DateTimeField(null=True, blank=True)
    resident_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.CharField(max_length=10, blank=True)  # "volunteer" | "resident"
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.CharField(_("reden einde"), max_length=300, blank=True)
    evaluation = models.TextField(_("evaluatie"), max_length=4000, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "active"]),
                name="match_one_live_per_request",
                violation_error_message=_("Voor deze hulpvraag loopt al een koppeling."),
            )
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="match_volunteer")]

    def __str__(self) -> str:
        return f"{self.request} ↔ {self.volunteer}"


# A match is live while proposed or running: one per request (the constraint
# above), and what the pool, the retention list and a plan step look at.
LIVE = (Match.Status.PROPOSED, Match.Status.ACTIVE)


class CheckIn(models.Model):
    """A follow-up of a match: after 2 weeks, 3 months, then periodically."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField(_("gepland op"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    note = models.TextField(_("hoe gaat het"), max_length=2000, blank=True)
    done_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="checkin_due")]

    def __str__(self) -> str:
        return f"{self.match_id} {self.due_on:%d-%m-%Y}"


class HomeVisit(models.Model):
    """An activating home visit (seed 000:1942-1973): referral with consent,
    a volunteer visitor, a limited period."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="home_visit")
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="home_visit_period_order",
                violation_error_message=_("De einddatum ligt voor de begindatum."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.match} {self.period_start:%d-%m-%Y}"


class VisitNote(models.Model):
    """Notes in three steps: look differently, think differently, act
    differently."""

    class Step(models.TextChoices):
        CLARIFY = "clarify", _("situatie verhelderen (anders kijken)")
        PERSPECTIVE = "perspective", _("perspectief ontwikkelen (anders denken)")
        ACTION = "action", _("actie ondersteunen (anders doen)")

    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="notes")
    step = models.CharField(_("stap"), max_length=12, choices=Step.choices)
    on = models.DateField(_("datum"), default=timezone.localdate)
    text = models.TextField(_("notitie"), max_length=4000)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.step}"
