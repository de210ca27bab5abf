from django.contrib import admin

from wijknet.people.models import RelationType


@admin.register(RelationType)
class RelationTypeAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order"]
