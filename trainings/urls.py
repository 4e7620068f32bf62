from django.urls import path

from .views import jobs, offers

app_name = "trainings"

urlpatterns = [
    path("metiers/", jobs.job_list, name="job_list"),
    path("metiers/<str:code>/", jobs.job_detail, name="job_detail"),
    path("formations/", offers.offer_list, name="offer_list"),
    path("formations/<int:pk>/", offers.offer_detail, name="offer_detail"),
]
