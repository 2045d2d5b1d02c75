from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Ambassadeur, Intervention, Presence


@admin.register(Ambassadeur)
class AmbassadeurAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "prenom", "antenne", "etape", "dernier_contact_le", "anonymise_le"]
    list_filter = ["etape", "antenne"]
    list_select_related = ["antenne"]
    search_fields = ["nom", "prenom", "email"]
    autocomplete_fields = ["referent"]


class PresenceInline(admin.TabularInline):
    model = Presence
    extra = 0
    autocomplete_fields = ["ambassadeur"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["date", "type", "lieu", "public_touche"]
    list_filter = ["type"]
    search_fields = ["lieu"]
    inlines = [PresenceInline]
    filter_horizontal = ["partenaires"]
