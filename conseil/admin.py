from django.contrib import admin

from .models import DocumentRapport, Instance, RapportFige


class RapportFigeInline(admin.StackedInline):
    model = RapportFige
    fields = ["arrete_au", "fige_le", "fige_par"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type", "date", "lieu", "statut"]
    list_filter = ["type", "statut"]
    search_fields = ["lieu", "ordre_du_jour"]
    date_hierarchy = "date"
    inlines = [RapportFigeInline]

    def get_readonly_fields(self, request, obj=None):
        # A held meeting's report is frozen on its type and date.
        return ["type", "date", "statut"] if obj and obj.est_tenue else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.est_tenue:
            obj.figer(par=request.user)


@admin.register(RapportFige)
class RapportFigeAdmin(admin.ModelAdmin):
    list_display = ["instance", "arrete_au", "fige_le", "fige_par"]
    list_select_related = ["instance", "fige_par"]
    readonly_fields = ["instance", "arrete_au", "fige_le", "fige_par", "donnees"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentRapport)
class DocumentRapportAdmin(admin.ModelAdmin):
    list_display = ["instance", "fige", "etat", "demande_le", "duree", "nb_pages"]
    list_filter = ["etat", "fige"]
    list_select_related = ["instance"]
    readonly_fields = [f.name for f in DocumentRapport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
