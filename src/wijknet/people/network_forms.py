"""Forms of the network map and informal carers. They translate input only;
the services in network.py and carers.py hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wijknet.core.forms import Form, ModelForm
from wijknet.people.models import CarerBurden, InformalCarer, NetworkTie, SupportKind
from wijknet.people.network import TIE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TieForm(ModelForm):
    support = forms.MultipleChoiceField(
        label=_("Soort steun"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    load_person = forms.TypedChoiceField(
        label=_("Belasting voor de inwoner"),
        choices=NetworkTie.Load.choices,
        coerce=int,
        initial=NetworkTie.Load.BEARABLE,
        help_text=_("Hoe zwaar is deze relatie voor de inwoner zelf?"),
    )
    load_tie = forms.TypedChoiceField(
        label=_("Belasting voor de ander"),
        choices=NetworkTie.Load.choices,
        coerce=int,
        initial=NetworkTie.Load.BEARABLE,
        help_text=_("Hoe zwaar is het voor deze persoon of organisatie om te steunen?"),
    )

    class Meta:
        model = NetworkTie
        fields = list(TIE_FIELDS)
        labels = {"layer": _("Laag"), "name": _("Wie"), "relation": _("Relatie")}


class ProposeTieForm(TieForm):
    """The same questions in the resident's own words."""

    class Meta(TieForm.Meta):
        labels = {
            "layer": _("Waar hoort dit bij?"),
            "name": _("Wie of wat"),
            "relation": _("Wat is deze persoon van u?"),
        }
        help_texts = {
            "layer": _(
                "Kies 'zelf / eigen kracht' voor wat u zelf doet of waar u kracht uit haalt."
            ),
            "name": _("Bijvoorbeeld 'dochter Anna', 'huisarts' of 'wandelen met de hond'."),
            "relation": _("Bij iets wat u zelf doet, mag u dit leeg laten."),
            "note": _("Optioneel. Wat wilt u het wijkteam hierover vertellen?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["load_person"].label = _("Hoe zwaar is deze relatie voor u?")
        self.fields["load_person"].help_text = ""
        self.fields["load_tie"].label = _("Hoe zwaar is het voor de ander om u te helpen?")
        self.fields["load_tie"].help_text = ""
        self.fields["support"].label = _("Waarmee helpt deze persoon u?")
        self.fields["reciprocity"].label = _("Helpt u elkaar?")


class CarerForm(ModelForm):
    class Meta:
        model = InformalCarer
        fields = ["care_given", "hours_per_week", "since"]
        widgets = {"care_given": forms.Textarea(attrs={"rows": 3}), "since": DATE}
        help_texts = {"hours_per_week": _("Optioneel. Ongeveer, per week.")}


class BurdenForm(Form):
    burden = forms.ChoiceField(
        label=_("Hoe zwaar is de mantelzorger belast?"),
        choices=CarerBurden.choices,
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(label=_("Datum"), widget=DATE)
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


class ReviewForm(Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Overnemen")), ("refuse", _("Niet overnemen"))]
    )
