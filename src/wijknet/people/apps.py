from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "wijknet.people"
    label = "people"
    verbose_name = _("Inwoners en huishoudens")

    def ready(self):
        # The person, their network map and household come first in the
        # registry; the apps above people add their own holdings after.
        from wijknet.people import registry, selectors

        registry.register(
            registry.Holding(
                app=self.label,
                records_about=selectors.records_about_person,
                subjects={
                    "people.person": _("uw persoonsgegevens"),
                    "people.household": _("uw huishouden"),
                    "people.networktie": _("uw netwerkkaart"),
                },
            )
        )
