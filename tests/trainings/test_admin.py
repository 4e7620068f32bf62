"""The training offers in the admin: Region staff read them (list, detail with actions and sessions); nobody
adds, changes or deletes them (they come from the LHÉO flows)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from structures.services import STAFF_GROUPS
from tests.factories import UserFactory
from trainings.models import TrainingOffer

from .factories import TrainingOfferFactory


@pytest.fixture(params=list(STAFF_GROUPS))
def staff(request, client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=request.param))
    client.force_login(user)
    return client


def test_staff_see_the_list_with_source_and_import_date(staff):
    TrainingOfferFactory(title="CAP Cuisine", number="OF-CUISINE", source="flux-occitanie.xml")

    response = staff.get(reverse("admin:trainings_trainingoffer_changelist"), {"q": "cuisine"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "CAP Cuisine" in content and "OF-CUISINE" in content and "flux-occitanie.xml" in content


def test_staff_see_an_offer_read_only_with_its_actions_and_sessions(staff, django_assert_max_num_queries):
    offer = TrainingOfferFactory(title="Diplôme d'État d'aide-soignant")
    session = offer.actions.get().sessions.get()

    with django_assert_max_num_queries(25):
        response = staff.get(reverse("admin:trainings_trainingoffer_change", args=[offer.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Diplôme d&#x27;État d&#x27;aide-soignant" in content
    assert "Rodez" in content and session.start.strftime("%d/%m/%Y") in content
    assert 'name="title"' not in content  # no form field: read-only
    assert "_save" not in content


def test_nobody_adds_changes_or_deletes_an_offer(staff):
    offer = TrainingOfferFactory()

    assert staff.get(reverse("admin:trainings_trainingoffer_add")).status_code == 403
    assert staff.get(reverse("admin:trainings_trainingoffer_delete", args=[offer.pk])).status_code == 403
    response = staff.post(
        reverse("admin:trainings_trainingoffer_change", args=[offer.pk]), {"title": "Autre"}
    )
    assert response.status_code == 403
    assert TrainingOffer.objects.get().title == offer.title


def test_the_list_filters_by_source_and_level(staff):
    TrainingOfferFactory(source="a.xml")

    response = staff.get(
        reverse("admin:trainings_trainingoffer_changelist"), {"source": "a.xml", "exit_level__exact": "4"}
    )

    assert response.status_code == 200
    assert "a.xml" in response.content.decode()
