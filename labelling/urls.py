from django.urls import path

from .views import public

app_name = "labelling"

urlpatterns = [
    path("labellisation/", public.labelling_home, name="home"),
]
