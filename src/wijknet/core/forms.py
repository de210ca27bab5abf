from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_validation_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form
    has that field, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_messages(form) -> list[str]:
    """A form's errors as sentences, each with its field's label, for a
    page that shows them as messages after a redirect."""
    out = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        out.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return out


class PlainLabels:
    """Dutch forms here put no colon after a label."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class Form(PlainLabels, forms.Form):
    pass


class ModelForm(PlainLabels, forms.ModelForm):
    pass


class LoginForm(PlainLabels, AuthenticationForm):
    pass


class TokenForm(Form):
    token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Vul de zescijferige code in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )
