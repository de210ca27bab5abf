"""Reference data of the support trajectory in /beheer/: the domains of the
self-reliance matrix. Cases, plans and measurements are edited on the case
pages, which audit every read; they are not registered here."""

from django.contrib import admin

from wijknet.cases.models import Goal, MatrixDomain, MatrixScore


@admin.register(MatrixDomain)
class MatrixDomainAdmin(admin.ModelAdmin):
    """Name, order and whether the matrix form asks for the domain. A domain
    that a measurement or a goal uses stays (on_delete=PROTECT): switch off
    'in gebruik' instead, and the old measurements keep their scores."""

    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    ordering = ["order", "code"]

    def get_readonly_fields(self, request, obj=None):
        # The code names the domain in the API and in stored scores.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (
            MatrixScore.objects.filter(domain=obj).exists()
            or Goal.objects.filter(matrix_domain=obj).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)
