"""Small-cell suppression, the one rule every aggregate follows."""

from wijknet.core import disclosure
from wijknet.core.disclosure import Split


def test_a_small_count_is_hidden():
    assert disclosure.count(4) is None
    assert disclosure.count(5) == 5


def test_a_part_is_hidden_when_it_or_the_rest_is_small():
    assert disclosure.split(20, 10) == Split(20, 10, 50)
    assert disclosure.split(20, 3) == Split(20, None, None)
    assert disclosure.split(20, 17) == Split(20, None, None)
    assert disclosure.split(4, 2) == Split(None, None, None)


def test_the_total_is_hidden_when_it_would_give_a_hidden_row_away():
    rows, total = disclosure.split_table([(10, 5), (3, 1)])
    assert rows[1] == Split(None, None, None)
    assert total == Split(None, None, None)


def test_the_total_s_part_is_hidden_when_it_would_give_a_hidden_part_away():
    rows, total = disclosure.split_table([(10, 5), (10, 2)])
    assert rows[1] == Split(10, None, None)
    assert total == Split(20, None, None)


def test_a_total_that_reveals_nothing_is_shown():
    rows, total = disclosure.split_table([(10, 5), (10, 5), (4, 2), (4, 3), (4, 2)])
    assert rows[2:] == [Split(None, None, None)] * 3
    assert total == Split(32, 17, 53)


def test_no_rows_no_total():
    assert disclosure.split_table([]) == ([], None)
