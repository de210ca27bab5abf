"""Overlap and gaps in the offer: service groups of (life domain, target
group, neighbourhood), counted in organisations, and the page for policy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import NeighbourhoodFactory, OrganisationFactory, UserFactory
from wijknet.core.models import Role
from wijknet.kaart import overlap, services
from wijknet.kaart.models import LifeDomain, TargetGroup

pytestmark = pytest.mark.django_db


def domain(code):
    return LifeDomain.objects.get(code=code)


def group(code):
    return TargetGroup.objects.get(code=code)


@pytest.fixture
def town():
    """Three neighbourhoods and offers with one overlap town-wide, one in a
    neighbourhood for older people, and money help missing in Zandpoort."""
    areas = {
        name: NeighbourhoodFactory(name=name) for name in ("Akkerwijk", "Veenhof", "Zandpoort")
    }
    orgs = {
        name: OrganisationFactory(name=name)
        for name in ("Geldwijzer", "Schuldhulpmaatje", "Buurtkracht", "Zorg Thuis", "Jong Leven")
    }

    def offer(org, name, domains, *, areas_=None, groups=None, **fields):
        return services.save_service(
            None,
            organisation=orgs[org],
            name=name,
            description="Iets.",
            life_domains=[domain(code) for code in domains],
            whole_municipality=areas_ is None,
            neighbourhoods=[areas[a] for a in areas_ or []],
            open_to_everyone=not groups,
            target_groups=[group(code) for code in groups or []],
            **fields,
        )

    # Money help: two organisations town-wide (overlap), one more in Veenhof only.
    offer("Geldwijzer", "Formulierenhulp", ["financien"])
    offer("Schuldhulpmaatje", "Schuldhulp", ["financien"])
    # The same organisation twice in a group is still one organisation.
    offer("Schuldhulpmaatje", "Budgetcursus", ["financien"])
    # Loneliness among older people in Veenhof: two organisations there.
    offer(
        "Buurtkracht",
        "Koffieochtend",
        ["sociale-contacten"],
        areas_=["Veenhof"],
        groups=["ouderen"],
    )
    offer(
        "Zorg Thuis",
        "Bezoekdienst",
        ["sociale-contacten"],
        areas_=["Veenhof", "Akkerwijk"],
        groups=["ouderen"],
    )
    # Young people in Akkerwijk: a different target group, so no overlap with the above.
    offer(
        "Jong Leven",
        "Jongerenwerk",
        ["sociale-contacten"],
        areas_=["Akkerwijk"],
        groups=["jongeren"],
    )
    # An inactive offer does not count.
    offer("Jong Leven", "Oude soos", ["sociale-contacten"], areas_=["Zandpoort"], status="inactive")
    # Housing only in Veenhof, by one organisation, open to everyone.
    offer("Buurtkracht", "Woonadvies", ["wonen"], areas_=["Veenhof"])
    offer(
        "Geldwijzer",
        "Geldspreekuur Veenhof",
        ["financien", "wonen"],
        areas_=["Veenhof"],
        groups=["ouderen"],
    )
    return {"areas": areas, "orgs": orgs}


def rows_of(analysis):
    return {
        (item.life_domain.code, item.target_label, item.area_label): item.organisations
        for item in analysis.overlaps
    }


def test_overlap_town_wide_and_in_a_neighbourhood(town):
    found = rows_of(overlap.analyse())
    assert found[("financien", "iedereen", "hele gemeente")] == ["Geldwijzer", "Schuldhulpmaatje"]
    assert found[("sociale-contacten", "ouderen", "Veenhof")] == ["Buurtkracht", "Zorg Thuis"]
    # One organisation is no overlap; nor are different target groups.
    assert ("sociale-contacten", "ouderen", "Akkerwijk") not in found
    assert ("sociale-contacten", "jongeren", "Akkerwijk") not in found
    assert ("wonen", "iedereen", "Veenhof") not in found
    # A neighbourhood is listed only where a local offer adds to the town-wide group.
    assert ("financien", "iedereen", "Veenhof") not in found
    assert ("financien", "ouderen", "Veenhof") not in found  # Geldwijzer alone for older people


def test_a_local_offer_adds_to_the_town_wide_group_in_its_neighbourhood(town):
    services.save_service(
        None,
        organisation=OrganisationFactory(name="Wijkbank"),
        name="Geldcafé",
        description="Iets.",
        life_domains=[domain("financien")],
        whole_municipality=False,
        neighbourhoods=[town["areas"]["Zandpoort"]],
    )
    analysis = overlap.analyse()
    item = next(
        i
        for i in analysis.overlaps
        if i.area_label == "Zandpoort" and i.life_domain.code == "financien"
    )
    assert item.organisations == ["Geldwijzer", "Schuldhulpmaatje", "Wijkbank"]
    assert item.local == ["Wijkbank"]


def test_gaps_are_neighbourhoods_without_any_offer_for_a_life_domain(town):
    analysis = overlap.analyse()
    gaps = {gap.life_domain.code: [a.name for a in gap.areas] for gap in analysis.gaps}
    assert gaps["wonen"] == ["Akkerwijk", "Zandpoort"]
    assert gaps["sociale-contacten"] == ["Zandpoort"]  # the inactive offer does not count
    assert "financien" not in gaps  # the town-wide offers reach everywhere
    assert gaps["vervoer"] == ["Akkerwijk", "Veenhof", "Zandpoort"]


def test_the_heat_map_counts_organisations_per_neighbourhood_and_domain(town):
    heat = overlap.analyse().heat_map
    counts = {
        (cell.area.name, cell.life_domain.code): cell.count for row in heat.rows for cell in row
    }
    assert counts[("Veenhof", "financien")] == 2  # Geldwijzer twice, Schuldhulpmaatje
    assert counts[("Zandpoort", "financien")] == 2
    assert counts[("Veenhof", "sociale-contacten")] == 2
    assert counts[("Akkerwijk", "sociale-contacten")] == 2  # Zorg Thuis and Jong Leven
    assert counts[("Zandpoort", "sociale-contacten")] == 0
    assert counts[("Veenhof", "wonen")] == 2
    gap = next(c for row in heat.rows for c in row if c.count == 0)
    assert (gap.fill, gap.ink) == ("#fdecea", "#a4000f")
    assert len(heat.legend) == 5 and heat.width > 0 and heat.height > 0


def test_one_life_domain_narrows_the_lists_not_the_heat_map(town):
    analysis = overlap.analyse(life_domain=domain("wonen"))
    assert analysis.overlaps == []
    assert [gap.life_domain.code for gap in analysis.gaps] == ["wonen"]
    assert len(analysis.heat_map.domains) == LifeDomain.objects.count()


@pytest.fixture
def policy_client(client):
    client.force_login(UserFactory(role=Role.POLICY))
    return client


def test_the_page_shows_the_chart_with_its_table_and_the_lists(policy_client, town):
    page = policy_client.get(reverse("kaart:overlap")).text
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="heat-title heat-desc"'
        in page
    )
    assert '<title id="heat-title">' in page and '<desc id="heat-desc">' in page
    assert "Legenda: aantal organisaties" in page
    assert '<table class="heat-table">' in page
    assert '<th scope="row">Zandpoort</th>' in page
    assert "Schuldhulpmaatje" in page
    assert "Buurten zonder aanbod" in page
    filtered = policy_client.get(reverse("kaart:overlap"), {"life_domain": domain("wonen").pk})
    assert "Geen overlap gevonden." in filtered.text


def test_the_page_costs_the_same_queries_with_more_services(policy_client, town):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert policy_client.get(reverse("kaart:overlap")).status_code == 200
        return len(queries)

    few = count()
    areas = list(town["areas"].values())
    for i in range(30):
        services.save_service(
            None,
            organisation=OrganisationFactory(),
            name=f"Aanbod {i}",
            description="Iets.",
            life_domains=[domain("gezondheid"), domain("wonen")],
            whole_municipality=i % 2 == 0,
            neighbourhoods=[] if i % 2 == 0 else areas[: 1 + i % 3],
            open_to_everyone=i % 3 == 0,
            target_groups=[] if i % 3 == 0 else [group("ouderen"), group("gezinnen")],
        )
    assert count() == few


def test_a_long_overlap_list_is_paged(policy_client, town, monkeypatch):
    from wijknet.kaart import views

    monkeypatch.setattr(views, "OVERLAP_SIZE", 1)
    first = policy_client.get(reverse("kaart:overlap")).text
    assert "2 groepen met overlap." in first and "Pagina 1 van 2" in first
    second = policy_client.get(reverse("kaart:overlap"), {"pagina": 2}).text
    assert "Buurtkracht, Zorg Thuis" in second and "Pagina 2 van 2" in second
