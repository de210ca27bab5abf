import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.core.models import Confidentiality, Neighbourhood, Organisation, Team
from wijknet.core.validators import format_postcode, normalise_bsn, normalise_postcode

# Crockford base32 without look-alikes; 10 symbols carry 50 random bits.
PSEUDONYM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PSEUDONYM_LENGTH = 10


def new_pseudonym(rng=None) -> str:
    """A random code that says nothing about the person: only the database
    links it back. ``rng`` makes the synthetic municipality reproducible."""
    choice = rng.choice if rng is not None else secrets.choice
    body = "".join(choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))
    return f"{body[:5]}-{body[5:]}"


def search_key(*parts: str) -> str:
    """Lower-case, accent-free text for index-friendly prefix search."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


class RelationType(models.Model):
    """Reference data: how a household member relates to the household."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("omschrijving"), max_length=80)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("relatiesoort")
        verbose_name_plural = _("relatiesoorten")
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


# What staff may enter and correct about a person; forms, services and the
# API all use this one list.
PERSON_FIELDS = (
    "first_name",
    "initials",
    "name_prefix",
    "last_name",
    "date_of_birth",
    "bsn",
    "street",
    "house_number",
    "house_number_suffix",
    "postcode",
    "city",
    "phone",
    "email",
)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_persons(actor, self)


class Person(models.Model):
    first_name = models.CharField(_("roepnaam"), max_length=80)
    initials = models.CharField(_("voorletters"), max_length=20, blank=True)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=120)
    date_of_birth = models.DateField(_("geboortedatum"))
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)

    street = models.CharField(_("straat"), max_length=120, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_suffix = models.CharField(_("toevoeging"), max_length=10, blank=True)
    # Stored compact (1234AB); seven characters so "1234 AB" can be typed.
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=80, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buurt"),
    )
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    pseudonym = models.CharField(_("pseudoniem"), max_length=11, unique=True, editable=False)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.VERTROUWELIJK,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("inlog van de inwoner"),
    )
    search_name = models.CharField(max_length=250, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        constraints = [
            models.UniqueConstraint(
                fields=["bsn"],
                condition=~Q(bsn=""),
                name="person_bsn_unique",
                violation_error_message=_("Er is al een inwoner met dit BSN."),
            ),
        ]
        indexes = [models.Index(fields=["postcode", "house_number"], name="person_address")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        if not self.pseudonym:
            self.pseudonym = new_pseudonym()
        self.search_name = search_key(self.last_name, self.first_name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as error:
                errors["postcode"] = error
        if self.bsn:
            try:
                self.bsn = normalise_bsn(self.bsn)
            except ValidationError as error:
                errors["bsn"] = error
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = _("De geboortedatum ligt in de toekomst.")
        if self.house_number is not None and not self.postcode:
            errors["postcode"] = _("Vul bij een huisnummer ook de postcode in.")
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.name_prefix, self.last_name) if p)

    @property
    def address_line(self) -> str:
        number = f"{self.house_number or ''}{self.house_number_suffix}"
        return " ".join(p for p in (self.street, number) if p)

    @property
    def postcode_display(self) -> str:
        return format_postcode(self.postcode)

    @property
    def age(self) -> int:
        today = timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_households(actor, self)


class Household(models.Model):
    """A client system: the people whose situation is planned for together."""

    name = models.CharField(_("naam"), max_length=160)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.VERTROUWELIJK,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    # A person belongs to one household at a time.
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="membership")
    relation = models.ForeignKey(
        RelationType, on_delete=models.PROTECT, related_name="+", verbose_name=_("relatie")
    )

    class Meta:
        verbose_name = _("gezinslid")
        verbose_name_plural = _("gezinsleden")

    def __str__(self) -> str:
        return f"{self.person} ({self.relation})"


class InvolvementQuerySet(models.QuerySet):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gte=day))


