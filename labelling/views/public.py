"""The public labelling pages."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..selectors import labelling_overview


@require_safe
def labelling_home(request):
    """What the label is and gives, who can apply, the criteria, the labelled structures."""
    return render(request, "labelling/home.html", labelling_overview())
