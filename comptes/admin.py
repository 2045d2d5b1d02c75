from django.contrib import admin

admin.site.site_header = "Mission Locale de l'arrondissement de Béthune"
admin.site.site_title = "Back-office du projet stratégique"
admin.site.index_title = "Administration du projet associatif et stratégique"
admin.site.site_url = "/"
