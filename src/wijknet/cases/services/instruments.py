"""The instruments of a case: the self-reliance matrix (docs/domain.md §4.4),
the Persoonlijk Profiel (§4.5), the quality-of-life grid (§4.6) and the
options worksheet (§4.7).

The writes follow the other services: each takes the acting user, checks that
the actor's team works on the open case, runs in one transaction and writes
an audit row; bad input raises ValidationError in Dutch and stores nothing.
The reads below them give the instruments tab what it shows, each in a fixed
number of queries, for a case that was already read through the access
policy.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.cases.models import (
    Case,
    Goal,
    MatrixDomain,
    MatrixMeasurement,
    MatrixScore,
    Option,
    OptionsWorksheet,
    PersonalProfile,
    ProfileDomain,
    ProfileRow,
    QualityDimension,
    QualityGrid,
    QualityRow,
    Wish,
)
from wijknet.cases.services.shared import locked
from wijknet.core import audit
from wijknet.core.audit import AuditContext
from wijknet.people.models import HouseholdMember, Person

LEVELS = range(1, 6)
PROFILE_COLUMNS = ("current", "wishes", "earlier")
QUALITY_COLUMNS = ("obstacles", "wishes", "needed_support", "present_support")
TEXT_MAX = 2000
WISH_MAX = 300
NOTE_MAX = 500
OPTION_MAX = 300


# --- Checks shared by the writes ---------------------------------------------


def _check_person(case: Case, person: Person | None, errors: dict) -> None:
    if person is None:
        errors["person"] = _("Kies voor wie het instrument is ingevuld.")
    elif not HouseholdMember.objects.filter(
        household_id=case.household_id, person_id=person.pk
    ).exists():
        errors["person"] = _("Kies een lid van het huishouden van dit traject.")


def _check_date(value: datetime.date | None, name: str, errors: dict) -> datetime.date | None:
    if value is None:
        return timezone.localdate()
    if value > timezone.localdate():
        errors[name] = _("De datum ligt in de toekomst.")
    return value


def _level(value) -> int | None:
    """A level 1-5, or None for anything else (also booleans and text)."""
    if isinstance(value, bool):
        return None
    try:
        level = int(value)
    except (TypeError, ValueError):
        return None
    return level if level in LEVELS and str(level) == str(value).strip() else None


def _texts(
    rows: dict, codes: list[str], columns: tuple[str, ...], errors: dict
) -> dict[str, tuple[str, ...]]:
    """Every category with its columns, stripped; unknown categories and too
    long texts are errors (keyed ``<code>_<column>``, as in the forms)."""
    unknown = set(rows) - set(codes)
    if unknown:
        errors["__all__"] = _("Onbekende onderdelen: %(codes)s.") % {
            "codes": ", ".join(sorted(map(str, unknown)))
        }
    out = {}
    for code in codes:
        values = tuple(rows.get(code) or ("",) * len(columns))
        if len(values) != len(columns):
            errors["__all__"] = _("Elk onderdeel heeft %(n)d kolommen.") % {"n": len(columns)}
            values = ("",) * len(columns)
        values = tuple((value or "").strip() for value in values)
        for column, value in zip(columns, values, strict=True):
            if len(value) > TEXT_MAX:
                errors[f"{code}_{column}"] = _("Gebruik hoogstens %(n)d tekens.") % {"n": TEXT_MAX}
        out[code] = values
    return out


# --- Self-reliance matrix ----------------------------------------------------


@transaction.atomic
def record_matrix(
    actor,
    *,
    case: Case,
    person: Person,
    measured_on: datetime.date | None,
    scores: dict[int, int],
    targets: dict[int, int | None] | None = None,
    note: str = "",
    context: AuditContext,
) -> MatrixMeasurement:
    """Record a snapshot of the last 30 days for one household member:
    every active domain scored 1-5, with an optional target level.

    Errors about one domain are keyed ``level_<domain id>`` and
    ``target_<domain id>``, the names the matrix form uses."""
    case = locked(actor, case)
    targets = targets or {}
    errors: dict = {}
    _check_person(case, person, errors)
    if measured_on is None:
        errors["measured_on"] = _("Vul de datum van de meting in.")
    elif measured_on > timezone.localdate():
        errors["measured_on"] = _("De datum van de meting ligt in de toekomst.")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = _("Gebruik hoogstens %(n)d tekens.") % {"n": NOTE_MAX}
    domains = list(MatrixDomain.objects.filter(active=True))
    if not domains:
        errors["__all__"] = _("Er zijn geen domeinen van de matrix in gebruik.")
    known = {domain.pk for domain in domains}
    if (set(scores) | {k for k, v in targets.items() if v is not None}) - known:
        errors["__all__"] = _("Scoor alleen de domeinen die in gebruik zijn.")
    rows = []
    missing = []
    for domain in domains:
        raw = scores.get(domain.pk)
        level = _level(raw)
        if level is None:
            missing.append(domain.name)
            errors[f"level_{domain.pk}"] = (
                _("Kies een niveau van 1 tot en met 5.")
                if raw in (None, "")
                else _("Een niveau loopt van 1 tot en met 5.")
            )
        raw_target = targets.get(domain.pk)
        target = _level(raw_target)
        if raw_target not in (None, "") and target is None:
            errors[f"target_{domain.pk}"] = _("Een doelniveau loopt van 1 tot en met 5.")
        rows.append((domain, level, target))
    if missing:
        errors.setdefault(
            "__all__",
            _("Geef elk domein een niveau. Nog zonder geldig niveau: %(domains)s.")
            % {"domains": ", ".join(missing)},
        )
    if errors:
        raise ValidationError(errors)
    measurement = MatrixMeasurement.objects.create(
        case=case, person=person, measured_on=measured_on, note=note, author=actor
    )
    MatrixScore.objects.bulk_create(
        MatrixScore(measurement=measurement, domain=domain, level=level, target_level=target)
        for domain, level, target in rows
    )
    audit.record(actor, audit.Action.CREATE, case, context)
    return measurement


# --- Persoonlijk Profiel -----------------------------------------------------


@transaction.atomic
def record_profile(
    actor,
    *,
    case: Case,
    person: Person,
    rows: dict[str, tuple[str, str, str]],
    wishes: list[str],
    context: AuditContext,
    made_on: datetime.date | None = None,
) -> PersonalProfile:
    """Record a personal profile: the eight domains with current
    possibilities, wishes and earlier possibilities, closed by the ranked
    answer to "Welke wensen zijn het belangrijkst?" (most important first).
    Every domain is stored, also when left empty, so the profile keeps its
    shape."""
    case = locked(actor, case)
    errors: dict = {}
    _check_person(case, person, errors)
    made_on = _check_date(made_on, "made_on", errors)
    texts = _texts(rows, ProfileDomain.values, PROFILE_COLUMNS, errors)
    ranked = [(text or "").strip() for text in wishes]
    ranked = [text for text in ranked if text]
    if not ranked:
        errors["wishes"] = _(
            "Noteer minstens één wens: welke wensen zijn voor de inwoner het belangrijkst?"
        )
    elif any(len(text) > WISH_MAX for text in ranked):
        errors["wishes"] = _("Een wens is hoogstens %(n)d tekens.") % {"n": WISH_MAX}
    if errors:
        raise ValidationError(errors)
    profile = PersonalProfile.objects.create(
        case=case, person=person, made_on=made_on, author=actor
    )
    ProfileRow.objects.bulk_create(
        ProfileRow(
            profile=profile,
            domain=code,
            **dict(zip(PROFILE_COLUMNS, texts[code], strict=True)),
        )
        for code in ProfileDomain.values
    )
    Wish.objects.bulk_create(
        Wish(profile=profile, rank=rank, text=text) for rank, text in enumerate(ranked, start=1)
    )
    audit.record(actor, audit.Action.CREATE, case, context)
    return profile


# --- Kwaliteit van Bestaan -----------------------------------------------------


@transaction.atomic
def record_quality_grid(
    actor,
    *,
    case: Case,
    person: Person,
    rows: dict[str, tuple[str, str, str, str]],
    context: AuditContext,
    made_on: datetime.date | None = None,
) -> QualityGrid:
    """Record a quality-of-life grid: eight dimensions, each with
    experienced obstacles, wishes, needed and present support. At least one
    cell must say something; every dimension is stored."""
    case = locked(actor, case)
    errors: dict = {}
    _check_person(case, person, errors)
    made_on = _check_date(made_on, "made_on", errors)
    texts = _texts(rows, QualityDimension.values, QUALITY_COLUMNS, errors)
    if not any(any(values) for values in texts.values()):
        errors.setdefault(
            "__all__", _("Vul minstens één vak in: een belemmering, wens of ondersteuning.")
        )
    if errors:
        raise ValidationError(errors)
    grid = QualityGrid.objects.create(case=case, person=person, made_on=made_on, author=actor)
    QualityRow.objects.bulk_create(
        QualityRow(
            grid=grid,
            dimension=code,
            **dict(zip(QUALITY_COLUMNS, texts[code], strict=True)),
        )
        for code in QualityDimension.values
    )
    audit.record(actor, audit.Action.CREATE, case, context)
    return grid


# --- Werkblad Opties -----------------------------------------------------------


@transaction.atomic
def save_worksheet(
    actor,
    *,
    case: Case,
    goal: Goal,
    options: list[tuple[str, str, str]],
    best: int | None,
    second: int | None = None,
    context: AuditContext,
) -> OptionsWorksheet:
    """Write the options worksheet of a goal: at least two options with
    their pros and cons, the best one chosen and optionally a second-best.
    ``best`` and ``second`` are positions in ``options``; rows left wholly
    empty are skipped. Saving again replaces the options.

    Errors about one option are keyed ``option_<position>_description``."""
    case = locked(actor, case)
    errors: dict = {}
    if goal is None or goal.case_id != case.pk:
        raise ValidationError({"goal": _("Kies een doel van dit traject.")})
    cleaned: dict[int, tuple[str, str, str]] = {}
    for index, row in enumerate(options):
        description, pros, cons = ((value or "").strip() for value in row)
        if not (description or pros or cons):
            continue
        if not description:
            errors[f"option_{index}_description"] = _("Beschrijf de optie.")
        elif len(description) > OPTION_MAX:
            errors[f"option_{index}_description"] = _("Gebruik hoogstens %(n)d tekens.") % {
                "n": OPTION_MAX
            }
        for name, value in (("pros", pros), ("cons", cons)):
            if len(value) > TEXT_MAX:
                errors[f"option_{index}_{name}"] = _("Gebruik hoogstens %(n)d tekens.") % {
                    "n": TEXT_MAX
                }
        cleaned[index] = (description, pros, cons)
    if len(cleaned) < 2:
        errors["options"] = _("Noteer minstens twee opties, zodat er iets te kiezen is.")
    if best is None:
        errors["best"] = _("Kies de beste optie.")
    elif best not in cleaned:
        errors["best"] = _("De beste keuze moet een ingevulde optie zijn.")
    if second is not None:
        if second == best:
            errors["second"] = _("De tweede keuze moet een andere optie zijn dan de beste.")
        elif second not in cleaned:
            errors["second"] = _("De tweede keuze moet een ingevulde optie zijn.")
    if errors:
        raise ValidationError(errors)
    worksheet = OptionsWorksheet.objects.select_for_update().filter(goal=goal).first()
    action = audit.Action.CHANGE
    if worksheet is None:
        worksheet = OptionsWorksheet.objects.create(goal=goal, author=actor)
        action = audit.Action.CREATE
    else:
        worksheet.options.all().delete()
        worksheet.made_on = timezone.localdate()
        worksheet.author = actor
        worksheet.save(update_fields=["made_on", "author"])
    choice = {best: Option.Choice.BEST, second: Option.Choice.SECOND}
    Option.objects.bulk_create(
        Option(
            worksheet=worksheet,
            description=description,
            pros=pros,
            cons=cons,
            choice=choice.get(index, ""),
        )
        for index, (description, pros, cons) in cleaned.items()
    )
    audit.record(actor, action, case, context)
    return worksheet


# --- Reads for the instruments tab ---------------------------------------------


@dataclass
class DomainProgress:
    """One domain of one person's matrix over time."""

    domain: MatrixDomain
    levels: list[int | None]  # per measurement, in date order
    first: int | None
    latest: int | None
    change: int | None  # latest minus first; None with fewer than two levels
    target: int | None  # the target in the latest measurement

    @property
    def target_reached(self) -> bool | None:
        if self.target is None or self.latest is None:
            return None
        return self.latest >= self.target

    @property
    def to_target(self) -> int | None:
        if self.target is None or self.latest is None:
            return None
        return max(self.target - self.latest, 0)


