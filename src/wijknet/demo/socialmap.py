"""The social map (sociale kaart) of the synthetic municipality: providers,
offers, locations, opening times and contacts.

The phase has its own random stream, derived from the seed, and reads what
it needs from the database in a fixed order, so a municipality gets the same
map whether it is seeded in one go or had the map added to an older seed.
Offers are drawn from templates per kind of help; each names its
neighbourhood, location or provider, and a number where a name would repeat.
All names are invented; web addresses and e-mail addresses are on
example.org. There are no phone numbers: no Dutch number range is reserved
for fiction, so any number could belong to someone.

The templates live in ``socialmap_offers.toml`` (read by ``socialmap_offers``),
the other tables the builder draws from in ``socialmap_data``; this module is
the drawing and the saving.
"""

import itertools
import random
import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock

from django.conf import settings
from django.db.models import Min, Q

from wijknet.core.models import Municipality, Neighbourhood, Organisation, Postcode, Role, User
from wijknet.demo.bulk import BATCH_SIZE, insert_rows
from wijknet.demo.socialmap_data import (
    ACCESSIBILITY_SHARE,
    CLOSINGS,
    COMMUNITY_VENUES,
    CONTACT_TITLES,
    DAY_NAMES,
    EDITOR_KINDS,
    HOUSE_NAMES,
    NETWORK_OFFERS,
    OFFERING_KINDS,
    PROVIDER_ABOUT,
    PROVIDER_KINDS,
    PROVIDER_NAMES,
    REUSE_COMMUNITY_VENUE,
    SHARE_CONTACT,
    SHARE_INACTIVE,
    SHARE_NEVER_VERIFIED,
    SHARE_OVERDUE,
    SHARE_PROVIDERS_WITH_EDITOR,
    SHARE_WITH_SCHEDULE,
    VENUE_ABOUT,
    Kind,
)
from wijknet.demo.socialmap_offers import OFFERS, WMO_APPLY, Level, Offer
from wijknet.kaart.models import (
    AccessibilityFeature,
    Contact,
    LifeDomain,
    Location,
    MapEditor,
    PerformanceField,
    Schedule,
    Service,
    ServiceAtLocation,
    TargetGroup,
)
from wijknet.kaart.services import index_text_for
from wijknet.people.models import Person

CITY = "Wijkerveen"


@dataclass
class _Area:
    id: int
    name: str
    district: str
    district_id: int
    box: tuple[float, float, float, float]  # west, south, east, north
    addresses: list[tuple[str, str]]  # (postcode, street)


@dataclass
class _Provider:
    organisation: Organisation
    home: list[int]  # indexes of the areas it mostly works in; empty: the whole town
    weight: float
    offers: set[str] | None = None  # the offer keys it makes; None: any of its kind
    editor_id: int | None = None
    offices: dict[int, Location] = field(default_factory=dict)


@dataclass
class _World:
    areas: list[_Area]
    districts: dict[int, list[int]]  # district id -> area indexes
    organisations: list[Organisation]
    municipality: Municipality | None
    editors: list[int]
    target_groups: dict[str, TargetGroup]
    life_domains: dict[str, LifeDomain]
    performance_fields: dict[int, int]  # number -> id
    accessibility: dict[str, int]  # code -> id

    @classmethod
    def load(cls, fallback_streets: list[str]) -> "_World":
        neighbourhoods = list(
            Neighbourhood.objects.filter(kind=Neighbourhood.Kind.NEIGHBOURHOOD)
            .select_related("district")
            .order_by("id")
        )
        streets = dict(
            Person.objects.exclude(street="")
            .values("postcode")
            .annotate(street=Min("street"))
            .order_by("postcode")
            .values_list("postcode", "street")
        )
        addresses: dict[int, list[tuple[str, str]]] = {n.id: [] for n in neighbourhoods}
        for code, area in Postcode.objects.order_by("postcode").values_list(
            "postcode", "neighbourhood_id"
        ):
            if area in addresses:
                street = streets.get(code) or _fallback(fallback_streets, len(addresses[area]))
                addresses[area].append((code, street))
        areas, districts = [], {}
        for n in neighbourhoods:
            box = _box(n.geometry)
            if box is None or not addresses[n.id]:
                continue
            districts.setdefault(n.district_id, []).append(len(areas))
            areas.append(
                _Area(
                    n.id,
                    n.name,
                    n.district.name if n.district else CITY,
                    n.district_id,
                    box,
                    addresses[n.id],
                )
            )
        editors = list(
            User.objects.filter(
                Q(role=Role.INTAKE, username__startswith="mp-")
                | Q(role=Role.TEAM_LEAD, username__startswith="tl-")
            )
            .order_by("id")
            .values_list("id", flat=True)
        )
        return cls(
            areas=areas,
            districts=districts,
            organisations=list(Organisation.objects.order_by("id")),
            municipality=Municipality.objects.order_by("id").first(),
            editors=editors,
            target_groups={t.code: t for t in TargetGroup.objects.all()},
            life_domains={d.code: d for d in LifeDomain.objects.all()},
            performance_fields=dict(PerformanceField.objects.values_list("number", "id")),
            accessibility=dict(AccessibilityFeature.objects.values_list("code", "id")),
        )


