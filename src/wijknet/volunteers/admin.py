"""Only the reference data: volunteers, requests and matches hold personal
data and stay out of the admin (docs/access-policy.md)."""

from django.contrib import admin

from wijknet.volunteers.models import Competence, Interest


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
