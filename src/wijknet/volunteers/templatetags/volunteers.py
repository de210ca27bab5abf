"""How a page names a volunteer: in full to whoever may see the full
registration, by first name and initial to every other team
(``core.access.with_volunteer_contact``)."""

from django import template

register = template.Library()


@register.filter
def volunteer_name(volunteer) -> str:
    """ "Femke Rozendaal" when the row says the reader sees the contact
    details, "Femke R." otherwise, also for a volunteer read without asking
    (no ``contact_visible``): a forgotten check shows too little, never too
    much."""
    if getattr(volunteer, "contact_visible", False) is True:
        return volunteer.full_name
    return volunteer.short_name
