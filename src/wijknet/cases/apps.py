from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "wijknet.cases"
    label = "cases"
    verbose_name = "Ondersteuningstrajecten"

    def ready(self):
        # Tell people what cases hold about a person (see ``people.registry``).
        from wijknet.cases import selectors
        from wijknet.people import registry

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
