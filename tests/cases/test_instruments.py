"""The instruments of a case: the self-reliance matrix with its progress
between measurements, the personal profile, the quality-of-life grid and the
options worksheet, through their services and the instruments tab."""

import datetime
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, household_with
from wijknet.cases import services
from wijknet.cases.models import (
    MatrixDomain,
    MatrixMeasurement,
    MatrixScore,
    Option,
    OptionsWorksheet,
    PersonalProfile,
    ProfileRow,
    QualityGrid,
    QualityRow,
    ResultArea,
    Wish,
)
from wijknet.cases.services import instruments
from wijknet.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()

# docs/domain.md §4.4-4.6, word for word.
ZRM_DOMAINS = [
    "financiën",
    "werk & opleiding",
    "tijdsbesteding",
    "huisvesting",
    "huiselijke relaties",
    "geestelijke gezondheid",
    "lichamelijke gezondheid",
    "middelengebruik",
    "basale ADL",
    "instrumentele ADL",
    "sociaal netwerk",
    "maatschappelijke participatie",
    "justitie",
]
ZRM_LEVELS = [
    "acute problematiek",
    "niet zelfredzaam",
    "beperkt zelfredzaam",
    "voldoende zelfredzaam",
    "volledig zelfredzaam",
]
PROFILE_DOMAINS = [
    "wonen",
    "werken",
    "leren / opleiding",
    "recreëren / vrije tijd",
    "gezondheid",
    "persoonlijke (zelf)zorg",
    "sociale contacten",
    "zingeving",
]
QUALITY_DIMENSIONS = [
    "emotioneel welbevinden",
    "interpersoonlijke relaties",
    "materieel welbevinden",
    "persoonlijke ontplooiing",
    "lichamelijk welbevinden",
    "zelfbepaling",
    "sociale inclusie",
    "rechten",
]

# The page's query budget, measured: the same with one measurement as with
# three (and with profiles, grids and worksheets), because everything the
# tab shows is fetched with select_related and prefetch_related.
PAGE_QUERY_BUDGET = 18


def domain(name: str) -> MatrixDomain:
    return MatrixDomain.objects.get(name=name)


def levels(default: int = 3, **by_name) -> dict[int, int]:
    """A level for every active domain; ``by_name`` uses the domain's
    code (financien=2)."""
    return {d.pk: by_name.get(d.code, default) for d in MatrixDomain.objects.filter(active=True)}


def measure(actor, case, person, context, *, on=TODAY, targets=None, default=3, **by_code):
    return instruments.record_matrix(
        actor,
        case=case,
        person=person,
        measured_on=on,
        scores=levels(default, **by_code),
        targets=targets or {},
        note="",
        context=context,
    )


def members(case):
    return [m.person for m in case.household.members.select_related("person").order_by("pk")]


def tab(case) -> str:
    return reverse("cases:instruments", args=[case.pk])


def matrix_post(case, person, *, skip=(), **by_code) -> dict:
    data = {"person": person.pk, "measured_on": TODAY.isoformat(), "note": "thuis gemeten"}
    for d in MatrixDomain.objects.filter(active=True):
        if d.code not in skip:
            data[f"level_{d.pk}"] = str(by_code.get(d.code, 3))
            data[f"target_{d.pk}"] = ""
    return prefixed("matrix", data)


def prefixed(prefix: str, data: dict) -> dict:
    return {f"{prefix}-{key}": value for key, value in data.items()}


# --- Self-reliance matrix -------------------------------------------------------


def test_a_measurement_scores_every_zrm_domain_on_the_five_levels(case, professional, context):
    joke, _kees = members(case)
    financien = domain("financiën")
    measurement = measure(
        professional,
        case,
        joke,
        context,
        targets={financien.pk: 3},
        financien=1,
        justitie=5,
    )

    scores = MatrixScore.objects.filter(measurement=measurement).select_related("domain")
    assert sorted(s.domain.name for s in scores) == sorted(ZRM_DOMAINS)
    by_name = {s.domain.name: s for s in scores}
    assert by_name["financiën"].level == 1
    assert by_name["financiën"].get_level_display() == "acute problematiek"
    assert by_name["financiën"].target_level == 3
    assert by_name["justitie"].get_level_display() == "volledig zelfredzaam"
    assert [s.target_level for s in scores if s.domain.name != "financiën"] == [None] * 12
    assert [str(label) for _value, label in MatrixScore.Level.choices] == ZRM_LEVELS
    assert measurement.person == joke and measurement.author == professional
    assert AuditEvent.objects.filter(
        action="create", object_type="cases.case", object_id=str(case.pk), actor=professional
    ).exists()


