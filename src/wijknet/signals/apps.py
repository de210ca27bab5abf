from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "wijknet.signals"
    label = "signals"
    verbose_name = _("Meldpunt")

    def ready(self):
        # Tell people what signals hold about a person (see ``people.registry``).
        from wijknet.people import registry
        from wijknet.signals import selectors

        registry.register(
            registry.Holding(
                app=self.label,
                records_about=selectors.records_about_person,
                subjects={"signals.signal": _("een melding over u")},
            )
        )
