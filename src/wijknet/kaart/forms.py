"""Staff forms of the social map. They translate input; the rules of an
entry and of its details live in services.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijknet.core import access
from wijknet.core.forms import Form, ModelForm, add_validation_errors
from wijknet.core.models import Neighbourhood, Organisation, User
from wijknet.core.validators import normalise_postcode
from wijknet.kaart.exchange import spreadsheet
from wijknet.kaart.models import DAY_CODES, DAY_LABELS, AccessibilityFeature, LifeDomain, Service
from wijknet.kaart.services import SERVICE_FIELDS, SERVICE_RELATIONS

EDITOR_ROLES = [role for role, caps in access.CAPABILITIES.items() if "kaart.edit" in caps]
PHONE_PATTERN = r"^\+?[0-9][0-9 ()\-]{5,19}$"

checkboxes = forms.CheckboxSelectMultiple


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ServiceForm(ModelForm):
    class Meta:
        model = Service
        formfield_callback = _formfield
        fields = [
            "organisation",
            "name",
            "alternate_name",
            "description",
            "working_method",
            "ladder_level",
            "life_domains",
            "performance_fields",
            "open_to_everyone",
            "target_groups",
            "minimum_age",
            "maximum_age",
            "whole_municipality",
            "neighbourhoods",
            "is_free",
            "fees_description",
            "application_process",
            "url",
            "email",
            "languages",
            "volunteers",
            "partnerships",
            "status",
            "editor",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "working_method": forms.Textarea(attrs={"rows": 4}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "ladder_level": forms.RadioSelect,
            "status": forms.RadioSelect,
            "life_domains": checkboxes,
            "performance_fields": checkboxes,
            "target_groups": checkboxes,
            "neighbourhoods": checkboxes,
        }
        help_texts = {
            "name": _("Zoals inwoners het aanbod kennen."),
            "description": _("In gewone taal: wat is het en wat heeft een inwoner eraan?"),
            "target_groups": _("Alleen nodig als het aanbod niet voor iedereen is."),
            "neighbourhoods": _("Alleen nodig als het aanbod niet in de hele gemeente is."),
            "fees_description": _("Verplicht als het aanbod niet gratis is."),
            "application_process": _("Bijvoorbeeld 'loop gewoon binnen' of 'via de huisarts'."),
            "url": _("Met https://, bijvoorbeeld https://www.voorbeeld.nl"),
            "languages": _("Bijvoorbeeld 'Nederlands, Engels, Arabisch'."),
            "editor": _("Wie dit aanbod actueel houdt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(
            kind=Neighbourhood.Kind.NEIGHBOURHOOD
        ).order_by("name")
        # Editors now, and whoever holds the entry, so an old choice stays valid.
        self.fields["editor"].queryset = User.objects.filter(
            Q(role__in=EDITOR_ROLES, is_active=True) | Q(pk=self.instance.editor_id)
        ).order_by("first_name", "last_name", "username")
        self.fields["editor"].empty_label = _("(niemand in het bijzonder)")

    def clean(self):
        data = super().clean()
        whole = data.get("whole_municipality")
        areas = data.get("neighbourhoods")
        if whole and areas:
            self.add_error(
                "neighbourhoods",
                _("Kies buurten óf 'voor de hele gemeente', niet allebei."),
            )
        elif whole is False and areas is not None and not areas:
            self.add_error(
                "neighbourhoods",
                _("Kies de buurten waar het aanbod is, of kies 'voor de hele gemeente'."),
            )
        return data

    def service_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (*SERVICE_FIELDS, *SERVICE_RELATIONS)
            if name in self.cleaned_data
        }


class LocationForm(Form):
    name = forms.CharField(
        label=_("Naam van de locatie"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld 'Buurthuis De Linde'. Leeg: de naam van het aanbod."),
    )
    street = forms.CharField(label=_("Straat en huisnummer"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        help_text=_("Hiermee vindt Wijknet de buurt van de locatie."),
    )
    city = forms.CharField(label=_("Plaats"), max_length=80, required=False)
    transportation = forms.CharField(
        label=_("Bereikbaarheid"),
        max_length=500,
        required=False,
        help_text=_("Bijvoorbeeld 'bus 12, halte Lindeplein'."),
    )
    accessibility = forms.ModelMultipleChoiceField(
        label=_("Toegankelijkheid"),
        queryset=AccessibilityFeature.objects.all(),
        widget=checkboxes,
        required=False,
    )

    PLACE = ("name", "street", "postcode", "city")

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "").strip()
        return normalise_postcode(value) if value else ""

    def clean(self):
        data = super().clean()
        placed = any(data.get(name) for name in self.PLACE)
        if not placed and (data.get("transportation") or data.get("accessibility")):
            self.add_error(
                "street", _("Vul ook het adres of de naam van de locatie in, of laat alles leeg.")
            )
        return data

    def payload(self) -> dict | None:
        """None: the entry has no place of its own."""
        data = self.cleaned_data
        if not any(data.get(name) for name in self.PLACE):
            return None
        return {
            "name": data["name"],
            "street": data["street"],
            "postcode": data["postcode"],
            "city": data["city"],
            "transportation": data["transportation"],
            "accessibility": list(data["accessibility"]),
        }


class ScheduleForm(Form):
    """A weekly time: days as check boxes, stored as iCalendar BYDAY."""

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    days = forms.MultipleChoiceField(
        label=_("Dagen"), choices=list(DAY_LABELS.items()), widget=checkboxes, required=False
    )
    opens_at = forms.TimeField(
        label=_("Van"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    closes_at = forms.TimeField(
        label=_("Tot"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    description = forms.CharField(
        label=_("Toelichting"),
        max_length=500,
        required=False,
        help_text=_("Bijvoorbeeld 'op afspraak' of 'alleen in de even weken'."),
    )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if (opens is None) != (closes is None) and not self.errors:
            self.add_error(
                "closes_at" if closes is None else "opens_at",
                _("Vul zowel de begin- als de eindtijd in."),
            )
        elif opens and closes and closes <= opens:
            self.add_error("closes_at", _("De eindtijd ligt voor de begintijd."))
        if (opens or closes) and not data.get("days"):
            self.add_error("days", _("Kies op welke dagen dit is."))
        return data

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (
            data.get("days") or data.get("opens_at") or data.get("closes_at")
        ) and not data.get("description")

    def payload(self) -> dict:
        data = self.cleaned_data
        chosen = set(data.get("days") or [])
        return {
            "pk": data.get("pk"),
            "byday": ",".join(code for code in DAY_CODES if code in chosen),
            "opens_at": data.get("opens_at"),
            "closes_at": data.get("closes_at"),
            "description": data.get("description", ""),
        }


ScheduleFormSet = forms.formset_factory(ScheduleForm, extra=1, can_delete=True, max_num=20)


class ContactForm(Form):
    name = forms.CharField(label=_("Naam contactpersoon"), max_length=120, required=False)
    title = forms.CharField(label=_("Functie contactpersoon"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail contactpersoon"), required=False)
    phone = forms.RegexField(
        label=_("Telefoonnummer"),
        regex=PHONE_PATTERN,
        required=False,
        max_length=30,
        error_messages={
            "invalid": _("Vul een telefoonnummer in met cijfers, en eventueel spaties, + of -.")
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def contact(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "title", "email")}


def _anchor(bound) -> str:
    return bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id else "")


class EntryForms:
    """The edit page's forms together: the entry, its place, its times and
    its contact details. Valid only when all are; on an error every form
    keeps what was typed."""

    def __init__(self, data=None, *, service: Service | None = None):
        self.service = service
        self.entry = ServiceForm(data, instance=service or Service())
        self.location = LocationForm(data, prefix="locatie", initial=_location_initial(service))
        self.schedules = ScheduleFormSet(data, prefix="tijden", initial=_schedules_initial(service))
        self.contact = ContactForm(data, prefix="contact", initial=_contact_initial(service))

    def is_valid(self) -> bool:
        results = [
            self.entry.is_valid(),
            self.location.is_valid(),
            self.schedules.is_valid(),
            self.contact.is_valid(),
        ]
        return all(results)

    def payload(self) -> dict:
        kept = [
            form.payload()
            for form in self.schedules.forms
            if not form.cleaned_data.get("DELETE") and not form.is_blank()
        ]
        return {
            "fields": self.entry.service_fields(),
            "location": self.location.payload(),
            "schedules": kept,
            "contact": self.contact.contact(),
            "phone": self.contact.cleaned_data["phone"],
        }

    def apply_errors(self, error: ValidationError) -> None:
        add_validation_errors(self.entry, error)

    def error_list(self) -> list[dict]:
        """Every error of every form, for the summary at the top: a link to
        the field and its label, so a screen reader user can jump there."""
        items = []

        def add(form, prefix=""):
            for message in form.non_field_errors():
                items.append({"anchor": "", "label": prefix.rstrip(": "), "message": message})
            for bound in form:
                for message in bound.errors:
                    items.append(
                        {
                            "anchor": _anchor(bound),
                            "label": f"{prefix}{bound.label}",
                            "message": message,
                        }
                    )

        add(self.entry)
        add(self.location, str(_("Locatie")) + ": ")
        for message in self.schedules.non_form_errors():
            items.append({"anchor": "", "label": str(_("Tijden")), "message": message})
        for number, form in enumerate(self.schedules.forms, start=1):
            add(form, str(_("Tijden, regel %(n)s")) % {"n": number} + ": ")
        add(self.contact)
        return items


def _location_initial(service: Service | None) -> dict:
    link = (
        service.at_locations.select_related("location").order_by("id").first() if service else None
    )
    if link is None:
        return {}
    place = link.location
    return {
        "name": place.name,
        "street": place.street,
        "postcode": place.postcode_display,
        "city": place.city,
        "transportation": place.transportation,
        "accessibility": list(place.accessibility.values_list("pk", flat=True)),
    }


def _schedules_initial(service: Service | None) -> list[dict]:
    if service is None:
        return []
    return [
        {
            "pk": schedule.pk,
            "days": schedule.days,
            "opens_at": schedule.opens_at,
            "closes_at": schedule.closes_at,
            "description": schedule.description,
        }
        for schedule in service.schedules.order_by("id")
    ]


def _contact_initial(service: Service | None) -> dict:
    if service is None:
        return {}
    contact = service.contacts.order_by("id").first()
    phone = service.phones.filter(contact__isnull=True).order_by("id").first()
    initial = (
        {name: getattr(contact, name) for name in ("name", "title", "email")} if contact else {}
    )
    if phone:
        initial["phone"] = phone.number
    return initial


# Lists and filters -------------------------------------------------------------


class StaffFilterForm(Form):
    q = forms.CharField(label=_("Naam bevat"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("alle organisaties"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("alle")), *Service.Status.choices], required=False
    )


class ReviewFilterForm(Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("alle organisaties"),
    )
    mine = forms.BooleanField(
        label=_("Alleen organisaties waarvan ik de redacteur ben"), required=False
    )


class OverlapFilterForm(Form):
    life_domain = forms.ModelChoiceField(
        label=_("Levensdomein"),
        queryset=LifeDomain.objects.all(),
        required=False,
        empty_label=_("alle levensdomeinen"),
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("Bestand"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8, met ; of , tussen de kolommen) of Excel (.xlsx), tot %(mb)s MB."
        ) % {"mb": spreadsheet.MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheet.MAX_BYTES:
            raise ValidationError(
                _("Het bestand is te groot: het mag hoogstens %(mb)s MB zijn.")
                % {"mb": spreadsheet.MAX_BYTES // (1024 * 1024)}
            )
        try:
            self.table = spreadsheet.read_table(upload.name, upload.read())
        except spreadsheet.ImportFileError as error:
            raise ValidationError(str(error)) from None
        return upload
