from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "wijknet.cases"
    label = "cases"
    verbose_name = "Ondersteuningstrajecten"

    def ready(self):
        from django.db.models import Exists

        from wijknet.cases import selectors
        from wijknet.cases.models import Case
        from wijknet.people import registry
        from wijknet.volunteers import hooks

        # Tell people what cases hold about a person (see ``people.registry``).
        registry.register(
            registry.Holding(
                app=self.label,
                records_about=selectors.records_about_person,
                subjects={
                    "cases.case": _("het ondersteuningstraject van uw huishouden"),
                    "cases.application": _("een aanvraag van uw huishouden"),
                },
                household_page=selectors.household_trajectories,
            )
        )
        # Volunteers sits below cases and never imports it: what it needs of
        # cases is lent here (``volunteers.hooks``).
        hooks.register_case_reader(selectors.get_case)
        hooks.register_support(
            "cases",
            lambda person: Exists(Case.objects.filter(household__members__person_id=person)),
        )
