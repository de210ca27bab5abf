import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from wijknet.core.validators import (
    format_postcode,
    normalise_bsn,
    normalise_postcode,
    validate_cbs_area_code,
)


@pytest.mark.parametrize("raw", ["1234AB", "1234 ab", " 1234ab "])
def test_postcode_is_normalised_to_compact_capitals(raw):
    assert normalise_postcode(raw) == "1234AB"


@pytest.mark.parametrize("raw", ["0123AB", "1234 SA", "1234 SS", "12345", "ABCD12", ""])
def test_invalid_postcodes_are_refused_in_dutch(raw):
    with pytest.raises(ValidationError, match="geen geldige Nederlandse postcode"):
        normalise_postcode(raw)


@given(
    st.integers(1000, 9999),
    st.sampled_from("ABCEFGHJKLMNPRTUVWXYZ"),
    st.sampled_from("ABCEFGHJKLMNPRTUVWXYZ"),
)
def test_postcode_formatting_round_trips(number, first, second):
    compact = f"{number}{first}{second}"
    assert normalise_postcode(format_postcode(compact)) == compact


def test_bsn_passes_the_eleven_test():
    assert normalise_bsn("999990019") == "999990019"


@given(st.integers(100_000_000, 999_999_999))
def test_bsn_is_accepted_exactly_when_the_eleven_test_holds(number):
    candidate = str(number)
    if stdnum_bsn.is_valid(candidate):
        assert normalise_bsn(candidate) == candidate
    else:
        with pytest.raises(ValidationError, match="elfproef"):
            normalise_bsn(candidate)


@pytest.mark.parametrize(
    ("code", "kind"),
    [("GM0546", "municipality"), ("WK054601", "district"), ("BU05460101", "neighbourhood")],
)
def test_cbs_codes_of_each_kind_are_accepted(code, kind):
    validate_cbs_area_code(code, kind)


@pytest.mark.parametrize(
    ("code", "kind"),
    [("BU05460101", "district"), ("WK0546", "district"), ("GM546", "municipality")],
)
def test_malformed_cbs_codes_are_refused(code, kind):
    with pytest.raises(ValidationError, match="CBS-code"):
        validate_cbs_area_code(code, kind)
