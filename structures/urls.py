from django.urls import path

from .views import public

app_name = "structures"

urlpatterns = [
    path("lieux/", public.site_list, name="site_list"),
    path("lieux.geojson", public.site_geojson, name="site_geojson"),
    path("lieux/<slug:slug>/", public.site_detail, name="site_detail"),
    path("membres/", public.member_list, name="member_list"),
    path("membres/<slug:slug>/", public.member_detail, name="member_detail"),
    path("zones/", public.zone_list, name="zone_list"),
    path("zones/<str:code>/", public.zone_detail, name="zone_detail"),
]
