from django.urls import path

from .views import applicant, public

app_name = "labelling"

urlpatterns = [
    path("labellisation/", public.labelling_home, name="home"),
    path("labellisation/candidater/", applicant.apply, name="apply"),
    path("labellisation/candidater/compte/", applicant.apply_account, name="apply_account"),
    path("labellisation/candidater/organisation/", applicant.apply_organisation, name="apply_organisation"),
    path("labellisation/candidater/lieux/", applicant.apply_sites, name="apply_sites"),
    path("labellisation/candidater/lieux/<int:pk>/", applicant.apply_site, name="apply_site"),
    path("labellisation/candidater/criteres/", applicant.apply_criteria, name="apply_criteria"),
    path("labellisation/candidater/pieces/", applicant.apply_attachments, name="apply_attachments"),
    path(
        "labellisation/candidater/pieces/<int:pk>/telecharger/",
        applicant.attachment_download,
        name="attachment_download",
    ),
    path("labellisation/candidater/depot/", applicant.apply_submit, name="apply_submit"),
]