def _fallback(streets: list[str], n: int) -> str:
    return streets[n % len(streets)] if streets else "Dorpsstraat"


def _box(geometry) -> tuple[float, float, float, float] | None:
    """The bounding box of a GeoJSON Polygon's outer ring."""
    if not geometry or geometry.get("type") != "Polygon":
        return None
    ring = geometry["coordinates"][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def seed_social_map(
    seed: int,
    *,
    services: int,
    providers: int,
    first_names: list[str],
    surnames: list[tuple[str, str]],
    streets: list[str],
    network: set[str],
    today: date,
    say=lambda message: None,
) -> dict:
    """Fill the social map; returns the counts. Expects the municipality's
    geography, organisations and staff (and, for street names, residents)."""
    builder = _MapBuilder(seed, _World.load(streets), first_names, surnames, today)
    if not builder.world.areas:
        say("Geen buurten: sociale kaart overgeslagen")
        return {}
    builder.add_providers(providers, network)
    for _ in range(services):
        builder.add_service()
    counts = builder.save()
    say(
        f"Sociale kaart: {counts['services']} aanbod bij "
        f"{len({s.organisation_id for s in builder.services})} organisaties "
        f"({counts['map_organisations']} nieuw), {counts['locations']} locaties, "
        f"{counts['schedules']} tijden"
    )
    return counts


class _MapBuilder:
    def __init__(self, seed, world: _World, first_names, surnames, today: date):
        # Its own stream: the map does not shift when other phases change.
        self.rng = random.Random(f"wijknet-sociale-kaart-{seed}")
        self.world = world
        self.first_names = first_names
        self.surnames = surnames
        self.today = today
        self.review_days = 30 * settings.WIJKNET_MAP_REVIEW_MONTHS
        self.providers: list[_Provider] = []
        self.new_organisations: list[Organisation] = []
        self.editors: list[MapEditor] = []
        self.venues: dict[int, dict[str, Location]] = {}  # area index -> name -> venue
        self.locations: list[Location] = []
        self.location_features: list[tuple[Location, int]] = []
        self.services: list[Service] = []
        self.relations: list[tuple[Service, str, int]] = []  # (service, through field, id)
        self.at_locations: list[tuple[Service, Location]] = []
        self.schedules: list[Schedule] = []
        self.contacts: list[Contact] = []
        self.names: Counter = Counter()
        self.offer_weights = list(itertools.accumulate(offer.weight for offer in OFFERS))
        self.candidates: dict[str, tuple[list, list]] = {}
        self.venue_owner: Organisation | None = None

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # Providers -------------------------------------------------------------------
    def add_providers(self, count: int, network: set[str]) -> None:
        """The seeded network's organisations plus ``count`` invented ones.
        Names are drawn against the network's names only, so a map added to
        an older seed gets the same providers (reusing any that exist)."""
        rng, world = self.rng, self.world
        places = [CITY, *dict.fromkeys(a.district for a in world.areas)]
        places += [a.name for a in world.areas]
        kinds, weights = list(PROVIDER_KINDS), list(PROVIDER_KINDS.values())
        taken = set(network)
        drafts = []
        for _ in range(count):
            kind = rng.choices(kinds, weights)[0]
            pattern, offers = rng.choice(PROVIDER_NAMES[kind])
            name = pattern.format(plaats=rng.choice(places), naam=rng.choice(HOUSE_NAMES))
            name = _numbered(name, taken)
            taken.add(name)
            district = rng.choice(sorted(world.districts))
            drafts.append((kind, name, offers, district, self.uuid()))

        invented = {name for _, name, _, _, _ in drafts}
        core_weight = 1 + count / 20
        for org in world.organisations:
            if org.kind in OFFERING_KINDS and org.name not in invented:
                offers = NETWORK_OFFERS.get(org.kind)
                self.providers.append(_Provider(org, [], core_weight, offers))
        self.venue_owner = next(
            (p.organisation for p in self.providers if p.organisation.kind == Kind.WELFARE), None
        )
        existing = {org.name: org for org in world.organisations}
        created = []
        for kind, name, offers, district, hsds_id in drafts:
            organisation = existing.get(name)
            if organisation is None:
                slug = _slug(name)
                organisation = Organisation(
                    hsds_id=hsds_id,
                    name=name,
                    kind=kind,
                    description=PROVIDER_ABOUT[kind],
                    email=f"{_slug(name, 40)}@example.org",
                    website=f"https://example.org/{slug}",
                    partner_role=Organisation.PartnerRole.SHELL,
                    municipality=world.municipality,
                )
                created.append(organisation)
            self.providers.append(_Provider(organisation, world.districts[district], 1.0, offers))
        Organisation.objects.bulk_create(created, batch_size=BATCH_SIZE)
        self.new_organisations = created

        editors = dict(MapEditor.objects.values_list("organisation_id", "user_id"))
        for provider in self.providers:
            core = not provider.home
            chosen = rng.random() < (1.0 if core else SHARE_PROVIDERS_WITH_EDITOR)
            user = rng.choice(world.editors) if world.editors else None
            organisation = provider.organisation
            if organisation.pk in editors:
                provider.editor_id = editors[organisation.pk]
            elif chosen and user is not None and organisation.kind in EDITOR_KINDS:
                provider.editor_id = user
                self.editors.append(MapEditor(organisation=organisation, user_id=user))

    def provider_for(self, offer: Offer) -> _Provider:
        """The providers that offer this kind of help, with cumulative weights."""
        if offer.key not in self.candidates:
            of_kind = [p for p in self.providers if p.organisation.kind in offer.kinds]
            candidates = [p for p in of_kind if p.offers is None or offer.key in p.offers]
            candidates = candidates or of_kind
            if not candidates:
                candidates = [p for p in self.providers if p.organisation.kind != Kind.MUNICIPALITY]
            weights = list(itertools.accumulate(p.weight for p in candidates))
            self.candidates[offer.key] = (candidates, weights)
        candidates, weights = self.candidates[offer.key]
        return self.rng.choices(candidates, cum_weights=weights)[0]

    # Services --------------------------------------------------------------------
    def add_service(self) -> None:
        rng, world = self.rng, self.world
        offer = rng.choices(OFFERS, cum_weights=self.offer_weights)[0]
        provider = self.provider_for(offer)
        organisation = provider.organisation

        # Where: 1-3 neighbourhoods, mostly in the provider's district, or the town.
        local = rng.random() < offer.local
        home = provider.home or range(len(world.areas))
        first = rng.choice(home) if rng.random() < 0.75 else rng.randrange(len(world.areas))
        served = [first]
        if local:
            extra = rng.choices((0, 1, 2), (65, 25, 10))[0]
            nearby = [i for i in world.districts[world.areas[first].district_id] if i != first]
            served += rng.sample(nearby, min(extra, len(nearby)))
        area = world.areas[first]

        # The location: a community venue, the provider's own premises, or none.
        location = None
        if offer.venue and rng.random() < offer.at_venue:
            if offer.venue == "community":
                location = self.community_venue(first)
            else:
                location = self.own_location(provider, first, local)

        level = _weighted(rng, offer.levels)
        open_to_everyone = rng.random() < offer.open
        groups = [code for code in offer.groups if rng.random() < 0.6]
        if not open_to_everyone and not groups:
            groups = [rng.choice(offer.groups)] if offer.groups else []
            open_to_everyone = not groups
        if open_to_everyone and len(groups) > 1:
            groups = groups[:1]  # "especially for ..."
        domains = [offer.domains[0]] + [code for code in offer.domains[1:] if rng.random() < 0.7]
        if rng.random() < 0.1:
            domains.append(rng.choice(list(world.life_domains)))
        domains = list(dict.fromkeys(code for code in domains if code in world.life_domains))
        groups = [code for code in groups if code in world.target_groups]
        free = rng.random() < offer.free or not offer.fees
        fees = "" if free else rng.choice(offer.fees)

        names = [n for n in offer.names if location is not None or "{plek}" not in n]
        base = rng.choice(names).format(
            buurt=area.name if local else CITY,
            wijk=area.district if local else CITY,
            plek=location.name if location is not None else "",
            org=organisation.name,
        )
        name = base if not self.names[base] else f"{base} {self.names[base] + 1}"
        self.names[base] += 1
        description = " ".join(
            part
            for part in (rng.choice(offer.what), rng.choice(offer.more), rng.choice(CLOSINGS))
            if part
        )
        apply = rng.choice(offer.apply)
        if level == Level.INDIVIDUAL and "Wmo-consulent" not in apply:
            apply = rng.choice(WMO_APPLY)
        slug = _slug(organisation.name, 60)
        verified = self.verified_on()
        alternate = ""
        if offer.alternate and rng.random() < 0.5:
            alternate = rng.choice(offer.alternate)
        inactive = rng.random() < SHARE_INACTIVE
        service = Service(
            hsds_id=self.uuid(),
            organisation=organisation,
            name=name[:200],
            alternate_name=alternate,
            description=description,
            working_method=rng.choice(offer.method),
            open_to_everyone=open_to_everyone,
            minimum_age=offer.ages[0],
            maximum_age=offer.ages[1],
            ladder_level=level,
            whole_municipality=not local,
            is_free=free,
            fees_description=fees,
            application_process=apply,
            url=f"https://example.org/{slug}/{_slug(name, 80)}",
            email=f"{offer.key}.{_slug(organisation.name, 40)}@example.org",
            languages=offer.languages or ("Nederlands" if rng.random() < 0.3 else ""),
            volunteers=(
                "Vrijwilligers voeren het uit, met steun van een beroepskracht."
                if offer.volunteer_run
                else ""
            ),
            partnerships=self.partnership(provider),
            status=Service.Status.INACTIVE if inactive else Service.Status.ACTIVE,
            last_verified_on=verified,
            editor_id=provider.editor_id,
        )
        # In the labels' own order, as reindex() reads them back.
        service.search_text = index_text_for(
            service,
            target_groups=_in_order(world.target_groups[code] for code in groups),
            life_domains=_in_order(world.life_domains[code] for code in domains),
        )
        self.services.append(service)
        self.relations += [(service, "targetgroup", world.target_groups[c].id) for c in groups]
        self.relations += [(service, "lifedomain", world.life_domains[c].id) for c in domains]
        self.relations += [
            (service, "performancefield", world.performance_fields[n])
            for n in offer.fields
            if n in world.performance_fields
        ]
        if local:
            self.relations += [(service, "neighbourhood", world.areas[i].id) for i in served]
        if location is not None:
            self.at_locations.append((service, location))
            if not local and rng.random() < 0.3:  # a town-wide offer at a second place
                second = self.community_venue(rng.randrange(len(world.areas)))
                if second is not location:
                    self.at_locations.append((service, second))
        if offer.times and rng.random() < SHARE_WITH_SCHEDULE:
            picks = [rng.choice(offer.times)]
            if rng.random() < 0.15:
                picks.append(rng.choice(offer.times))
            for byday, opens, closes in dict.fromkeys(picks):
                self.schedules.append(self.schedule(service, byday, opens, closes))
        if rng.random() < SHARE_CONTACT:
            self.contacts.append(self.contact(service))

    def verified_on(self) -> date | None:
        rng, review = self.rng, self.review_days
        draw, days = rng.random(), rng.random()
        if draw < SHARE_NEVER_VERIFIED:
            return None
        if draw < SHARE_NEVER_VERIFIED + SHARE_OVERDUE:  # due for review
            return self.today - timedelta(days=review + 1 + int(days * (730 - review - 1)))
        return self.today - timedelta(days=int(days * (review - 30)))

    def partnership(self, provider: _Provider) -> str:
        rng = self.rng
        other = rng.choice(self.providers)
        if rng.random() < 0.15 and other is not provider:
            return f"In samenwerking met {other.organisation.name}."
        return ""

    # Locations -------------------------------------------------------------------
    def community_venue(self, index: int) -> Location:
        """A buurthuis, library or church hall in the neighbourhood, often one
        that other offers use too."""
        rng = self.rng
        venues = self.venues.setdefault(index, {})
        reuse = rng.random()
        if venues and reuse < REUSE_COMMUNITY_VENUE:
            return venues[rng.choice(list(venues))]
        area = self.world.areas[index]
        pattern = _weighted(rng, COMMUNITY_VENUES)
        name = pattern.format(naam=rng.choice(HOUSE_NAMES), buurt=area.name)
        owner = self.venue_owner if rng.random() < 0.4 else None
        about = rng.choice(VENUE_ABOUT)
        if name not in venues:
            venues[name] = self.location(index, name, owner, about)
        return venues[name]

    def own_location(self, provider: _Provider, index: int, local: bool) -> Location:
        """The provider's premises in the neighbourhood; a town-wide offer
        uses the provider's first premises wherever they are."""
        office = provider.offices.get(index)
        if office is None and not local and provider.offices:
            office = next(iter(provider.offices.values()))
        if office is None:
            area = self.world.areas[index]
            office = self.location(
                index,
                f"{provider.organisation.name}, {area.name}",
                provider.organisation,
                PROVIDER_ABOUT.get(provider.organisation.kind, ""),
            )
            provider.offices[index] = office
        return office

    def location(self, index: int, name: str, owner, about: str) -> Location:
        rng, area = self.rng, self.world.areas[index]
        west, south, east, north = area.box
        postcode, street = rng.choice(area.addresses)
        margin_x, margin_y = (east - west) * 0.1, (north - south) * 0.1
        location = Location(
            hsds_id=self.uuid(),
            organisation=owner,
            name=name[:200],
            description=about,
            transportation=rng.choice(
                (
                    f"Bushalte {street} op loopafstand; fietsenstalling bij de ingang.",
                    "Parkeren voor de deur; de bus stopt om de hoek.",
                    "",
                )
            ),
            street=f"{street} {rng.randint(1, 180)}",
            postcode=postcode,
            city=CITY,
            neighbourhood_id=area.id,
            latitude=round(rng.uniform(south + margin_y, north - margin_y), 6),
            longitude=round(rng.uniform(west + margin_x, east - margin_x), 6),
        )
        self.locations.append(location)
        features = [code for code, share in ACCESSIBILITY_SHARE.items() if rng.random() < share]
        if "rolstoel" not in features and "invalidentoilet" in features:
            features.remove("invalidentoilet")
        self.location_features += [
            (location, self.world.accessibility[code])
            for code in features
            if code in self.world.accessibility
        ]
        return location

    # Times and contacts ----------------------------------------------------------
    def schedule(self, service: Service, byday: str, opens: str, closes: str) -> Schedule:
        rng = self.rng
        valid_from = valid_to = None
        if rng.random() < 0.05:  # runs until the summer, or started recently
            valid_to = self.today + timedelta(days=rng.randint(30, 200))
        elif rng.random() < 0.05:
            valid_from = self.today - timedelta(days=rng.randint(1, 90))
        return Schedule(
            hsds_id=self.uuid(),
            service=service,
            byday=byday,
            opens_at=_clock(opens),
            closes_at=_clock(closes),
            valid_from=valid_from,
            valid_to=valid_to,
            description=describe_times(byday, opens, closes),
        )

    def contact(self, service: Service) -> Contact:
        rng = self.rng
        first = rng.choice(self.first_names)
        prefix, last = rng.choice(self.surnames)
        local = _slug(f"{first}.{prefix}{last}").replace("-", "")
        return Contact(
            hsds_id=self.uuid(),
            service=service,
            name=" ".join(part for part in (first, prefix, last) if part),
            title=rng.choice(CONTACT_TITLES),
            email=f"{local[:40]}{rng.randint(1, 99)}@example.org",
        )

    # Saving ----------------------------------------------------------------------
    def save(self) -> dict:
        Location.objects.bulk_create(self.locations, batch_size=BATCH_SIZE)
        insert_rows(
            Location.accessibility.through,
            ("location", "accessibilityfeature"),
            [(loc.id, feature) for loc, feature in self.location_features],
        )
        Service.objects.bulk_create(self.services, batch_size=BATCH_SIZE)
        throughs = {
            "targetgroup": Service.target_groups.through,
            "lifedomain": Service.life_domains.through,
            "performancefield": Service.performance_fields.through,
            "neighbourhood": Service.neighbourhoods.through,
        }
        for name, Through in throughs.items():
            pairs = [(s.id, pk) for s, relation, pk in self.relations if relation == name]
            insert_rows(Through, ("service", name), pairs)
        ServiceAtLocation.objects.bulk_create(
            (
                ServiceAtLocation(hsds_id=self.uuid(), service_id=s.id, location_id=loc.id)
                for s, loc in self.at_locations
            ),
            batch_size=BATCH_SIZE,
        )
        for schedule in self.schedules:
            schedule.service_id = schedule.service.id
        Schedule.objects.bulk_create(self.schedules, batch_size=BATCH_SIZE)
        for contact in self.contacts:
            contact.service_id = contact.service.id
        Contact.objects.bulk_create(self.contacts, batch_size=BATCH_SIZE)
        MapEditor.objects.bulk_create(self.editors, batch_size=BATCH_SIZE)
        return {
            "map_organisations": len(self.new_organisations),
            "services": len(self.services),
            "locations": len(self.locations),
            "schedules": len(self.schedules),
            "map_contacts": len(self.contacts),
            "map_editors": len(self.editors),
        }


def describe_times(byday: str, opens: str, closes: str) -> str:
    """'TU' 10:00-12:00 → 'elke dinsdag 10:00-12:00'."""
    days = byday.split(",")
    hours = f"{_short(opens)}-{_short(closes)}"
    if len(days) == 7:
        return f"elke dag {hours}"
    if days == ["MO", "TU", "WE", "TH", "FR"]:
        return f"maandag tot en met vrijdag {hours}"
    names = [DAY_NAMES[day] for day in days]
    if len(names) == 1:
        return f"elke {names[0]} {hours}"
    return f"{', '.join(names[:-1])} en {names[-1]} {hours}"


def _short(moment: str) -> str:
    hour, minute = moment.split(":")
    return f"{int(hour)}:{minute}"


def _clock(moment: str) -> clock:
    hour, minute = moment.split(":")
    return clock(int(hour), int(minute))


def _in_order(items) -> list:
    """Reference items sorted as their model's Meta.ordering sorts them."""
    return sorted(items, key=lambda item: (item.order, item.label))


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _numbered(name: str, taken: set[str]) -> str:
    """The name, or the name with the first free number: 'Stichting X 3'."""
    if name not in taken:
        return name
    n = 2
    while f"{name} {n}" in taken:
        n += 1
    return f"{name} {n}"


def _slug(text: str, limit: int = 200) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if c.isascii()).lower()
    return re.sub(r"[^a-z0-9]+", "-", text)[:limit].strip("-")
