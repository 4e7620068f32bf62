"""Editing a place from the reserved space: contact, accessibility, hours day by day or as OSM, history."""

from datetime import timedelta

from structures.forms import HoursForm, SiteContactForm
from structures.models import Site, SiteChange
from tests.factories import ProfessionalFactory, SiteFactory, UserFactory

HOURS = "Mo-Fr 09:00-12:30,13:30-17:00; PH off"


def edit_url(site):
    return f"/espace-pro/lieux/{site.slug}/modifier/"


def form_data(client, site, **changes) -> dict:
    """The edit form as the page fills it (its forms with the place's values), with `changes` (field
    name without prefix → value)."""
    assert client.get(edit_url(site)).status_code == 200
    site.refresh_from_db()
    contact = SiteContactForm(instance=site, prefix="contact")
    schedule = HoursForm(initial=HoursForm.initial_for(site), prefix="horaires")
    data = {}
    for form in (contact, schedule):
        for field in form:
            value = field.value()
            if value in (None, False):
                continue
            if isinstance(value, list):
                data[field.html_name] = value
            elif value is True:
                data[field.html_name] = "on"
            else:
                data[field.html_name] = value.strftime("%H:%M") if hasattr(value, "strftime") else value
    for name, value in changes.items():
        prefix = "contact" if name in contact.fields else "horaires"
        key = f"{prefix}-{name}"
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_saturday_morning_added_day_by_day_is_public_at_once(pro_client, professional):
    site = SiteFactory(member=professional.member, name="Antenne de Lavaur", opening_hours=HOURS)
    assert (
        'value="jours" id="id_horaires-mode_0" required checked'
        in pro_client.get(edit_url(site)).content.decode()
    )
    data = form_data(pro_client, site, d5_start1="09:00", d5_end1="12:00")
    response = pro_client.post(edit_url(site), data)
    assert response.status_code == 302 and response["Location"] == edit_url(site)
    site.refresh_from_db()
    assert site.opening_hours == "Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off"
    assert site.open_saturday
    public = pro_client.get(site.get_absolute_url()).content.decode()
    assert "09:00" in public and "12:00" in public
    search = pro_client.get("/lieux/", {"q": "Lavaur", "ouvert": "samedi"}).content.decode()
    assert "Antenne de Lavaur" in search


def test_a_change_is_kept_in_the_history_with_who_and_what(pro_client, professional):
    site = SiteFactory(member=professional.member, opening_hours=HOURS, phone="01 99 00 31 01")
    pro_client.post(
        edit_url(site),
        form_data(pro_client, site, phone="01 99 00 31 02", accessibility=["fauteuil-roulant"]),
    )
    change = SiteChange.objects.get(site=site)
    assert change.user == professional.user
    assert change.changes == {
        "phone": ["01 99 00 31 01", "01 99 00 31 02"],
        "accessibility": [[], ["fauteuil-roulant"]],
    }
    page = pro_client.get(edit_url(site)).content.decode()
    assert "01 99 00 31 01 → 01 99 00 31 02" in page
    assert "Accessible en fauteuil roulant" in page
    assert professional.user.get_full_name() in page


def test_saving_without_change_writes_no_history(pro_client, professional):
    site = SiteFactory(member=professional.member, opening_hours=HOURS)
    response = pro_client.post(edit_url(site), form_data(pro_client, site))
    assert response.status_code == 302
    assert not SiteChange.objects.exists()


