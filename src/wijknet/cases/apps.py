from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wijknet.cases"
    label = "cases"
    verbose_name = "Ondersteuningstrajecten"

    def ready(self):
        # Volunteers sits below cases and never imports it: what it needs of
        # cases is lent here (``volunteers.hooks``).
        from django.db.models import Exists

        from wijknet.cases.models import Case
        from wijknet.cases.selectors import get_case
        from wijknet.volunteers import hooks

        hooks.register_case_reader(get_case)
        hooks.register_support(
            "cases",
            lambda person: Exists(Case.objects.filter(household__members__person_id=person)),
        )
