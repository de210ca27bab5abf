"""Reference lists of the social map and who keeps each organisation's
entries up to date. The entries themselves are edited on the staff pages
(kaart/views.py), which keep their history; they are not registered here."""

from django.contrib import admin

from wijknet.kaart.models import (
    AccessibilityFeature,
    LifeDomain,
    MapEditor,
    PerformanceField,
    TargetGroup,
)


class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order"]
    list_editable = ["order"]
    search_fields = ["label", "code"]
    ordering = ["order", "label"]


admin.site.register(TargetGroup, ReferenceItemAdmin)
admin.site.register(LifeDomain, ReferenceItemAdmin)
admin.site.register(AccessibilityFeature, ReferenceItemAdmin)


@admin.register(PerformanceField)
class PerformanceFieldAdmin(admin.ModelAdmin):
    list_display = ["number", "label"]
    ordering = ["number"]


@admin.register(MapEditor)
class MapEditorAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user"]
    search_fields = ["organisation__name", "user__username", "user__last_name"]
    autocomplete_fields = ["organisation", "user"]
    list_select_related = ["organisation", "user"]