def test_an_incomplete_or_wrong_measurement_is_refused_in_dutch_and_stores_nothing(
    case, professional, context
):
    stranger = PersonFactory(first_name="Ans", last_name="Elders")
    household_with(stranger)
    scores = levels(3)
    del scores[domain("justitie").pk]
    scores[domain("financiën").pk] = 6
    with pytest.raises(ValidationError) as refused:
        instruments.record_matrix(
            professional,
            case=case,
            person=stranger,
            measured_on=TODAY + datetime.timedelta(days=1),
            scores=scores,
            targets={domain("huisvesting").pk: 9},
            note="",
            context=context,
        )
    errors = refused.value.message_dict
    assert errors["person"] == ["Kies een lid van het huishouden van dit traject."]
    assert errors["measured_on"] == ["De datum van de meting ligt in de toekomst."]
    assert errors[f"level_{domain('justitie').pk}"] == ["Kies een niveau van 1 tot en met 5."]
    assert errors[f"level_{domain('financiën').pk}"] == ["Een niveau loopt van 1 tot en met 5."]
    assert errors[f"target_{domain('huisvesting').pk}"] == [
        "Een doelniveau loopt van 1 tot en met 5."
    ]
    assert "financiën, justitie" in errors["__all__"][0]
    assert MatrixMeasurement.objects.count() == 0
    assert MatrixScore.objects.count() == 0


def test_only_active_domains_are_scored(case, professional, context):
    joke, _kees = members(case)
    justitie = domain("justitie")
    justitie.active = False
    justitie.save()
    measurement = measure(professional, case, joke, context)
    assert measurement.scores.count() == 12
    with pytest.raises(ValidationError) as refused:
        instruments.record_matrix(
            professional,
            case=case,
            person=joke,
            measured_on=TODAY,
            scores={**levels(3), justitie.pk: 3},
            context=context,
        )
    assert "domeinen die in gebruik zijn" in refused.value.messages[0]
    assert MatrixMeasurement.objects.count() == 1