def test_expert_hours_are_validated_and_nothing_is_saved_when_invalid(pro_client, professional):
    site = SiteFactory(member=professional.member, opening_hours=HOURS, phone="01 99 00 31 01")
    data = form_data(pro_client, site, mode="expert", expert="Mo-Fr 9h-17h", phone="01 99 00 31 09")
    response = pro_client.post(edit_url(site), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "illisibles" in page and "n'a pas été modifié" in page
    site.refresh_from_db()
    assert (site.opening_hours, site.phone) == (HOURS, "01 99 00 31 01")
    assert not SiteChange.objects.exists()


def test_expert_hours_that_days_cannot_show_open_in_expert_mode_and_are_kept(pro_client, professional):
    expression = "Mo-Fr 09:00-12:00; Sa[1] 09:00-12:00"
    site = SiteFactory(member=professional.member, opening_hours=expression)
    page = pro_client.get(edit_url(site)).content.decode()
    assert 'value="expert" id="id_horaires-mode_1" required checked' in page
    assert "ne peuvent pas être montrés jour par jour" in page
    pro_client.post(edit_url(site), form_data(pro_client, site, phone="01 99 00 31 05"))
    site.refresh_from_db()
    assert site.opening_hours == expression and site.phone == "01 99 00 31 05"


def test_a_day_range_with_a_missing_or_reversed_end_is_refused(pro_client, professional):
    site = SiteFactory(member=professional.member, opening_hours=HOURS)
    response = pro_client.post(edit_url(site), form_data(pro_client, site, d5_start1="09:00"))
    assert "Indiquez l&#39;ouverture et la fermeture." in response.content.decode()
    response = pro_client.post(
        edit_url(site), form_data(pro_client, site, d5_start1="12:00", d5_end1="09:00")
    )
    assert "La fermeture doit suivre l&#39;ouverture." in response.content.decode()
    site.refresh_from_db()
    assert site.opening_hours == HOURS


def test_preview_shows_the_week_without_saving(pro_client, professional):
    site = SiteFactory(member=professional.member, opening_hours=HOURS)
    data = form_data(pro_client, site, d5_start1="09:00", d5_end1="12:00")
    data["apercu"] = ""
    response = pro_client.post(edit_url(site), data)
    assert response.status_code == 200
    assert '<th scope="row">Samedi</th><td>09:00–12:00</td>' in response.content.decode()
    site.refresh_from_db()
    assert site.opening_hours == HOURS


def test_closing_every_day_empties_the_hours(pro_client, professional):
    site = SiteFactory(member=professional.member, opening_hours="Mo 09:00-12:00")
    pro_client.post(edit_url(site), form_data(pro_client, site, d0_start1=None, d0_end1=None))
    site.refresh_from_db()
    assert site.opening_hours == ""


def test_a_conseiller_of_another_member_cannot_open_or_post_the_edit_page(client, professional):
    site = SiteFactory(member=professional.member, opening_hours=HOURS, phone="01 99 00 31 01")
    client.force_login(ProfessionalFactory().user)
    assert client.get(edit_url(site)).status_code == 403
    assert client.post(edit_url(site), {"contact-phone": "0000"}).status_code == 403
    site.refresh_from_db()
    assert site.phone == "01 99 00 31 01"


def test_a_professional_limited_to_some_places_edits_only_those(client, professional):
    mine = SiteFactory(member=professional.member)
    other = SiteFactory(member=professional.member)
    professional.sites.add(mine)
    client.force_login(professional.user)
    assert client.get(edit_url(mine)).status_code == 200
    assert client.get(edit_url(other)).status_code == 403
    page = client.get("/espace-pro/lieux/").content.decode()
    assert edit_url(mine) in page and edit_url(other) not in page


def test_region_staff_edit_any_place_and_list_a_members_places(client):
    site = SiteFactory(opening_hours=HOURS)
    client.force_login(UserFactory(is_staff=True))
    assert client.get(edit_url(site)).status_code == 200
    page = client.get("/espace-pro/lieux/", {"membre": site.member.slug}).content.decode()
    assert edit_url(site) in page


def test_my_places_flag_those_not_updated_for_six_months(pro_client, professional):
    from django.utils import timezone

    old = SiteFactory(member=professional.member, name="Antenne oubliée")
    Site.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=190))
    page = pro_client.get("/espace-pro/lieux/").content.decode()
    assert "Antenne oubliée" in page and "à vérifier" in page
