from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _

from wijknet.signals import urgency
from wijknet.signals.models import UrgencyBand


class UrgencyBandForm(forms.ModelForm):
    class Meta:
        model = UrgencyBand
        fields = [
            "code",
            "label",
            "min_score",
            "max_score",
            "signal_action",
            "reporter_action",
            "feedback_required",
            "urgent_consultation",
            "deadline_working_days",
        ]

    def clean(self):
        data = super().clean()
        low, high = data.get("min_score"), data.get("max_score")
        if low is None or high is None:
            return data
        if low > high or high > urgency.MAX_SCORE:
            raise forms.ValidationError(
                _("Een band loopt van een lagere naar een hogere score, binnen 0-10.")
            )
        others = UrgencyBand.objects.exclude(pk=self.instance.pk)
        for other in others:
            if low <= other.max_score and other.min_score <= high:
                raise forms.ValidationError(
                    _("Deze scores overlappen met band '%(band)s'.") % {"band": other}
                )
        return data


@admin.register(UrgencyBand)
class UrgencyBandAdmin(admin.ModelAdmin):
    """The bands are configuration: thresholds, actions and deadlines."""

    form = UrgencyBandForm
    list_display = [
        "label",
        "min_score",
        "max_score",
        "signal_action",
        "reporter_action",
        "feedback_required",
        "urgent_consultation",
        "deadline_working_days",
    ]

    def changelist_view(self, request, extra_context=None):
        try:
            urgency.check_bands([band.rule for band in UrgencyBand.objects.all()])
        except urgency.UrgencyError as error:
            messages.warning(
                request,
                _("De banden dekken de scores 0-10 niet precies één keer: %(error)s")
                % {"error": error},
            )
        return super().changelist_view(request, extra_context)