def test_progress_shows_the_change_between_first_and_latest_and_the_target(
    case, professional, client_of, context
):
    joke, kees = members(case)
    financien, netwerk = domain("financiën"), domain("sociaal netwerk")
    # Recorded out of date order: the progress follows the measuring dates.
    measure(
        professional,
        case,
        joke,
        context,
        on=TODAY - datetime.timedelta(days=2),
        targets={financien.pk: 4},
        financien=4,
        sociaal_netwerk=2,
    )
    measure(
        professional,
        case,
        joke,
        context,
        on=TODAY - datetime.timedelta(days=60),
        targets={financien.pk: 4, netwerk.pk: 4},
        financien=2,
        sociaal_netwerk=3,
    )
    measure(professional, case, kees, context, default=4)

    progress = instruments.matrix_progress(case)
    assert [p.person for p in progress] == [joke, kees]
    joke_progress = next(p for p in progress if p.person == joke)
    assert [m.measured_on for m in joke_progress.measurements] == [
        TODAY - datetime.timedelta(days=60),
        TODAY - datetime.timedelta(days=2),
    ]
    rows = {row.domain.name: row for row in joke_progress.domains}
    assert [row.domain.name for row in joke_progress.domains] == ZRM_DOMAINS
    assert (rows["financiën"].levels, rows["financiën"].change) == ([2, 4], 2)
    assert (rows["financiën"].target, rows["financiën"].target_reached) == (4, True)
    assert (rows["sociaal netwerk"].first, rows["sociaal netwerk"].latest) == (3, 2)
    assert rows["sociaal netwerk"].change == -1
    # The target is the latest measurement's: none was set there.
    assert rows["sociaal netwerk"].target is None
    assert rows["justitie"].change == 0
    kees_progress = next(p for p in progress if p.person == kees)
    assert {row.change for row in kees_progress.domains} == {None}

    page = client_of(professional).get(tab(case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "+2 (vooruit)" in html
    assert "-1 (achteruit)" in html
    assert "4 (bereikt)" in html
    assert "Zelfredzaamheid van Joke Veldhuis per domein en meting" in html


def test_a_target_not_yet_reached_shows_how_far_it_is(case, professional, client_of, context):
    joke, _kees = members(case)
    measure(professional, case, joke, context, targets={domain("financiën").pk: 5}, financien=2)
    html = client_of(professional).get(tab(case)).content.decode()
    assert "5 (nog 3 niveaus)" in html


# --- Persoonlijk Profiel ----------------------------------------------------------


def test_a_profile_keeps_the_eight_domains_and_ranks_the_wishes(case, professional, context):
    joke, _kees = members(case)
    profile = instruments.record_profile(
        professional,
        case=case,
        person=joke,
        rows={
            "housing": ("Woont zelfstandig, trap is zwaar", "Gelijkvloers wonen", ""),
            "social": ("Weinig bezoek", "Vaker de kleinkinderen zien", "Was actief in de kerk"),
        },
        wishes=["", "Weer zelf boodschappen doen", "  ", "Vaker de kleinkinderen zien"],
        context=context,
    )
    rows = {
        str(row.get_domain_display()): row for row in ProfileRow.objects.filter(profile=profile)
    }
    assert sorted(rows) == sorted(PROFILE_DOMAINS)
    assert rows["wonen"].current == "Woont zelfstandig, trap is zwaar"
    assert rows["wonen"].wishes == "Gelijkvloers wonen"
    assert rows["sociale contacten"].earlier == "Was actief in de kerk"
    assert rows["zingeving"].current == rows["zingeving"].wishes == ""
    assert list(Wish.objects.filter(profile=profile).values_list("rank", "text")) == [
        (1, "Weer zelf boodschappen doen"),
        (2, "Vaker de kleinkinderen zien"),
    ]


def test_a_profile_without_a_wish_is_refused_and_stores_nothing(case, professional, context):
    joke, _kees = members(case)
    with pytest.raises(ValidationError) as refused:
        instruments.record_profile(
            professional,
            case=case,
            person=joke,
            rows={"housing": ("Woont zelfstandig", "", ""), "dreams": ("x", "", "")},
            wishes=["", " "],
            context=context,
        )
    errors = refused.value.message_dict
    assert errors["wishes"] == [
        "Noteer minstens één wens: welke wensen zijn voor de inwoner het belangrijkst?"
    ]
    assert errors["__all__"] == ["Onbekende onderdelen: dreams."]
    assert PersonalProfile.objects.count() == ProfileRow.objects.count() == Wish.objects.count()
    assert PersonalProfile.objects.count() == 0


# --- Kwaliteit van Bestaan ----------------------------------------------------------


def test_a_quality_grid_keeps_eight_dimensions_with_four_columns(case, professional, context):
    _joke, kees = members(case)
    grid = instruments.record_quality_grid(
        professional,
        case=case,
        person=kees,
        rows={
            "emotional": ("Somber sinds het overlijden", "Weer plezier", "Rouwgroep", "Zus belt"),
            "rights": ("", "", "Hulp bij bezwaar", ""),
        },
        context=context,
    )
    rows = {str(row.get_dimension_display()): row for row in QualityRow.objects.filter(grid=grid)}
    assert sorted(rows) == sorted(QUALITY_DIMENSIONS)
    emotional = rows["emotioneel welbevinden"]
    assert (
        emotional.obstacles,
        emotional.wishes,
        emotional.needed_support,
        emotional.present_support,
    ) == ("Somber sinds het overlijden", "Weer plezier", "Rouwgroep", "Zus belt")
    assert rows["rechten"].needed_support == "Hulp bij bezwaar"


def test_an_empty_quality_grid_is_refused_and_stores_nothing(case, professional, context):
    _joke, kees = members(case)
    with pytest.raises(ValidationError) as refused:
        instruments.record_quality_grid(
            professional,
            case=case,
            person=kees,
            rows={"emotional": ("", " ", "", "")},
            context=context,
        )
    assert refused.value.messages == [
        "Vul minstens één vak in: een belemmering, wens of ondersteuning."
    ]
    assert QualityGrid.objects.count() == QualityRow.objects.count() == 0


# --- Werkblad Opties -------------------------------------------------------------------


def test_a_worksheet_records_the_best_and_second_choice_and_saving_again_replaces_it(
    case, goal, professional, context
):
    worksheet = instruments.save_worksheet(
        professional,
        case=case,
        goal=goal,
        options=[
            ("Buurthuis op dinsdag", "Dichtbij", "Drukke groep"),
            ("", "", ""),  # left empty: skipped
            ("Wandelclub", "Buiten", "Alleen bij droog weer"),
            ("Bezoekvrijwilliger", "Eén op één", "Wachtlijst"),
        ],
        best=3,
        second=0,
        context=context,
    )
    assert list(worksheet.options.values_list("description", "choice")) == [
        ("Buurthuis op dinsdag", Option.Choice.SECOND),
        ("Wandelclub", ""),
        ("Bezoekvrijwilliger", Option.Choice.BEST),
    ]
    assert Option.objects.get(choice="best").get_choice_display() == "beste keuze"

    instruments.save_worksheet(
        professional,
        case=case,
        goal=goal,
        options=[("Wandelclub", "", ""), ("Bezoekvrijwilliger", "", "")],
        best=0,
        second=None,
        context=context,
    )
    assert OptionsWorksheet.objects.count() == 1
    assert list(Option.objects.values_list("description", "choice")) == [
        ("Wandelclub", Option.Choice.BEST),
        ("Bezoekvrijwilliger", ""),
    ]


def test_a_worksheet_needs_two_options_a_best_choice_and_a_different_second(
    case, goal, professional, context
):
    with pytest.raises(ValidationError) as refused:
        instruments.save_worksheet(
            professional,
            case=case,
            goal=goal,
            options=[("Wandelclub", "Buiten", "")],
            best=0,
            second=0,
            context=context,
        )
    errors = refused.value.message_dict
    assert errors["options"] == ["Noteer minstens twee opties, zodat er iets te kiezen is."]
    assert errors["second"] == ["De tweede keuze moet een andere optie zijn dan de beste."]

    with pytest.raises(ValidationError) as refused:
        instruments.save_worksheet(
            professional,
            case=case,
            goal=goal,
            options=[("Wandelclub", "", ""), ("", "Goedkoop", ""), ("", "", "")],
            best=2,
            context=context,
        )
    errors = refused.value.message_dict
    assert errors["option_1_description"] == ["Beschrijf de optie."]
    assert errors["best"] == ["De beste keuze moet een ingevulde optie zijn."]
    assert OptionsWorksheet.objects.count() == Option.objects.count() == 0


def test_a_worksheet_is_only_for_a_goal_of_the_same_case(case, goal, professional, team_a, context):
    other_household = household_with(PersonFactory(last_name="Anders"), team=team_a)
    other_case = services.open_case(
        professional,
        household=other_household,
        team=team_a,
        start_reason="walk_in",
        context=context,
    )
    with pytest.raises(ValidationError) as refused:
        instruments.save_worksheet(
            professional,
            case=other_case,
            goal=goal,
            options=[("a", "", ""), ("b", "", "")],
            best=0,
            context=context,
        )
    assert refused.value.message_dict == {"goal": ["Kies een doel van dit traject."]}
    assert OptionsWorksheet.objects.count() == 0


def test_only_the_own_team_records_instruments_and_only_in_an_open_case(
    case, professional, professional_b, context
):
    joke, _kees = members(case)
    with pytest.raises(PermissionDenied):
        measure(professional_b, case, joke, context)
    services.close_case(
        professional,
        case=case,
        reason="goals_reached",
        aftercare_on=TODAY + datetime.timedelta(days=30),
        context=context,
    )
    with pytest.raises(ValidationError) as refused:
        measure(professional, case, joke, context)
    assert "afgesloten" in refused.value.messages[0]
    assert MatrixMeasurement.objects.count() == 0


# --- The tab ---------------------------------------------------------------------------


def test_another_team_does_not_find_the_tab(case, goal, professional_b, client_of):
    client = client_of(professional_b)
    joke = members(case)[0]
    assert client.get(tab(case)).status_code == 404
    assert (
        client.post(
            reverse("cases:instruments_matrix", args=[case.pk]), matrix_post(case, joke)
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("cases:instruments_worksheet", args=[case.pk, goal.pk]), {})
    ).status_code == 404
    assert MatrixMeasurement.objects.count() == 0


def test_a_team_that_reads_along_sees_the_instruments_but_cannot_post(
    case, professional, professional_b, team_b, client_of, context
):
    joke, _kees = members(case)
    measure(professional, case, joke, context, financien=2)
    services.request_consultation(
        professional,
        case=case,
        team=team_b,
        question="Kunnen jullie meedenken over de schulden?",
        consent_given=True,
        context=context,
    )
    client = client_of(professional_b)
    page = client.get(tab(case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zelfredzaamheid van Joke Veldhuis" in html
    assert "Meting opslaan" not in html
    assert "Profiel opslaan" not in html

    posted = client.post(
        reverse("cases:instruments_matrix", args=[case.pk]), matrix_post(case, joke)
    )
    assert posted.status_code == 403
    profile = client.post(
        reverse("cases:instruments_profile", args=[case.pk]),
        prefixed(
            "profiel", {"person": joke.pk, "made_on": TODAY.isoformat(), "wish_1": "Meer rust"}
        ),
    )
    assert profile.status_code == 403
    assert MatrixMeasurement.objects.count() == 1
    assert PersonalProfile.objects.count() == 0


def test_posting_a_measurement_redirects_with_a_message(case, professional, client_of):
    joke, _kees = members(case)
    client = client_of(professional)
    data = matrix_post(case, joke, financien=2)
    data[f"matrix-target_{domain('financiën').pk}"] = "4"
    response = client.post(reverse("cases:instruments_matrix", args=[case.pk]), data, follow=True)
    assert response.redirect_chain == [(tab(case) + "#matrix", 302)]
    assert "De meting van de zelfredzaamheidsmatrix is vastgelegd." in response.content.decode()
    score = MatrixScore.objects.get(domain__name="financiën")
    assert (score.level, score.target_level, score.measurement.note) == (2, 4, "thuis gemeten")


def test_a_wrong_measurement_shows_the_errors_in_dutch_and_keeps_the_input(
    case, professional, client_of
):
    joke, _kees = members(case)
    data = matrix_post(case, joke, skip=("justitie",), financien=5)
    data["matrix-measured_on"] = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = client_of(professional).post(
        reverse("cases:instruments_matrix", args=[case.pk]), data
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Controleer de gegevens" in html
    assert "justitie: Kies een niveau van 1 tot en met 5." in html
    assert "Datum meting: De datum van de meting ligt in de toekomst." in html
    assert "thuis gemeten</textarea>" in html
    assert '<option value="5" selected>5. volledig zelfredzaam</option>' in html
    assert MatrixMeasurement.objects.count() == 0


def test_a_closed_case_shows_no_forms_and_takes_no_measurement(
    case, professional, client_of, context
):
    joke, _kees = members(case)
    services.close_case(
        professional,
        case=case,
        reason="goals_reached",
        aftercare_on=TODAY + datetime.timedelta(days=30),
        context=context,
    )
    client = client_of(professional)
    assert "Meting opslaan" not in client.get(tab(case)).content.decode()
    response = client.post(
        reverse("cases:instruments_matrix", args=[case.pk]), matrix_post(case, joke), follow=True
    )
    assert response.redirect_chain == [(tab(case), 302)]
    assert "Dit traject is afgesloten." in response.content.decode()
    assert MatrixMeasurement.objects.count() == 0


def test_profile_and_quality_grid_are_added_through_the_tab(case, professional, client_of):
    _joke, kees = members(case)
    client = client_of(professional)
    refused = client.post(
        reverse("cases:instruments_profile", args=[case.pk]),
        prefixed(
            "profiel",
            {"person": kees.pk, "made_on": TODAY.isoformat(), "housing_current": "Huurhuis"},
        ),
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Belangrijkste wens: Noteer minstens één wens" in html
    assert "Huurhuis</textarea>" in html

    added = client.post(
        reverse("cases:instruments_profile", args=[case.pk]),
        prefixed(
            "profiel",
            {
                "person": kees.pk,
                "made_on": TODAY.isoformat(),
                "housing_current": "Huurhuis",
                "wish_1": "Een baan vinden",
                "wish_3": "Schulden afbetalen",
            },
        ),
    )
    assert added.status_code == 302
    assert list(Wish.objects.values_list("rank", "text")) == [
        (1, "Een baan vinden"),
        (2, "Schulden afbetalen"),
    ]

    grid = client.post(
        reverse("cases:instruments_quality", args=[case.pk]),
        prefixed(
            "kwaliteit",
            {
                "person": kees.pk,
                "made_on": TODAY.isoformat(),
                "inclusion_obstacles": "Geen vervoer",
            },
        ),
    )
    assert grid.status_code == 302
    page = client.get(tab(case)).content.decode()
    assert "Een baan vinden" in page
    assert "Geen vervoer" in page
    assert "Kwaliteit van bestaan van Kees Veldhuis" in page


def test_a_worksheet_is_saved_through_the_tab_with_one_best_choice(
    case, goal, professional, client_of
):
    client = client_of(professional)
    url = reverse("cases:instruments_worksheet", args=[case.pk, goal.pk])
    prefix = f"w{goal.pk}-"
    data = {
        prefix + "option_0_description": "Buurthuis",
        prefix + "option_0_choice": "best",
        prefix + "option_1_description": "Wandelclub",
        prefix + "option_1_choice": "best",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Kies maar één optie als beste keuze." in refused.content.decode()

    data[prefix + "option_1_choice"] = "second"
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert saved.url == tab(case) + f"#doel-{goal.pk}"
    assert list(Option.objects.values_list("description", "choice")) == [
        ("Buurthuis", "best"),
        ("Wandelclub", "second"),
    ]
    page = client.get(tab(case)).content.decode()
    assert "Opties voor 'Twee keer per week onder de mensen'" in page


class _Structure(HTMLParser):
    """What the accessibility test looks at: ids, labels, form controls,
    tables with their captions and header cells, and the headings."""

    def __init__(self):
        super().__init__()
        self.ids, self.label_for, self.controls, self.headings = [], [], [], []
        self.tables = self.captions = 0
        self.header_cells_without_scope = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.label_for.append(attrs["for"])
        if tag in ("select", "textarea") or (
            tag == "input" and attrs.get("type") not in ("hidden", "submit")
        ):
            self.controls.append(attrs.get("id"))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and attrs.get("scope") not in ("col", "row"):
            self.header_cells_without_scope += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))


def test_the_tab_labels_every_field_and_captions_every_table(
    case, goal, professional, client_of, context
):
    joke, _kees = members(case)
    measure(professional, case, joke, context, on=TODAY - datetime.timedelta(days=9))
    measure(professional, case, joke, context, financien=4)
    instruments.record_profile(
        professional, case=case, person=joke, rows={}, wishes=["Rust"], context=context
    )
    page = client_of(professional).get(tab(case))
    found = _Structure()
    found.feed(page.content.decode())

    assert [i for i, n in Counter(found.ids).items() if n > 1] == []
    # The site's own controls (language switch, search) are labelled too.
    assert len(found.controls) > 13 * 2 + 8 * 3 + 8 * 4
    assert [c for c in found.controls if c is None or c not in found.label_for] == []
    assert found.tables == found.captions >= 3
    assert found.header_cells_without_scope == 0
    steps = [b - a for a, b in zip(found.headings, found.headings[1:], strict=False)]
    assert found.headings[0] == 1 and max(steps) <= 1


def _fill_case(case, professional, context, measurements: int):
    joke, kees = members(case)
    for n in range(measurements):
        measure(
            professional,
            case,
            joke if n % 2 == 0 else kees,
            context,
            on=TODAY - datetime.timedelta(days=10 * n),
            targets={domain("financiën").pk: 4},
            financien=1 + n,
        )
    for person in (joke, kees)[: 1 if measurements == 1 else 2]:
        instruments.record_profile(
            professional,
            case=case,
            person=person,
            rows={"housing": ("a", "b", "c")},
            wishes=["eerste", "tweede"],
            context=context,
        )
        instruments.record_quality_grid(
            professional,
            case=case,
            person=person,
            rows={"rights": ("a", "", "", "")},
            context=context,
        )
    for n in range(measurements):
        goal = services.save_goal(
            professional,
            case=case,
            title=f"Doel {n}",
            result_area=ResultArea.PARTICIPATION,
            context=context,
        )
        instruments.save_worksheet(
            professional,
            case=case,
            goal=goal,
            options=[("a", "", ""), ("b", "", "")],
            best=0,
            context=context,
        )


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_tab_reads_in_a_fixed_number_of_queries(
    case, professional, client_of, context, django_assert_max_num_queries
):
    client = client_of(professional)
    _fill_case(case, professional, context, measurements=1)
    with django_assert_max_num_queries(PAGE_QUERY_BUDGET):
        one = _count_queries(client, tab(case))

    _fill_case(case, professional, context, measurements=2)  # three measurements now
    assert MatrixMeasurement.objects.count() == 3
    with django_assert_max_num_queries(PAGE_QUERY_BUDGET):
        three = _count_queries(client, tab(case))
    assert three == one
