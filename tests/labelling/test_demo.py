"""The demo application loaded by `manage.py load_demo`."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from labelling import services
from labelling.enums import ApplicationStatus
from labelling.models import LabellingApplication
from structures.enums import SiteKind
from structures.models import Site


def test_load_demo_adds_a_submitted_application_once(staff_user):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "candidat@demo.invalid" in out.getvalue()
    application = LabellingApplication.objects.get(applicant__email="candidat@demo.invalid")
    assert application.status == ApplicationStatus.SUBMITTED
    call_command("load_demo", stdout=StringIO())
    assert LabellingApplication.objects.count() == 1
    # The Region can take it to approval: Lavaur's relay point joins the Tarn's associated centre.
    services.application_assign(application=application, user=staff_user)
    services.application_record_opinion(
        application=application, user=staff_user, opinion="favorable", opinion_date=timezone.localdate()
    )
    services.application_approve(application=application, user=staff_user)
    site = Site.objects.get(name="Point information métiers de Lavaur")
    assert site.kind == SiteKind.RELAY_POINT and site.parent.identifier == "demo-centre-associe-albi"
