"""Functional administration: configuration and reference data only. Person
records are deliberately not registered here (see docs/access-policy.md)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from wijknet.core.models import (
    Holiday,
    LegalTerm,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Postcode,
    Team,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["team", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Wijknet", {"fields": ["role", "clearance"]}),
    ]
    inlines = [MembershipInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]


@admin.register(LegalTerm)
class LegalTermAdmin(admin.ModelAdmin):
    list_display = ["key", "amount", "unit", "source"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "kind", "district"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "cbs_code"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "neighbourhood"]
    search_fields = ["postcode"]
    autocomplete_fields = ["neighbourhood"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "partner_role"]
    list_filter = ["kind", "partner_role"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "prototype"]
    list_filter = ["prototype"]
    search_fields = ["name"]
    filter_horizontal = ["neighbourhoods"]
