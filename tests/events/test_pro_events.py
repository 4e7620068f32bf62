"""A member's events in the reserved space: create, change, cancel; the moderation rule."""

from datetime import timedelta

from django.utils import timezone

from events.enums import EventStatus
from events.models import Event
from structures.enums import MembershipBasis
from structures.models import Audience
from tests.events.factories import EventFactory
from tests.factories import MemberFactory, ProfessionalFactory, SiteFactory

START = (timezone.localtime() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)


def event_data(**changes) -> dict:
    data = {
        "title": "Forum de l'alternance",
        "type": "forum",
        "description": "Rencontrer des entreprises qui recrutent en alternance.",
        "start": START.strftime("%Y-%m-%dT%H:%M"),
        "end": (START + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "attendance_mode": "presentiel",
        "scope": "tous",
        "commune_text": "Albi",
        "address": "Place du Vigan",
        "free": "on",
        "publier": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_a_member_publishes_an_event_directly_and_it_is_in_the_agenda(pro_client, professional):
    jeunes = Audience.objects.get(slug="jeunes")
    response = pro_client.post("/espace-pro/evenements/nouveau/", event_data(audiences=[jeunes.pk]))
    assert response.status_code == 302 and response["Location"] == "/espace-pro/evenements/"
    event = Event.objects.get()
    assert (event.organiser, event.status, event.commune.name) == (professional.member, "publie", "Albi")
    assert event.latitude is not None  # the commune's centre, offline
    assert list(event.audiences.all()) == [jeunes] and jeunes.pk in event.audience_ids
    assert "Forum de l&#39;alternance" in pro_client.get("/agenda/", {"q": "alternance"}).content.decode()
    assert "Forum de l&#39;alternance" in pro_client.get("/espace-pro/evenements/").content.decode()


def test_a_labelled_structure_s_event_waits_for_region_staff(client):
    professional = ProfessionalFactory(member=MemberFactory(basis=MembershipBasis.LABELLED))
    client.force_login(professional.user)
    page = client.get("/espace-pro/evenements/nouveau/").content.decode()
    assert "Transmettre à la Région pour publication" in page
    client.post("/espace-pro/evenements/nouveau/", event_data())
    event = Event.objects.get()
    assert event.status == EventStatus.SUBMITTED
    event.status = EventStatus.PUBLISHED  # validated by Region staff
    event.save()
    client.post(f"/espace-pro/evenements/{event.slug}/modifier/", event_data(title="Forum changé"))
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED  # a change is validated again
    assert "Forum de l&#39;alternance" not in client.get("/agenda/", {"q": "alternance"}).content.decode()


def test_a_draft_is_not_public(pro_client):
    data = event_data(brouillon="", publier=None)
    pro_client.post("/espace-pro/evenements/nouveau/", data)
    event = Event.objects.get()
    assert event.status == EventStatus.DRAFT
    assert pro_client.get(event.get_absolute_url()).status_code == 404


def test_an_event_at_one_of_the_member_s_places(pro_client, professional):
    site = professional.member.sites.first()
    pro_client.post("/espace-pro/evenements/nouveau/", event_data(venue=site.pk, commune_text=""))
    event = Event.objects.get()
    assert (event.venue, event.commune_id, event.latitude) == (site, site.commune_id, site.latitude)


def test_another_member_s_place_cannot_be_chosen(pro_client):
    other = SiteFactory()
    response = pro_client.post("/espace-pro/evenements/nouveau/", event_data(venue=other.pk, commune_text=""))
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_bad_input_gives_french_errors_and_saves_nothing(pro_client):
    response = pro_client.post(
        "/espace-pro/evenements/nouveau/",
        event_data(
            end=(START - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), commune_text="Nulle-Part-Sur-Mer"
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "La fin doit suivre le début." in page
    assert "n&#39;a pas été enregistré" in page or "n'a pas été enregistré" in page
    assert not Event.objects.exists()
    response = pro_client.post("/espace-pro/evenements/nouveau/", event_data(commune_text="", address=""))
    assert "Indiquez un lieu du réseau ou la commune" in response.content.decode()
    assert not Event.objects.exists()


def test_the_organiser_changes_then_cancels_an_event(pro_client, professional):
    event = EventFactory(organiser=professional.member, title="Atelier CV", status=EventStatus.PUBLISHED)
    url = f"/espace-pro/evenements/{event.slug}/modifier/"
    assert pro_client.get(url).status_code == 200
    pro_client.post(url, event_data(title="Atelier CV et lettre"))
    event.refresh_from_db()
    assert (event.title, event.status) == ("Atelier CV et lettre", "publie")
    cancel = f"/espace-pro/evenements/{event.slug}/annuler/"
    assert (
        "reste dans l&#39;agenda" in pro_client.get(cancel).content.decode()
        or "reste dans l'agenda" in pro_client.get(cancel).content.decode()
    )
    event.refresh_from_db()
    assert event.status == "publie"  # the GET only asks
    assert pro_client.post(cancel).status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


def test_another_member_cannot_change_or_cancel_an_event(client):
    event = EventFactory(status=EventStatus.PUBLISHED, title="Salon")
    client.force_login(ProfessionalFactory().user)
    assert client.get(f"/espace-pro/evenements/{event.slug}/modifier/").status_code == 403
    assert client.post(f"/espace-pro/evenements/{event.slug}/modifier/", event_data()).status_code == 403
    assert client.post(f"/espace-pro/evenements/{event.slug}/annuler/").status_code == 403
    event.refresh_from_db()
    assert (event.title, event.status) == ("Salon", "publie")


def test_region_staff_find_the_events_in_the_admin(staff_client):
    response = staff_client.get("/espace-pro/evenements/")
    assert response.status_code == 302 and response["Location"] == "/admin/events/event/"


def test_an_event_in_a_commune_whose_name_others_bear_keeps_it_when_changed(pro_client, professional):
    from django.db.models import Count

    from structures.models import Commune

    name = Commune.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1).order_by("name")[0]["name"]
    commune = Commune.objects.filter(name=name).order_by("code").last()
    event = EventFactory(
        organiser=professional.member, commune=commune, venue=None, status=EventStatus.PUBLISHED
    )
    url = f"/espace-pro/evenements/{event.slug}/modifier/"
    page = pro_client.get(url).content.decode()
    assert f'value="{name} {commune.code}"' in page.replace("&#39;", "'")
    pro_client.post(url, event_data(title="Renommé", commune_text=f"{name} {commune.code}"))
    event.refresh_from_db()
    assert (event.title, event.commune) == ("Renommé", commune)
