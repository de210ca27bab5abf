from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wijknet.cases"
    label = "cases"
    verbose_name = "Ondersteuningstrajecten"
