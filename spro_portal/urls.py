from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import pro, views

portal_patterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("theme.css", views.theme_css, name="theme_css"),
    path("mentions-legales/", views.legal_page, {"page": "legal_notice"}, name="legal_notice"),
    path("accessibilite/", views.legal_page, {"page": "accessibility"}, name="accessibility"),
    path("donnees-personnelles/", views.legal_page, {"page": "privacy"}, name="privacy"),
    path("donnees/", views.opendata, name="opendata"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("", include("structures.urls")),
    path("", include("events.urls")),
    path("", include("labelling.urls")),
    path("", include("trainings.urls")),
    path("espace-pro/", include((pro.urlpatterns, "pro"))),
    path(settings.ADMIN_PATH, admin.site.urls),  # DJANGO_ADMIN_PATH
]

handler500 = "spro_portal.views.server_error"  # 503 while the database is out of reach

admin.site.site_header = admin.site.site_title = "SPRO — administration"
admin.site.index_title = "Pilotage du réseau"
