from django.urls import path

from .views import opendata, orientation, public, questions

app_name = "structures"

urlpatterns = [
    path("lieux/", public.site_list, name="site_list"),
    path("lieux.geojson", public.site_geojson, name="site_geojson"),
    path("lieux/<slug:slug>/", public.site_detail, name="site_detail"),
    path("lieux/<slug:slug>/question/", questions.site_question, name="site_question"),
    path("lieux/<slug:slug>/question/envoyee/", questions.site_question_sent, name="site_question_sent"),
    path("membres/", public.member_list, name="member_list"),
    path("membres/<slug:slug>/", public.member_detail, name="member_detail"),
    path("zones/", public.zone_list, name="zone_list"),
    path("zones/<str:code>/", public.zone_detail, name="zone_detail"),
    path("donnees/structures.json", opendata.opendata_structures, name="opendata_structures"),
    path("donnees/services.json", opendata.opendata_services, name="opendata_services"),
    path("donnees/lieux.csv", opendata.opendata_sites_csv, name="opendata_sites_csv"),
    path("orientation/", orientation.orientation_wizard, name="orientation"),
]