@dataclass
class PersonProgress:
    person: Person
    measurements: list[MatrixMeasurement]
    domains: list[DomainProgress] = field(default_factory=list)


def measurements(case: Case) -> list[MatrixMeasurement]:
    """All matrix measurements of the case in date order, with their scores
    and domains, in two queries."""
    return list(
        case.measurements.select_related("person", "author")
        .prefetch_related(Prefetch("scores", queryset=MatrixScore.objects.select_related("domain")))
        .order_by("measured_on", "id")
    )


def matrix_progress(case: Case) -> list[PersonProgress]:
    """Progress between measurements, per measured person: the measurements
    in date order and, per domain, the level in each, the first and latest
    level, the change between them, and the target of the latest
    measurement."""
    by_person: dict[int, PersonProgress] = {}
    for measurement in measurements(case):
        progress = by_person.get(measurement.person_id)
        if progress is None:
            progress = by_person[measurement.person_id] = PersonProgress(measurement.person, [])
        progress.measurements.append(measurement)
    for progress in by_person.values():
        scored: dict[int, MatrixDomain] = {}
        per_measurement = []
        for measurement in progress.measurements:
            scores = {score.domain_id: score for score in measurement.scores.all()}
            per_measurement.append(scores)
            for score in scores.values():
                scored.setdefault(score.domain_id, score.domain)
        for domain in sorted(scored.values(), key=lambda d: (d.order, d.code)):
            found = [scores.get(domain.pk) for scores in per_measurement]
            levels = [score.level if score else None for score in found]
            present = [level for level in levels if level is not None]
            first = present[0] if present else None
            latest = present[-1] if present else None
            progress.domains.append(
                DomainProgress(
                    domain=domain,
                    levels=levels,
                    first=first,
                    latest=latest,
                    change=latest - first if len(present) > 1 else None,
                    target=found[-1].target_level if found[-1] else None,
                )
            )
    return sorted(by_person.values(), key=lambda p: (p.person.last_name, p.person.first_name))


