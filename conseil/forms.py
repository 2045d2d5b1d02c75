from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .models import Instance


class ChampDateHeure(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class InstanceForm(forms.ModelForm):
    class Meta:
        model = Instance
        fields = ["type", "date", "lieu", "ordre_du_jour", "statut"]
        widgets = {"date": ChampDateHeure(), "ordre_du_jour": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "statut": "Une instance marquée « tenue » fige son rapport : ses chiffres ne changeront plus.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = ["%Y-%m-%dT%H:%M"]
        if self.instance.pk and self.instance.est_tenue:
            # The frozen report depends on the type and date, and a held meeting stays held.
            for nom in ("type", "date", "statut"):
                self.fields[nom].disabled = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("enregistrer", "Enregistrer"))
