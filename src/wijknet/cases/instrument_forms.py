"""Forms of the instruments tab. Field names match the keys of the errors
the services in ``instruments.py`` raise, so a service's error lands next to
its field."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.cases.forms import DATE
from wijknet.cases.models import (
    MatrixDomain,
    MatrixScore,
    Option,
    ProfileDomain,
    ProfileRow,
    QualityDimension,
    QualityRow,
)
from wijknet.cases.services.instruments import PROFILE_COLUMNS, QUALITY_COLUMNS
from wijknet.core.forms import Form, add_validation_errors
from wijknet.people.models import Person

WISH_SLOTS = 5
WORKSHEET_ROWS = 3
WORKSHEET_MAX_ROWS = 20
SMALL_TEXT = {"rows": 2}

# What the personal profile's domains include (docs/domain.md §4.5).
PROFILE_HELP = {
    ProfileDomain.SELF_CARE: _("Ook het huishouden en de financiën."),
    ProfileDomain.MEANING: _("Ook spiritualiteit en geloof."),
}


def household_members(case):
    return Person.objects.filter(membership__household_id=case.household_id).order_by(
        "date_of_birth", "pk"
    )


def level_choices(empty_label) -> list[tuple]:
    """The five levels of the matrix, with their number and Dutch name."""
    return [("", empty_label)] + [
        (value, f"{value}. {label}") for value, label in MatrixScore.Level.choices
    ]


def add_service_errors(form, error) -> None:
    """A service's ValidationError on the form, with the service's own keys
    moved to the field they are about where the form names one."""
    moved = getattr(form, "error_fields", {})
    if moved and hasattr(error, "error_dict"):
        error = type(error)(
            {moved.get(key, key): messages for key, messages in error.error_dict.items()}
        )
    add_validation_errors(form, error)


def _not_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class _ForPerson(Form):
    person = PersonChoiceField(
        label=_("Inwoner"),
        queryset=Person.objects.none(),
        empty_label=_("kies een lid van het huishouden"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household_members(case)


class MatrixForm(_ForPerson):
    """A new measurement: a level per active domain, an optional target."""

    # Each form of the tab has its own prefix, so that field ids are unique
    # on the page.
    prefix = "matrix"

    measured_on = forms.DateField(
        label=_("Datum meting"),
        widget=DATE,
        help_text=_("De meting gaat over de afgelopen 30 dagen."),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs=SMALL_TEXT),
    )

    def __init__(self, *args, case, domains=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.domains = list(
            domains if domains is not None else MatrixDomain.objects.filter(active=True)
        )
        levels = level_choices(_("kies een niveau"))
        targets = level_choices(_("geen doelniveau"))
        for domain in self.domains:
            self.fields[f"level_{domain.pk}"] = forms.TypedChoiceField(
                label=domain.name,
                choices=levels,
                coerce=int,
                error_messages={"required": _("Kies een niveau van 1 tot en met 5.")},
            )
            self.fields[f"target_{domain.pk}"] = forms.TypedChoiceField(
                label=_("doelniveau %(domain)s") % {"domain": domain.name},
                choices=targets,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def clean_measured_on(self):
        # Also checked by the service; here too, so that this error shows
        # together with a missing level instead of after it.
        return _not_future(
            self.cleaned_data["measured_on"], _("De datum van de meting ligt in de toekomst.")
        )

    def domain_rows(self) -> list[tuple]:
        return [
            (domain, self[f"level_{domain.pk}"], self[f"target_{domain.pk}"])
            for domain in self.domains
        ]

    def scores(self) -> dict[int, int]:
        return {d.pk: self.cleaned_data[f"level_{d.pk}"] for d in self.domains}

    def targets(self) -> dict[int, int | None]:
        return {d.pk: self.cleaned_data.get(f"target_{d.pk}") for d in self.domains}


class _Grid(_ForPerson):
    """A person's grid of categories × text columns (profile, quality)."""

    made_on = forms.DateField(label=_("Datum"), widget=DATE)

    categories: list[tuple[str, str]] = []
    columns: tuple[str, ...] = ()
    row_model = None
    help_texts: dict = {}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        for code, name in self.categories:
            for column in self.columns:
                self.fields[f"{code}_{column}"] = forms.CharField(
                    # The whole name, for the error summary; the page shows
                    # the column's name inside the category's fieldset.
                    label=f"{name}: {self.column_label(column)}",
                    max_length=2000,
                    required=False,
                    widget=forms.Textarea(attrs=SMALL_TEXT),
                )

    def clean_made_on(self):
        return _not_future(self.cleaned_data["made_on"], _("De datum ligt in de toekomst."))

    def column_label(self, column: str) -> str:
        return self.row_model._meta.get_field(column).verbose_name

    def sections(self) -> list[dict]:
        return [
            {
                "code": code,
                "name": name,
                "help": self.help_texts.get(code, ""),
                "fields": [
                    (self.column_label(column), self[f"{code}_{column}"]) for column in self.columns
                ],
            }
            for code, name in self.categories
        ]

    def rows(self) -> dict[str, tuple[str, ...]]:
        return {
            code: tuple(self.cleaned_data[f"{code}_{column}"] for column in self.columns)
            for code, _name in self.categories
        }