class Involvement(models.Model):
    """A team works with a household (*betrokkenheid*). This is what makes a
    household 'known to a team'; a case later opens one."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="involvements")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="involvements")
    started_on = models.DateField(_("begonnen op"), default=timezone.localdate)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    reason = models.CharField(_("aanleiding"), max_length=200, blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        verbose_name = _("betrokkenheid")
        verbose_name_plural = _("betrokkenheden")
        indexes = [models.Index(fields=["team", "household"], name="involvement_team")]

    def __str__(self) -> str:
        return f"{self.team} ↔ {self.household}"


class ConsentQuerySet(models.QuerySet):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(
            Q(given_on__lte=day),
            Q(withdrawn_on__isnull=True),
            Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        )


class Consent(models.Model):
    class Purpose(models.TextChoices):
        SHARE = "share", _("gegevens delen met het genoemde team of de organisatie")
        CASE_MEETING = "case_meeting", _("bespreken in een netwerkoverleg")
        CONTACT_PERSON = "contact_person", _("een contactpersoon vastleggen")
        REFERRAL = "referral", _("doorverwijzen")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("doel"), max_length=20, choices=Purpose.choices)
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("teams"))
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("organisaties")
    )
    given_on = models.DateField(_("gegeven op"), default=timezone.localdate)
    expires_on = models.DateField(_("geldig tot"), null=True, blank=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("given_on")),
                name="consent_expiry_after_given",
                violation_error_message=_("De einddatum ligt voor de datum van toestemming."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (
            self.withdrawn_on is None
            and self.given_on <= today
            and (self.expires_on is None or self.expires_on >= today)
        )


# --- The personal and community support system (ecogram) ---------------------


class NetworkLayer(models.TextChoices):
    """The four layers of support around a person (seed 002:625-648): what
    the person does and draws on themselves, their natural network,
    provisions in the community, and professionals."""

    SELF = "self", _("zelf / eigen kracht")
    NATURAL = "natural", _("natuurlijk netwerk")
    COMMUNITY = "community", _("voorzieningen in de buurt")
    PROFESSIONAL = "professional", _("professionals")


class SupportKind(models.TextChoices):
    PRACTICAL = "practical", _("praktisch")
    EMOTIONAL = "emotional", _("emotioneel")
    INFORMATIONAL = "informational", _("informatie en advies")
    CARE = "care", _("zorg")


class NetworkTieQuerySet(models.QuerySet):
    def visible_to(self, actor):
        from wijknet.core import access

        return access.visible_ties(actor, self)

    def current(self):
        return self.filter(ended_on__isnull=True)


class NetworkTie(models.Model):
    """One tie in a person's network map: who, in which layer, what support
    flows, how often, whether it goes both ways, and the load on each side
    (*draagkracht / draaglast*)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("dagelijks")
        WEEKLY = "weekly", _("wekelijks")
        MONTHLY = "monthly", _("maandelijks")
        RARELY = "rarely", _("minder dan maandelijks")

    class Reciprocity(models.TextChoices):
        RECEIVES = "receives", _("de inwoner ontvangt vooral")
        GIVES = "gives", _("de inwoner geeft vooral")
        MUTUAL = "mutual", _("wederzijds")

    class Load(models.IntegerChoices):
        LIGHT = 1, _("licht")
        BEARABLE = 2, _("goed te dragen")
        HEAVY = 3, _("zwaar")
        TOO_HEAVY = 4, _("te zwaar")

    class Source(models.TextChoices):
        PROFESSIONAL = "professional", _("vastgelegd door een professional")
        RESIDENT = "resident", _("ingevuld door de inwoner")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ties")
    layer = models.CharField(_("laag"), max_length=12, choices=NetworkLayer.choices)
    name = models.CharField(
        _("wie"),
        max_length=120,
        help_text=_(
            "Bijvoorbeeld 'dochter Anna' of 'huisarts'; bij eigen kracht wat de inwoner "
            "zelf doet, zoals 'tuinieren'."
        ),
    )
    # Required for every layer but the person's own strengths (network.py).
    relation = models.CharField(
        _("relatie"),
        max_length=80,
        blank=True,
        help_text=_(
            "Bijvoorbeeld 'dochter', 'buurman', 'huisarts'; bij eigen kracht mag dit leeg "
            "blijven, of bijvoorbeeld 'hobby' of 'dagritme'."
        ),
    )
    linked_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekende inwoner"),
    )
    support = models.JSONField(_("soort steun"), default=list, blank=True)
    frequency = models.CharField(
        _("hoe vaak"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    reciprocity = models.CharField(
        _("wederkerigheid"), max_length=8, choices=Reciprocity.choices, default=Reciprocity.MUTUAL
    )
    load_person = models.PositiveSmallIntegerField(
        _("belasting voor de inwoner"), choices=Load.choices, default=Load.BEARABLE
    )
    load_tie = models.PositiveSmallIntegerField(
        _("belasting voor de ander"), choices=Load.choices, default=Load.BEARABLE
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.PROFESSIONAL)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    objects = NetworkTieQuerySet.as_manager()

    class Meta:
        verbose_name = _("netwerkrelatie")
        verbose_name_plural = _("netwerkrelaties")
        ordering = ["layer", "name", "id"]
        indexes = [models.Index(fields=["person", "ended_on"], name="tie_person")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_layer_display()})"

    @property
    def awaiting_review(self) -> bool:
        return self.source == self.Source.RESIDENT and self.reviewed_at is None


class CarerBurden(models.TextChoices):
    """Informal-carer burden (seed 001:5465)."""

    NOT_HEAVY = "not_heavy", _("niet zwaar belast")
    FAIRLY_HEAVY = "fairly_heavy", _("tamelijk zwaar belast")
    VERY_HEAVY = "very_heavy", _("zeer zwaar belast")
    OVERLOADED = "overloaded", _("overbelast")


class InformalCarer(models.Model):
    """A tie that gives care out of a personal bond (*mantelzorger*)."""

    tie = models.OneToOneField(NetworkTie, on_delete=models.CASCADE, related_name="carer")
    care_given = models.TextField(_("welke zorg"), max_length=2000)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    since = models.DateField(_("mantelzorger sinds"), null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mantelzorger")
        verbose_name_plural = _("mantelzorgers")

    def __str__(self) -> str:
        return str(self.tie)


class BurdenCheck(models.Model):
    """One burden check of a carer, repeated over time."""

    carer = models.ForeignKey(InformalCarer, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("datum"), default=timezone.localdate)
    burden = models.CharField(_("belasting"), max_length=12, choices=CarerBurden.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["carer", "-checked_on"], name="burden_carer")]

    def __str__(self) -> str:
        return f"{self.carer} {self.checked_on:%d-%m-%Y}: {self.burden}"


class TeamTask(models.Model):
    """A task for a team, raised by the system (an overloaded carer) or by a
    colleague; done when someone of the team ticks it off."""

    class Kind(models.TextChoices):
        CARER_OVERLOAD = "carer_overload", _("mantelzorger zwaar belast")
        NETWORK_REVIEW = "network_review", _("netwerkkaart van de inwoner nakijken")
        OTHER = "other", _("overig")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("taak"), max_length=200)
    due_on = models.DateField(_("uiterlijk"), default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("teamtaak")
        verbose_name_plural = _("teamtaken")
        ordering = ["done_at", "due_on", "id"]
        indexes = [models.Index(fields=["team", "done_at"], name="task_team_open")]

    def __str__(self) -> str:
        return self.title
