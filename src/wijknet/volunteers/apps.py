from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "wijknet.volunteers"
    label = "volunteers"
    verbose_name = "Vrijwilligers en maatjes"
