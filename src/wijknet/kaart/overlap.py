"""Overlap and gaps in the offer, for policy.

Published entries fall into service groups: (life domain, target group or
'iedereen', neighbourhood). An entry for the whole municipality counts in
every neighbourhood; an entry open to everyone counts under 'iedereen'.
Where two or more organisations offer the same group in the same area,
the offer overlaps; where a neighbourhood has no offer at all for a life
domain, there is a gap.

The database does the heavy part: it returns each distinct (life domain,
target group, neighbourhood, organisation) combination once, so the work
left in Python grows with the number of groups and organisations, not with
the number of entries. The query count is fixed.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wijknet.core.models import Neighbourhood, Organisation
from wijknet.kaart.models import LifeDomain, Service, TargetGroup

EVERYONE = None  # the target-group key of entries open to everyone


@dataclass
class Overlap:
    life_domain: LifeDomain
    target_group: TargetGroup | None  # None: iedereen
    area: Neighbourhood | None  # None: the whole municipality
    organisations: list[str]
    local: list[str] = field(default_factory=list)  # of those, the ones only here

    @property
    def target_label(self) -> str:
        return str(self.target_group) if self.target_group else _("iedereen")

    @property
    def town_wide(self) -> int:
        """How many of the organisations offer it in the whole municipality."""
        return len(self.organisations) - len(self.local) if self.area else len(self.organisations)

    @property
    def area_label(self) -> str:
        return self.area.name if self.area else _("hele gemeente")


@dataclass
class Gap:
    life_domain: LifeDomain
    areas: list[Neighbourhood]


@dataclass
class Cell:
    area: Neighbourhood
    life_domain: LifeDomain
    count: int
    x: int = 0
    y: int = 0
    cx: int = 0
    cy: int = 0
    fill: str = ""
    ink: str = ""


@dataclass
class HeatMap:
    areas: list[Neighbourhood]
    domains: list[LifeDomain]
    rows: list[list[Cell]]  # per area, per domain
    width: int = 0
    height: int = 0
    cell_w: int = 0
    cell_h: int = 0
    label_x: int = 0
    columns: list[dict] = field(default_factory=list)  # x and label per domain
    labels: list[dict] = field(default_factory=list)  # y and name per area
    legend: list[dict] = field(default_factory=list)
    legend_y: int = 0


@dataclass
class Analysis:
    service_count: int
    overlaps: list[Overlap]
    gaps: list[Gap]
    heat_map: HeatMap
    organisation_count: int = 0


# Colour steps: (lowest count, fill, text colour, legend label). Text stays
# at 4.5:1 or more against its fill; the number in each cell carries the
# meaning, so colour is never the only cue.
STEPS = (
    (0, "#fdecea", "#a4000f"),
    (1, "#e8f0fa", "#1b1b1b"),
    (2, "#b7cde8", "#1b1b1b"),
    (3, "#7fa3d1", "#1b1b1b"),
    (5, "#154273", "#ffffff"),
)
CELL_W, CELL_H = 56, 30
LABEL_W, HEADER_H = 200, 230
LEGEND_STEP = 140


def _step(count: int) -> tuple[str, str]:
    fill, ink = STEPS[0][1], STEPS[0][2]
    for low, step_fill, step_ink in STEPS:
        if count >= low:
            fill, ink = step_fill, step_ink
    return fill, ink


def _legend_labels() -> list[str]:
    return [_("0: geen aanbod"), "1", "2", "3-4", _("5 of meer")]


def _layout(heat: HeatMap) -> None:
    """Positions for the server-rendered SVG: areas down, domains across,
    domain names slanted above their column, the legend below."""
    heat.cell_w, heat.cell_h, heat.label_x = CELL_W, CELL_H, LABEL_W - 8
    for j, domain in enumerate(heat.domains):
        heat.columns.append(
            {"x": LABEL_W + j * CELL_W + CELL_W // 2 - 4, "y": HEADER_H - 8, "label": domain.label}
        )
    for i, row in enumerate(heat.rows):
        y = HEADER_H + i * CELL_H
        heat.labels.append({"y": y + CELL_H // 2 + 5, "name": heat.areas[i].name})
        for j, cell in enumerate(row):
            cell.x, cell.y = LABEL_W + j * CELL_W, y
            cell.cx, cell.cy = cell.x + CELL_W // 2, y + CELL_H // 2 + 5
            cell.fill, cell.ink = _step(cell.count)
    heat.legend_y = HEADER_H + len(heat.rows) * CELL_H + 30
    for k, ((_low, fill, _ink), label) in enumerate(zip(STEPS, _legend_labels(), strict=True)):
        x = 10 + k * LEGEND_STEP
        heat.legend.append(
            {
                "x": x,
                "swatch_y": heat.legend_y + 12,
                "text_x": x + 28,
                "text_y": heat.legend_y + 25,
                "fill": fill,
                "label": label,
            }
        )
    # Room on the right for the slanted name of the last column.
    heat.width = max(LABEL_W + len(heat.domains) * CELL_W + 150, 10 + len(STEPS) * LEGEND_STEP)
    heat.height = heat.legend_y + 40


def _expand(areas: list[Neighbourhood]) -> dict[int, list[int]]:
    """A neighbourhood stands for itself; a district (wijk) for its
    neighbourhoods, should an entry name one."""
    expand = {area.pk: [area.pk] for area in areas}
    for pk, district_id in Neighbourhood.objects.filter(
        kind=Neighbourhood.Kind.NEIGHBOURHOOD, district__isnull=False
    ).values_list("pk", "district_id"):
        expand.setdefault(district_id, []).append(pk)
    return expand


def analyse(*, life_domain: LifeDomain | None = None) -> Analysis:
    """Overlaps, gaps and the heat map of all published entries;
    ``life_domain`` narrows the overlap and gap lists, not the heat map."""
    domains = list(LifeDomain.objects.all())
    targets = {group.pk: group for group in TargetGroup.objects.all()}
    areas = list(
        Neighbourhood.objects.filter(kind=Neighbourhood.Kind.NEIGHBOURHOOD).order_by("name", "pk")
    )
    expand = _expand(areas)
    published = Service.objects.published()

    # (domain, target) -> organisations offering it town-wide
    town: dict[tuple, set[int]] = defaultdict(set)
    for domain, everyone, target, organisation in (
        published.filter(whole_municipality=True)
        .values_list("life_domains", "open_to_everyone", "target_groups", "organisation")
        .distinct()
    ):
        if domain is not None:
            town[(domain, EVERYONE if everyone or target is None else target)].add(organisation)

    # (domain, target, area) -> organisations offering it there only
    local: dict[tuple, set[int]] = defaultdict(set)
    for domain, everyone, target, area, organisation in (
        published.filter(whole_municipality=False)
        .values_list(
            "life_domains", "open_to_everyone", "target_groups", "neighbourhoods", "organisation"
        )
        .distinct()
    ):
        if domain is None or area is None:
            continue
        key = EVERYONE if everyone or target is None else target
        for pk in expand.get(area, ()):
            local[(domain, key, pk)].add(organisation)

    # Heat map: organisations per (area, domain), any target group.
    town_by_domain: dict[int, set[int]] = defaultdict(set)
    for (domain, _target), organisations in town.items():
        town_by_domain[domain] |= organisations
    local_by_cell: dict[tuple, set[int]] = defaultdict(set)
    for (domain, _target, area), organisations in local.items():
        local_by_cell[(area, domain)] |= organisations
    nothing: set[int] = set()
    rows = [
        [
            Cell(
                area=area,
                life_domain=domain,
                count=len(
                    town_by_domain[domain.pk] | local_by_cell.get((area.pk, domain.pk), nothing)
                ),
            )
            for domain in domains
        ]
        for area in areas
    ]
    heat = HeatMap(areas=areas, domains=domains, rows=rows)
    _layout(heat)

    shown = [life_domain] if life_domain else domains
    gaps = [
        Gap(
            life_domain=domain,
            areas=[row[j].area for row in rows if row[j].count == 0],
        )
        for j, domain in enumerate(domains)
        if domain in shown
    ]
    gaps = [gap for gap in gaps if gap.areas]

    overlaps = _overlaps(shown, targets, areas, town, local)
    used = {pk for item in overlaps for pk in item.organisations}
    names = dict(Organisation.objects.filter(pk__in=used).values_list("pk", "name"))
    for item in overlaps:
        item.local = sorted(names[pk] for pk in item.local)
        item.organisations = sorted(names[pk] for pk in item.organisations)

    return Analysis(
        service_count=published.count(),
        overlaps=overlaps,
        gaps=gaps,
        heat_map=heat,
        organisation_count=len(used),
    )


def _overlaps(shown, targets, areas, town, local) -> list[Overlap]:
    """Town-wide overlaps once; a neighbourhood only where a local entry
    adds an organisation to the group there."""
    area_by_pk = {area.pk: area for area in areas}
    target_order = {pk: i for i, pk in enumerate(targets)}
    by_group: dict[tuple, list] = defaultdict(list)
    for (domain, target, area), organisations in local.items():
        if area in area_by_pk:
            by_group[(domain, target)].append((area_by_pk[area], organisations))
    found = []
    for domain in shown:
        keys = {t for (d, t) in town if d == domain.pk} | {
            t for (d, t) in by_group if d == domain.pk
        }
        for target in sorted(keys, key=lambda t: -1 if t is None else target_order.get(t, 0)):
            everywhere = town.get((domain.pk, target), set())
            group = targets.get(target) if target is not None else None
            if len(everywhere) >= 2:
                found.append(Overlap(domain, group, None, list(everywhere)))
            here = sorted(by_group.get((domain.pk, target), []), key=lambda item: item[0].name)
            for area, organisations in here:
                only_here = organisations - everywhere
                together = organisations | everywhere
                if only_here and len(together) >= 2:
                    found.append(Overlap(domain, group, area, list(together), list(only_here)))
    return found
