"""A place's services and partners' permanences, edited from the reserved space."""

from structures.models import Audience, Permanence, Scheme, ServiceOffer, SiteChange
from tests.factories import MemberFactory, ProfessionalFactory, ServiceOfferFactory, SiteFactory


def url(site):
    return f"/espace-pro/lieux/{site.slug}/services/"


def formset_data(site, services=(), permanences=(), new_service=None, new_permanence=None) -> dict:
    """The two formsets as posted: existing rows (dicts of changes, or "DELETE") then one new each."""
    data = {}
    existing = list(site.services.order_by("pk"))
    data.update(
        {
            "services-TOTAL_FORMS": len(existing) + 1,
            "services-INITIAL_FORMS": len(existing),
            "services-MIN_NUM_FORMS": 0,
            "services-MAX_NUM_FORMS": 20,
        }
    )
    for index, service in enumerate(existing):
        row = {
            "id": service.pk,
            "level": service.level,
            "free": "on",
            "audiences": [a.pk for a in service.audiences.all()],
        }
        change = services[index] if index < len(services) else {}
        if change == "DELETE":
            row["DELETE"] = "on"
        else:
            row.update(change)
        data.update({f"services-{index}-{key}": value for key, value in row.items()})
    # The empty form as a browser posts it: "gratuit" comes checked.
    data.update(
        {f"services-{len(existing)}-{key}": value for key, value in (new_service or {"free": "on"}).items()}
    )
    current = list(site.permanences.order_by("pk"))
    data.update(
        {
            "permanences-TOTAL_FORMS": len(current) + 1,
            "permanences-INITIAL_FORMS": len(current),
            "permanences-MIN_NUM_FORMS": 0,
            "permanences-MAX_NUM_FORMS": 20,
        }
    )
    for index, permanence in enumerate(current):
        row = {"id": permanence.pk, "member": permanence.member_id, "opening_hours": permanence.opening_hours}
        change = permanences[index] if index < len(permanences) else {}
        if change == "DELETE":
            row["DELETE"] = "on"
        else:
            row.update(change)
        data.update({f"permanences-{index}-{key}": value for key, value in row.items()})
    if new_permanence:
        data.update({f"permanences-{len(current)}-{key}": value for key, value in new_permanence.items()})
    return data


def test_adding_a_service_for_a_public_makes_the_place_found_for_it(pro_client, professional):
    site = SiteFactory(member=professional.member, name="Antenne de Castres")
    seniors = Audience.objects.get(slug="salaries")
    cep = Scheme.objects.get(slug="cep")
    data = formset_data(
        site,
        new_service={
            "level": "conseil",
            "audiences": [seniors.pk],
            "schemes": [cep.pk],
            "modes": ["sur_place"],
            "free": "on",
        },
    )
    response = pro_client.post(url(site), data)
    assert response.status_code == 302
    service = site.services.get(level="conseil")
    assert list(service.audiences.all()) == [seniors] and service.modes == ["sur_place"]
    site.refresh_from_db()
    assert seniors.pk in site.audience_ids and cep.pk in site.scheme_ids
    change = SiteChange.objects.get(site=site)
    assert "Conseil en orientation" in " ".join(change.changes["services"][1])
    assert "Services et permanences :" in pro_client.get(url(site)).content.decode()


def test_a_permanence_with_bad_hours_is_refused_and_nothing_is_saved(pro_client, professional):
    site = SiteFactory(member=professional.member)
    partner = MemberFactory(name="Apec Occitanie")
    data = formset_data(
        site,
        new_service={"level": "conseil", "free": "on"},
        new_permanence={"member": partner.pk, "opening_hours": "mercredi aprem"},
    )
    response = pro_client.post(url(site), data)
    assert response.status_code == 200
    assert "illisibles" in response.content.decode()
    assert not Permanence.objects.filter(site=site).exists()
    assert not ServiceOffer.objects.filter(site=site, level="conseil").exists()


def test_permanence_added_then_a_service_deleted(pro_client, professional):
    site = SiteFactory(member=professional.member)
    ServiceOfferFactory(site=site, level="accompagnement")
    partner = MemberFactory(name="Cap emploi du Tarn")
    data = formset_data(site, new_permanence={"member": partner.pk, "opening_hours": "We 14:00-17:00"})
    assert pro_client.post(url(site), data).status_code == 302
    assert site.permanences.get().member == partner
    services = list(site.services.order_by("pk"))
    data = formset_data(site, services=["DELETE"] + [{}] * (len(services) - 1))
    pro_client.post(url(site), data)
    assert not site.services.filter(pk=services[0].pk).exists()
    assert "Cap emploi du Tarn" in pro_client.get(site.get_absolute_url()).content.decode()


def test_another_member_cannot_edit_the_services(client, professional):
    site = SiteFactory(member=professional.member)
    client.force_login(ProfessionalFactory().user)
    assert client.get(url(site)).status_code == 403
    assert client.post(url(site), formset_data(site, new_service={"level": "conseil"})).status_code == 403
    assert not site.services.filter(level="conseil").exists()
