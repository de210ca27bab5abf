from django import template
from django.utils.translation import gettext as _

from wijknet.kaart.models import DAY_LABELS

register = template.Library()


@register.filter
def schedule_text(schedule) -> str:
    """'elke dinsdag en donderdag, 10:00-12:00', or the entry's own words."""
    if schedule.description:
        return schedule.description
    days = [str(DAY_LABELS[code]) for code in schedule.days]
    when = _("elke %(days)s") % {"days": " en ".join(days)} if days else ""
    if schedule.opens_at and schedule.closes_at:
        hours = f"{schedule.opens_at:%H:%M}-{schedule.closes_at:%H:%M}"
        return f"{when}, {hours}" if when else hours
    return when
