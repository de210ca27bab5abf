"""The municipality's residents: households of one to five with names,
ages and addresses, the teams' involvements with some of them, and consents
to share with another team."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.management.base import CommandError
from django.db import transaction

from wijknet.core.models import Confidentiality
from wijknet.demo.bulk import BATCH_SIZE
from wijknet.demo.world.data import (
    ADULT_AGE_BRACKETS,
    CITY,
    CONSENT_NOTES,
    HOUSE_NUMBER_SUFFIXES,
    HOUSEHOLD_SIZES,
    HOUSEHOLD_WEIGHTS,
    INVOLVEMENT_REASONS,
    SHARE_ACTIVE_INVOLVEMENT,
    SHARE_BSN,
    SHARE_CONSENT,
    SHARE_ENDED_INVOLVEMENT,
    SHARE_SECRET,
)
from wijknet.demo.world.draws import accumulate, plain_ascii
from wijknet.people.models import (
    Consent,
    Household,
    HouseholdMember,
    Involvement,
    Person,
    RelationType,
    search_key,
)


@dataclass
class _HouseholdRow:
    id: int
    district_index: int
    head_id: int


class Residents:
    """The phases after the places. Uses the generator's ``rng``, ``scale``,
    ``today``, name pools, ``bsns``, ``areas``, ``area_weights``, ``teams``
    and ``professional_ids``; leaves ``households`` and ``active``."""

    # Households and persons --------------------------------------------------
    def _households(self) -> None:
        rng = self.rng
        relations = dict(RelationType.objects.values_list("code", "id"))
        missing = {"head", "partner", "child", "parent", "housemate"} - relations.keys()
        if missing:
            raise CommandError(
                f"Relatiesoorten ontbreken ({', '.join(sorted(missing))}); draai eerst migrate."
            )
        self.relations = relations
        self.bsns = iter(self.valid_bsns)
        self.households: list[_HouseholdRow] = []
        cum_weights = list(accumulate(self.area_weights))

        remaining = self.scale.persons
        batch: list[tuple[Household, list[tuple[Person, str]], int]] = []
        persons = saved = 0
        while remaining > 0:
            size = min(remaining, rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0])
            area_index = rng.choices(range(len(self.areas)), cum_weights=cum_weights)[0]
            batch.append(self._household(size, area_index))
            remaining -= size
            persons += size
            if len(batch) >= BATCH_SIZE // 2 or remaining <= 0:
                self._save_households(batch)
                batch = []
                saved += 1
                if remaining > 0 and saved % 10 == 0:
                    self.say(f"  ... {persons} inwoners")
        self.counts["persons"] = persons
        self.counts["households"] = len(self.households)
        self.say(f"{persons} inwoners in {len(self.households)} huishoudens")

    def _household(self, size: int, area_index: int):
        rng, today = self.rng, self.today
        area = self.areas[area_index]
        prefix, last = rng.choice(self.surnames)
        secret = rng.random() < SHARE_SECRET
        confidentiality = Confidentiality.GEHEIM if secret else Confidentiality.VERTROUWELIJK

        # (relation code, age, sex, surname) per member; the head first.
        head_sex = "f" if rng.random() < 0.5 else "m"
        other_sex = "m" if head_sex == "f" else "f"
        members: list[tuple[str, int, str, tuple[str, str]]] = []
        surname = (prefix, last)
        if size == 1:
            members.append(("head", _adult_age(rng), head_sex, surname))
        elif size == 2:
            kind = rng.random()
            if kind < 0.72:
                age = _adult_age(rng)
                partner_age = min(98, max(18, age + rng.randint(-6, 6)))
                members += [
                    ("head", age, head_sex, surname),
                    ("partner", partner_age, other_sex, surname),
                ]
            elif kind < 0.87:
                age = rng.randint(28, 60)
                members += [
                    ("head", age, head_sex, surname),
                    ("child", _child_age(rng, age), _sex(rng), surname),
                ]
            elif kind < 0.94:
                age = rng.randint(30, 62)
                members += [
                    ("head", age, head_sex, surname),
                    ("parent", min(98, age + rng.randint(20, 35)), _sex(rng), surname),
                ]
            else:
                members += [
                    ("head", rng.randint(18, 35), head_sex, surname),
                    ("housemate", rng.randint(18, 35), _sex(rng), rng.choice(self.surnames)),
                ]
        else:
            age = rng.randint(25, 55)
            members.append(("head", age, head_sex, surname))
            children = size - 1
            if rng.random() < 0.85:
                partner_age = min(98, max(20, age + rng.randint(-5, 5)))
                members.append(("partner", partner_age, other_sex, surname))
                children -= 1
            if size >= 4 and rng.random() < 0.08:  # a grandparent moved in
                members.append(("parent", min(98, age + rng.randint(22, 35)), _sex(rng), surname))
                children -= 1
            members += [
                ("child", _child_age(rng, age), _sex(rng), surname) for _ in range(children)
            ]

        street_index = rng.randrange(len(area.postcodes))
        address = {
            "street": area.streets[street_index],
            "house_number": rng.randint(1, 180),
            "house_number_suffix": rng.choice(HOUSE_NUMBER_SUFFIXES) if rng.random() < 0.1 else "",
            "postcode": area.postcodes[street_index],
            "city": CITY,
            "neighbourhood_id": area.id,
        }
        household = Household(
            name=" ".join(part for part in ("Huishouden", prefix, last) if part),
            confidentiality=confidentiality,
        )
        people = []
        for relation, age, sex, (member_prefix, member_last) in members:
            first = rng.choice(self.female_names if sex == "f" else self.male_names)
            initials = first[0].upper() + "."
            if rng.random() < 0.3:
                initials += (
                    rng.choice(self.male_names if sex == "m" else self.female_names)[0] + "."
                )
            adult = age >= 18
            # No phone numbers: no Dutch range is reserved for fiction, so any
            # random number could belong to someone.
            phone = ""
            email = ""
            if adult and rng.random() < 0.35:
                local = plain_ascii(f"{first}.{member_prefix}{member_last}").replace(" ", "")
                email = f"{local}{rng.randint(1, 99)}@example.org"
            bsn = ""
            if rng.random() < SHARE_BSN:
                bsn = next(self.bsns, "")
            person = Person(
                first_name=first,
                initials=initials,
                name_prefix=member_prefix,
                last_name=member_last,
                date_of_birth=today - timedelta(days=int((age + rng.random()) * 365.2425)),
                bsn=bsn,
                phone=phone,
                email=email,
                pseudonym=self._pseudonym(),
                search_name=search_key(member_last, first),
                confidentiality=confidentiality,
                **address,
            )
            people.append((person, relation))
        return household, people, area.district_index

    @transaction.atomic
    def _save_households(self, batch) -> None:
        households = Household.objects.bulk_create(
            [household for household, _, _ in batch], batch_size=BATCH_SIZE
        )
        Person.objects.bulk_create(
            [person for _, people, _ in batch for person, _ in people], batch_size=BATCH_SIZE
        )
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(
                    household_id=household.id,
                    person_id=person.id,
                    relation_id=self.relations[relation],
                )
                for household, (_, people, _) in zip(households, batch, strict=True)
                for person, relation in people
            ],
            batch_size=BATCH_SIZE,
        )
        for household, (_, people, district_index) in zip(households, batch, strict=True):
            self.households.append(_HouseholdRow(household.id, district_index, people[0][0].id))

    # Involvements and consents -----------------------------------------------
    @transaction.atomic
    def _involvements(self) -> None:
        rng, today = self.rng, self.today
        involvements = []
        self.active: list[tuple[_HouseholdRow, date]] = []
        ended = 0
        for row in self.households:
            draw = rng.random()
            team = self.teams[row.district_index]
            if draw < SHARE_ACTIVE_INVOLVEMENT:
                started = today - timedelta(days=rng.randint(0, 730))
                involvements.append(
                    Involvement(
                        household_id=row.id,
                        team=team,
                        started_on=started,
                        reason=rng.choice(INVOLVEMENT_REASONS),
                    )
                )
                self.active.append((row, started))
            elif draw < SHARE_ACTIVE_INVOLVEMENT + SHARE_ENDED_INVOLVEMENT:
                started = today - timedelta(days=rng.randint(400, 1460))
                stopped = min(today - timedelta(days=1), started + timedelta(rng.randint(30, 360)))
                involvements.append(
                    Involvement(
                        household_id=row.id,
                        team=team,
                        started_on=started,
                        ended_on=stopped,
                        reason=rng.choice(INVOLVEMENT_REASONS),
                    )
                )
                ended += 1
        Involvement.objects.bulk_create(involvements, batch_size=BATCH_SIZE)
        self.counts["involvements"] = len(involvements)
        self.say(
            f"{len(involvements)} betrokkenheden ({len(self.active)} lopend, {ended} beëindigd)"
        )

    @transaction.atomic
    def _consents(self) -> None:
        rng, today = self.rng, self.today
        chosen = [item for item in self.active if rng.random() < SHARE_CONSENT]
        if not chosen and self.active:  # the demo shows at least one
            chosen = [rng.choice(self.active)]
        consents, shared_with = [], []
        for row, started in chosen:
            others = [team for team in self.teams if team is not self.teams[row.district_index]]
            days_known = min(364, (today - started).days)
            given = today - timedelta(days=rng.randint(0, days_known))
            consents.append(
                Consent(
                    person_id=row.head_id,
                    purpose=Consent.Purpose.SHARE,
                    given_on=given,
                    expires_on=given + timedelta(days=365) if rng.random() < 0.5 else None,
                    recorded_by_id=rng.choice(self.professional_ids[row.district_index]),
                    note=rng.choice(CONSENT_NOTES),
                )
            )
            shared_with.append(rng.choice(others))
        Consent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
        Through = Consent.teams.through
        Through.objects.bulk_create(
            (
                Through(consent_id=consent.id, team_id=team.id)
                for consent, team in zip(consents, shared_with, strict=True)
            ),
            batch_size=BATCH_SIZE,
        )
        self.counts["consents"] = len(consents)
        self.say(f"{len(consents)} toestemmingen om te delen met een ander team")


def _adult_age(rng: random.Random) -> int:
    low, high, _ = rng.choices(ADULT_AGE_BRACKETS, [w for _, _, w in ADULT_AGE_BRACKETS])[0]
    return rng.randint(low, high)


def _child_age(rng: random.Random, parent_age: int) -> int:
    return rng.randint(0, max(0, min(25, parent_age - 18)))


def _sex(rng: random.Random) -> str:
    return "f" if rng.random() < 0.5 else "m"
