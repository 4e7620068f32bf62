"""The applicant's pages: the application's steps (`/labellisation/candidater/…`) and its follow-up in
the reserved space (`/espace-pro/labellisation/`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import LabellingApplication


@login_required
def application_status(request):
    """The applicant's applications: status timeline, the instructor's messages, complements."""
    applications = LabellingApplication.objects.filter(applicant=request.user).prefetch_related("history")
    return render(request, "labelling/application_status.html", {"applications": applications})
