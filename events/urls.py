from django.urls import path

from .views import opendata, public

app_name = "events"

urlpatterns = [
    path("agenda/", public.event_list, name="event_list"),
    path("agenda.ics", public.agenda_ics, name="agenda_ics"),
    path("agenda/programme/", public.programme, name="programme"),
    path("agenda/programme.csv", public.programme_csv, name="programme_csv"),
    path("agenda/<slug:slug>/", public.event_detail, name="event_detail"),
    path("agenda/<slug:slug>.ics", public.event_ics, name="event_ics"),
    path("donnees/evenements.csv", opendata.opendata_events_csv, name="opendata_events_csv"),
]
