import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import PersonFactory
from wijknet.people.models import new_pseudonym, search_key

pytestmark = pytest.mark.django_db

PSEUDONYM = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


def test_every_person_gets_a_stable_pseudonym_that_does_not_contain_their_data():
    person = PersonFactory(first_name="Saar", last_name="Kok")
    code = person.pseudonym
    assert PSEUDONYM.match(code)
    person.first_name = "Sara"
    person.save()
    person.refresh_from_db()
    assert person.pseudonym == code


def test_the_same_data_gives_a_different_pseudonym():
    twins = [
        PersonFactory(first_name="Saar", last_name="Kok", date_of_birth="1990-01-01")
        for _ in range(2)
    ]
    assert twins[0].pseudonym != twins[1].pseudonym


def test_pseudonyms_differ_between_persons():
    codes = {PersonFactory().pseudonym for _ in range(50)}
    assert len(codes) == 50


@given(st.text(alphabet="aáäbcçdeéëèfghiïjklmnoöpqrstuüvwxyz ", min_size=1, max_size=20))
def test_search_key_is_lower_case_without_accents(text):
    key = search_key(text)
    assert key == key.lower()
    assert not set(key) & set("áäçéëèïöü")


def test_pseudonym_generation_is_reproducible_with_a_seeded_rng():
    import random

    assert new_pseudonym(random.Random(7)) == new_pseudonym(random.Random(7))
