from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "wijknet.volunteers"
    label = "volunteers"
    verbose_name = "Vrijwilligers en maatjes"

    def ready(self):
        # Tell people what volunteers hold about a person (see ``people.registry``).
        from wijknet.people import registry
        from wijknet.volunteers import selectors

        registry.register(
            registry.Holding(
                app=self.label,
                records_about=selectors.records_about_person,
                subjects={
                    "volunteers.request": _("uw hulpvraag voor een vrijwilliger"),
                    "volunteers.match": _("uw koppeling met een vrijwilliger"),
                    "volunteers.volunteer": _("uw gegevens als vrijwilliger"),
                },
                person_page=selectors.person_page_reciprocity,
            )
        )
