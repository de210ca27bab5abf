import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PersonFactory
from wijknet.core.pagination import keyset_page
from wijknet.people.models import Person

pytestmark = pytest.mark.django_db


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        st.sampled_from(["Bakker", "de Boer", "Jansen", "Visser", "Smit"]), min_size=0, max_size=30
    ),
    size=st.integers(1, 7),
)
def test_paging_by_key_visits_every_row_once_in_order(names, size):
    Person.objects.all().delete()
    for name in names:
        PersonFactory(last_name=name)
    expected = list(Person.objects.order_by("search_name", "id").values_list("id", flat=True))
    seen, cursor = [], None
    while True:
        page = keyset_page(Person.objects.all(), ("search_name", "id"), cursor, size)
        assert len(page.rows) <= size
        seen += [row.id for row in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == expected


def test_descending_keys_page_newest_first():
    people = [PersonFactory() for _ in range(5)]
    first = keyset_page(Person.objects.all(), ("-id",), None, 3)
    second = keyset_page(Person.objects.all(), ("-id",), first.next_cursor, 3)
    ids = [p.id for p in first.rows + second.rows]
    assert ids == sorted((p.id for p in people), reverse=True)
    assert second.next_cursor is None


def test_a_tampered_cursor_starts_at_the_top():
    PersonFactory()
    page = keyset_page(Person.objects.all(), ("search_name", "id"), "not-a-cursor!", 5)
    assert len(page.rows) == 1
