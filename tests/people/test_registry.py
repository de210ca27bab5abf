"""The registry through which the apps above people tell it what they hold
about a person (``people.registry``)."""

from wijknet.people import registry


def test_every_app_that_holds_personal_data_is_registered_people_first():
    apps = [holding.app for holding in registry.holdings()]
    assert apps[0] == "people"
    assert set(apps) == {"people", "signals", "cases", "volunteers"}


def test_registering_again_replaces_the_holding_in_its_place():
    before = registry.holdings()
    people = before[0]
    try:
        registry.register(registry.Holding(app="people", records_about=lambda person: []))
        after = registry.holdings()
        assert [holding.app for holding in after] == [holding.app for holding in before]
        assert after[0] is not people
    finally:
        registry.register(people)
    assert registry.holdings() == before


def test_the_access_log_names_every_kind_of_record_it_can_show():
    names = registry.subject_names()
    assert names["people.person"] == "uw persoonsgegevens"
    assert {"cases.case", "signals.signal", "volunteers.match"} <= names.keys()