def _latest_per_person(items) -> list:
    """The newest of each person's instruments (the querysets come newest
    first), each with how many earlier ones there are."""
    latest: dict[int, object] = {}
    for item in items:
        if item.person_id in latest:
            latest[item.person_id].earlier_count += 1
        else:
            item.earlier_count = 0
            latest[item.person_id] = item
    return list(latest.values())


def latest_profiles(case: Case) -> list[PersonalProfile]:
    """Per person the newest personal profile, its eight rows in the fixed
    order and its ranked wishes."""
    profiles = case.profiles.select_related("person", "author").prefetch_related(
        "rows", Prefetch("wishes", queryset=Wish.objects.order_by("rank", "id"))
    )
    order = {code: index for index, code in enumerate(ProfileDomain.values)}
    latest = _latest_per_person(profiles.order_by("-made_on", "-id"))
    for profile in latest:
        profile.ordered_rows = sorted(profile.rows.all(), key=lambda row: order[row.domain])
    return latest


def latest_quality_grids(case: Case) -> list[QualityGrid]:
    """Per person the newest quality-of-life grid with its eight rows in the
    fixed order."""
    grids = case.quality_grids.select_related("person", "author").prefetch_related("rows")
    order = {code: index for index, code in enumerate(QualityDimension.values)}
    latest = _latest_per_person(grids.order_by("-made_on", "-id"))
    for grid in latest:
        grid.ordered_rows = sorted(grid.rows.all(), key=lambda row: order[row.dimension])
    return latest


def goals_with_worksheets(case: Case) -> list[Goal]:
    """The case's goals, each with its worksheet and options (or none)."""
    return list(
        case.goals.select_related("worksheet", "worksheet__author").prefetch_related(
            Prefetch("worksheet__options", queryset=Option.objects.order_by("id"))
        )
    )
