"""The municipality's places and people at work: districts and
neighbourhoods on a grid, postcodes, the network's organisations, a
neighbourhood team per district, and the staff with their memberships."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from wijknet.core.models import (
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Postcode,
    Role,
    Team,
    User,
)
from wijknet.core.validators import normalise_postcode
from wijknet.demo.bulk import BATCH_SIZE
from wijknet.demo.world.data import (
    DISCIPLINES,
    DISTRICT_NAMES,
    FORBIDDEN_LETTER_PAIRS,
    LAT_NORTH,
    LAT_SOUTH,
    LON_EAST,
    LON_WEST,
    MUNICIPALITY_CODE,
    MUNICIPALITY_NAME,
    NAME_SUFFIXES,
    NEIGHBOURHOOD_NAMES,
    ORGANISATIONS,
    PROTOTYPES,
)


@dataclass
class _Area:
    """A neighbourhood as the person generator needs it."""

    id: int
    district_index: int
    postcodes: list[str]
    streets: list[str]  # parallel to postcodes: the street of each postcode


class Places:
    """The generator's first phases. Uses the generator's ``rng``, ``scale``,
    ``today``, name pools, ``counts`` and ``say``; leaves ``municipality``,
    ``districts``, ``areas``, ``area_weights``, ``organisations``, ``teams``
    and ``professional_ids`` for the phases after it."""

    # Geography ---------------------------------------------------------------
    @transaction.atomic
    def _geography(self) -> None:
        rng, scale = self.rng, self.scale
        municipality = Municipality.objects.create(
            name=MUNICIPALITY_NAME, cbs_code=MUNICIPALITY_CODE
        )
        self.municipality = municipality
        area_names = _names(
            NEIGHBOURHOOD_NAMES, scale.districts * scale.neighbourhoods_per_district
        )
        district_names = _names(DISTRICT_NAMES, scale.districts)
        cells = _grid(scale.districts, scale.neighbourhoods_per_district)
        letter_pairs = [
            a + b
            for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            if a + b not in FORBIDDEN_LETTER_PAIRS
        ]

        districts = []
        for d in range(scale.districts):
            boxes = cells[d]
            districts.append(
                Neighbourhood(
                    municipality=municipality,
                    kind=Neighbourhood.Kind.DISTRICT,
                    cbs_code=f"WK9901{d + 1:02d}",
                    name=district_names[d],
                    geometry=_polygon(
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                    ),
                )
            )
        Neighbourhood.objects.bulk_create(districts)
        self.districts = districts

        neighbourhoods, postcodes, self.areas = [], [], []
        street_iter = iter(self.streets)
        per_area_streets = len(self.streets) // len(area_names)
        for d, district in enumerate(districts):
            for n in range(scale.neighbourhoods_per_district):
                neighbourhoods.append(
                    Neighbourhood(
                        municipality=municipality,
                        kind=Neighbourhood.Kind.NEIGHBOURHOOD,
                        cbs_code=f"BU9901{d + 1:02d}{n + 1:02d}",
                        name=area_names[d * scale.neighbourhoods_per_district + n],
                        district=district,
                        geometry=_polygon(*cells[d][n]),
                    )
                )
        Neighbourhood.objects.bulk_create(neighbourhoods)

        for index, area in enumerate(neighbourhoods):
            d, n = divmod(index, scale.neighbourhoods_per_district)
            pc4 = 9100 + (d + 1) * 10 + (n + 1)
            codes = [
                normalise_postcode(f"{pc4}{pair}")
                for pair in sorted(rng.sample(letter_pairs, scale.letter_pairs))
            ]
            streets = [next(street_iter) for _ in range(per_area_streets)]
            postcodes += [Postcode(postcode=code, neighbourhood=area) for code in codes]
            self.areas.append(
                _Area(
                    id=area.id,
                    district_index=d,
                    postcodes=codes,
                    streets=[rng.choice(streets) for _ in codes],
                )
            )
        Postcode.objects.bulk_create(postcodes, batch_size=BATCH_SIZE)
        self.area_weights = [rng.uniform(0.5, 1.5) for _ in self.areas]
        self.counts["districts"] = len(districts)
        self.counts["neighbourhoods"] = len(neighbourhoods)
        self.counts["postcodes"] = len(postcodes)
        self.say(
            f"{MUNICIPALITY_NAME}: {len(districts)} wijken, "
            f"{len(neighbourhoods)} buurten, {len(postcodes)} postcodes"
        )

    # Organisations and teams -------------------------------------------------
    @transaction.atomic
    def _organisations_and_teams(self) -> None:
        organisations = Organisation.objects.bulk_create(
            Organisation(name=name, kind=kind, partner_role=role, municipality=self.municipality)
            for name, kind, role in ORGANISATIONS
        )
        self.organisations = {org.kind: org for org in organisations}
        welfare = self.organisations[Organisation.Kind.WELFARE]
        teams = Team.objects.bulk_create(
            Team(
                name=f"Wijkteam {district.name}",
                organisation=welfare,
                prototype=PROTOTYPES[d % len(PROTOTYPES)],
            )
            for d, district in enumerate(self.districts)
        )
        self.teams = teams
        Through = Team.neighbourhoods.through
        Through.objects.bulk_create(
            Through(team_id=teams[area.district_index].id, neighbourhood_id=area.id)
            for area in self.areas
        )
        self.counts["organisations"] = len(organisations)
        self.counts["teams"] = len(teams)
        self.say(f"{len(organisations)} organisaties, {len(teams)} wijkteams")

    # Staff -------------------------------------------------------------------
    @transaction.atomic
    def _staff(self) -> None:
        rng = self.rng
        unusable = make_password(None)
        users: list[User] = []
        memberships: list[tuple[int, dict]] = []  # (index into users, Membership fields)

        def add(username: str, role: str, **membership) -> None:
            first = rng.choice(self.male_names if rng.random() < 0.4 else self.female_names)
            prefix, last = rng.choice(self.surnames)
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=f"{prefix} {last}".strip(),
                    email=f"{username}@example.org",
                    role=role,
                    password=unusable,
                )
            )
            start = self.today - timedelta(days=rng.randint(30, 1800))
            memberships.append((len(users) - 1, {"start": start, **membership}))

        self.professionals: list[list[int]] = []  # per team: indexes into users
        for t, team in enumerate(self.teams, start=1):
            first_index = len(users)
            for n in range(1, self.scale.professionals_per_team + 1):
                add(f"mw-{t}-{n}", Role.PROFESSIONAL, team=team, discipline=rng.choice(DISCIPLINES))
            self.professionals.append(list(range(first_index, len(users))))
            add(f"tl-{t}", Role.TEAM_LEAD, team=team, discipline="teamleiding")

        municipality = self.organisations[Organisation.Kind.MUNICIPALITY]
        extra = max(2, len(self.teams) // 2)
        for n in range(1, extra + 1):
            add(f"mp-{n}", Role.INTAKE, organisation=municipality, discipline="meldpunt")
        for n in range(1, extra + 1):
            add(f"wc-{n}", Role.ASSESSOR, organisation=municipality, discipline="Wmo-consulent")
        for n in range(1, 2 + len(self.teams) // 6):
            add(f"bl-{n}", Role.POLICY, organisation=municipality, discipline="beleid")

        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(
            (Membership(user=users[i], **fields) for i, fields in memberships),
            batch_size=BATCH_SIZE,
        )
        self.professional_ids = [[users[i].id for i in team] for team in self.professionals]
        self.counts["users"] = len(users)
        self.say(f"{len(users)} medewerkers met lidmaatschap")


def _names(base: list[str], count: int) -> list[str]:
    names = list(base[:count])
    for suffix in NAME_SUFFIXES:
        if len(names) >= count:
            break
        names += [f"{name} {suffix}" for name in base[: count - len(names)]]
    n = 2
    while len(names) < count:
        names += [f"{name} {n}" for name in base[: count - len(names)]]
        n += 1
    return names


def _grid(districts: int, per_district: int) -> list[list[tuple[float, float, float, float]]]:
    """Rectangles (west, south, east, north) per district per neighbourhood:
    districts in a grid over the municipality, neighbourhoods in a grid inside
    their district, numbered from the north-west."""
    d_cols = math.ceil(math.sqrt(districts))
    d_rows = math.ceil(districts / d_cols)
    n_cols = math.ceil(math.sqrt(per_district))
    n_rows = math.ceil(per_district / n_cols)
    block_w = (LON_EAST - LON_WEST) / d_cols
    block_h = (LAT_NORTH - LAT_SOUTH) / d_rows
    cell_w, cell_h = block_w / n_cols, block_h / n_rows
    cells = []
    for d in range(districts):
        dx, dy = d % d_cols, d // d_cols
        row = []
        for n in range(per_district):
            nx, ny = n % n_cols, n // n_cols
            west = LON_WEST + dx * block_w + nx * cell_w
            north = LAT_NORTH - dy * block_h - ny * cell_h
            row.append((west, north - cell_h, west + cell_w, north))
        cells.append(row)
    return cells


def _polygon(west: float, south: float, east: float, north: float) -> dict:
    """A GeoJSON Polygon; the outer ring runs counter-clockwise (RFC 7946)."""
    w, s, e, n = (round(v, 6) for v in (west, south, east, north))
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
