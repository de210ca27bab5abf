"""Dutch identifiers, validated once here and used by models, forms and the API."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

_CBS_PATTERNS = {
    "municipality": re.compile(r"^GM\d{4}$"),
    "district": re.compile(r"^WK\d{6}$"),
    "neighbourhood": re.compile(r"^BU\d{8}$"),
}


def validate_cbs_area_code(code: str, kind: str) -> None:
    if not _CBS_PATTERNS[kind].match(code or ""):
        examples = {"municipality": "GM0546", "district": "WK054601", "neighbourhood": "BU05460101"}
        raise ValidationError(
            _("Ongeldige CBS-code %(code)s; verwacht iets als %(example)s.")
            % {"code": code, "example": examples[kind]},
            code="cbs_code",
        )


def normalise_postcode(value: str) -> str:
    """Return the postcode as ``1234AB``, or raise ValidationError in Dutch."""
    try:
        return stdnum_postcode.compact(stdnum_postcode.validate(value or ""))
    except StdnumError:
        raise ValidationError(
            _("'%(value)s' is geen geldige Nederlandse postcode (bijvoorbeeld 1234 AB).")
            % {"value": value},
            code="postcode",
        ) from None


def format_postcode(compact: str) -> str:
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else compact


def normalise_bsn(value: str) -> str:
    """Return the nine-digit BSN, or raise ValidationError when the 11-proef fails."""
    try:
        return stdnum_bsn.validate(value or "")
    except StdnumError:
        raise ValidationError(
            _("Dit burgerservicenummer klopt niet (de elfproef faalt)."), code="bsn"
        ) from None