class ProfileForm(_Grid):
    prefix = "profiel"
    categories = ProfileDomain.choices
    columns = PROFILE_COLUMNS
    row_model = ProfileRow
    help_texts = PROFILE_HELP
    error_fields = {"wishes": "wish_1"}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        for rank in range(1, WISH_SLOTS + 1):
            self.fields[f"wish_{rank}"] = forms.CharField(
                label=_("Belangrijkste wens") if rank == 1 else _("Wens %(n)d") % {"n": rank},
                max_length=300,
                required=False,
            )

    def wish_fields(self) -> list:
        return [self[f"wish_{rank}"] for rank in range(1, WISH_SLOTS + 1)]

    def wishes(self) -> list[str]:
        return [self.cleaned_data[f"wish_{rank}"] for rank in range(1, WISH_SLOTS + 1)]


class QualityForm(_Grid):
    prefix = "kwaliteit"
    categories = QualityDimension.choices
    columns = QUALITY_COLUMNS
    row_model = QualityRow


class WorksheetForm(Form):
    """The options of one goal, each with pros and cons and the choice."""

    CHOICES = [("", _("geen keuze")), *Option.Choice.choices]

    def __init__(self, *args, worksheet=None, **kwargs):
        options = list(worksheet.options.all()) if worksheet else []
        if options and "initial" not in kwargs:
            kwargs["initial"] = {
                f"option_{i}_{name}": getattr(option, attr)
                for i, option in enumerate(options)
                for name, attr in (
                    ("description", "description"),
                    ("pros", "pros"),
                    ("cons", "cons"),
                    ("choice", "choice"),
                )
            }
        super().__init__(*args, **kwargs)
        self.count = max(WORKSHEET_ROWS, len(options) + 1, self._posted_rows())
        for i in range(self.count):
            n = i + 1
            self.fields[f"option_{i}_description"] = forms.CharField(
                label=_("Optie %(n)d") % {"n": n}, max_length=300, required=False
            )
            self.fields[f"option_{i}_pros"] = forms.CharField(
                label=_("Voordelen van optie %(n)d") % {"n": n},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs=SMALL_TEXT),
            )
            self.fields[f"option_{i}_cons"] = forms.CharField(
                label=_("Nadelen van optie %(n)d") % {"n": n},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs=SMALL_TEXT),
            )
            self.fields[f"option_{i}_choice"] = forms.ChoiceField(
                label=_("Keuze bij optie %(n)d") % {"n": n}, choices=self.CHOICES, required=False
            )

    def _posted_rows(self) -> int:
        """As many rows as were posted (a colleague may have added some since
        the page was opened), within reason."""
        if not self.is_bound:
            return 0
        pattern = re.compile(rf"^{re.escape(self.add_prefix('option_'))}(\d+)_description$")
        found = [int(m.group(1)) for key in self.data if (m := pattern.match(key))]
        return min(max(found, default=-1) + 1, WORKSHEET_MAX_ROWS)

    def option_rows(self) -> list[dict]:
        return [
            {
                "number": i + 1,
                "fields": [
                    self[f"option_{i}_{name}"] for name in ("description", "pros", "cons", "choice")
                ],
            }
            for i in range(self.count)
        ]

    def _chosen(self, choice: str) -> list[int]:
        return [
            i for i in range(self.count) if self.cleaned_data.get(f"option_{i}_choice") == choice
        ]

    def clean(self):
        data = super().clean()
        for choice, message in (
            (Option.Choice.BEST, _("Kies maar één optie als beste keuze.")),
            (Option.Choice.SECOND, _("Kies maar één optie als tweede keuze.")),
        ):
            for extra in self._chosen(choice)[1:]:
                self.add_error(f"option_{extra}_choice", message)
        return data

    def options(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [
            (data[f"option_{i}_description"], data[f"option_{i}_pros"], data[f"option_{i}_cons"])
            for i in range(self.count)
        ]

    def best(self) -> int | None:
        return next(iter(self._chosen(Option.Choice.BEST)), None)

    def second(self) -> int | None:
        return next(iter(self._chosen(Option.Choice.SECOND)), None)
