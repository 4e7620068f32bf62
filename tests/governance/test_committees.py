"""The charter's committees: the regional steering committee and the departmental follow-up committees meet
at least once a year, the departmental ones before the regional one; the staff dashboard says which have
not; the admin refuses, in French, a second regional committee or a second one for a département."""

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.demo import demo_load as governance_demo_load
from governance.enums import CommitteeScope
from governance.models import Committee, Meeting
from governance.selectors import AlertKind, committee_alerts, committee_overview
from structures.demo import demo_load as network_demo_load
from structures.models import Department
from tests.factories import UserFactory

TODAY = datetime.date(2026, 6, 15)


def regional(**fields) -> Committee:
    return Committee.objects.create(
        name="Comité régional de pilotage", scope=CommitteeScope.REGIONAL, **fields
    )


def departmental(code: str) -> Committee:
    return Committee.objects.create(
        name=f"Comité de suivi {code}", scope=CommitteeScope.DEPARTMENTAL, department_id=code
    )


def met(committee: Committee, day: datetime.date) -> Meeting:
    return Meeting.objects.create(committee=committee, date=day, place="Toulouse")


def every_committee_met(day: datetime.date = TODAY - datetime.timedelta(days=60)) -> dict[str, Committee]:
    """A regional committee that met on `day` and every served département's committee a week before."""
    committees = {code: departmental(code) for code in settings.PORTAL_DEPARTMENTS}
    for committee in committees.values():
        met(committee, day - datetime.timedelta(days=7))
    committees["region"] = regional()
    met(committees["region"], day)
    return committees


def alerts_of(committee: Committee, today=TODAY) -> list:
    return [alert for alert in committee_alerts(today) if alert.committee == committee]


def test_no_alert_when_every_committee_met_in_the_last_twelve_months_in_the_right_order():
    every_committee_met()

    assert committee_alerts(TODAY) == []


def test_a_committee_that_never_met_is_reported_with_a_link_to_the_admin():
    committee = departmental("31")

    [alert] = alerts_of(committee)

    assert alert.kind == AlertKind.NO_RECENT_MEETING
    assert alert.message == "« Comité de suivi 31 » ne s'est jamais réuni."
    assert alert.url == f"/admin/governance/committee/{committee.pk}/change/"


def test_a_committee_that_last_met_thirteen_months_ago_is_reported():
    committee = departmental("31")
    met(committee, datetime.date(2025, 5, 15))

    [alert] = alerts_of(committee)

    assert alert.kind == AlertKind.NO_RECENT_MEETING
    assert "depuis le 15 mai 2025" in alert.message


def test_a_meeting_eleven_months_ago_is_enough():
    committee = departmental("31")
    met(committee, datetime.date(2025, 7, 15))

    assert alerts_of(committee) == []


def test_a_meeting_exactly_a_year_ago_still_counts_and_not_the_day_after():
    committee = departmental("31")
    met(committee, datetime.date(2025, 6, 15))

    assert alerts_of(committee) == []
    assert [alert.kind for alert in alerts_of(committee, today=TODAY + datetime.timedelta(days=1))] == [
        AlertKind.NO_RECENT_MEETING
    ]


def test_a_planned_meeting_is_not_a_meeting_held():
    committee = departmental("31")
    met(committee, datetime.date(2024, 11, 5))
    met(committee, datetime.date(2026, 9, 22))

    [alert] = alerts_of(committee)

    assert "depuis le 5 novembre 2024" in alert.message
    assert "Prochaine réunion prévue le 22 septembre 2026." in alert.message


def test_a_regional_meeting_held_before_a_departmental_committee_met_names_its_department():
    committees = every_committee_met()
    Meeting.objects.filter(committee=committees["46"]).update(date=datetime.date(2025, 3, 10))  # 15 months

    alerts = [
        alert for alert in committee_alerts(TODAY) if alert.kind == AlertKind.REGIONAL_BEFORE_DEPARTMENTAL
    ]

    assert len(alerts) == 1
    assert alerts[0].committee == committees["region"]
    assert alerts[0].message == (
        "Le comité régional de pilotage s'est réuni le 16 avril 2026 sans que le comité de suivi de ces "
        "départements se soit réuni dans les 12 mois précédents : Lot (46)."
    )
    assert alerts[0].url == f"/admin/governance/committee/{committees['region'].pk}/change/"


def test_a_departmental_meeting_after_the_regional_one_does_not_prepare_it():
    committees = every_committee_met()
    Meeting.objects.filter(committee=committees["09"]).update(date=TODAY - datetime.timedelta(days=10))

    [alert] = committee_alerts(TODAY)

    assert alert.kind == AlertKind.REGIONAL_BEFORE_DEPARTMENTAL
    assert alert.message.endswith(" : Ariège (09).")


def test_departmental_meetings_of_the_previous_autumn_prepare_a_january_regional_meeting():
    committees = every_committee_met(day=datetime.date(2026, 1, 20))
    for code in ("09", "12"):
        Meeting.objects.filter(committee=committees[code]).update(date=datetime.date(2025, 11, 4))

    assert committee_alerts(datetime.date(2026, 2, 1)) == []


def test_a_regional_committee_that_has_not_met_this_year_gives_no_cycle_alert():
    committees = every_committee_met()
    Meeting.objects.filter(committee=committees["region"]).update(date=datetime.date(2025, 1, 10))

    assert [alert.kind for alert in committee_alerts(TODAY)] == [AlertKind.NO_RECENT_MEETING]


def test_a_served_department_without_committee_is_reported_with_a_link_to_create_it():
    every_committee_met()
    Committee.objects.filter(department_id="46").delete()

    [alert] = committee_alerts(TODAY)

    assert alert.kind == AlertKind.MISSING_DEPARTMENTAL_COMMITTEE
    assert alert.committee is None
    assert alert.message == "Lot (46) n'a pas de comité départemental de suivi."
    assert alert.url == "/admin/governance/committee/add/?scope=departemental&department=46"


def test_no_regional_committee_is_reported():
    every_committee_met()
    Committee.objects.filter(scope=CommitteeScope.REGIONAL).delete()

    [alert] = committee_alerts(TODAY)

    assert alert.kind == AlertKind.MISSING_REGIONAL_COMMITTEE
    assert alert.message == "Aucun comité régional de pilotage n'est enregistré."
    assert alert.url == "/admin/governance/committee/add/?scope=regional"


def test_alerts_cost_three_queries_whatever_the_number_of_committees(django_assert_max_num_queries):
    committees = every_committee_met()
    for committee in committees.values():
        met(committee, TODAY - datetime.timedelta(days=450))
    Meeting.objects.filter(committee=committees["46"], date__gt=TODAY - datetime.timedelta(days=365)).delete()
    Committee.objects.filter(department_id="09").delete()  # every kind of alert at once

    with django_assert_max_num_queries(3):
        alerts = committee_alerts(TODAY)

    assert {alert.kind for alert in alerts} == {
        AlertKind.NO_RECENT_MEETING,
        AlertKind.REGIONAL_BEFORE_DEPARTMENTAL,
        AlertKind.MISSING_DEPARTMENTAL_COMMITTEE,
    }


def test_the_overview_lists_each_committee_with_its_meetings_of_the_year(django_assert_max_num_queries):
    region = regional()
    lot = departmental("46")
    met(region, datetime.date(2025, 12, 1))
    later, earlier = met(region, datetime.date(2026, 5, 4)), met(region, datetime.date(2026, 2, 2))
    planned = met(lot, datetime.date(2026, 10, 6))

    with django_assert_max_num_queries(2):
        rows = committee_overview(year=2026, today=TODAY)

    assert [row.committee for row in rows] == [region, lot]
    assert (rows[0].meetings, rows[0].last_meeting, rows[0].met_this_year) == (
        [earlier, later],
        datetime.date(2026, 5, 4),
        True,
    )
    assert (rows[1].meetings, rows[1].last_meeting, rows[1].met_this_year) == ([planned], None, False)
    assert committee_overview(year=2025, today=TODAY)[0].last_meeting == datetime.date(2025, 12, 1)


# --- Admin ---------------------------------------------------------------------------------------------

ADD = "/admin/governance/committee/add/"


def committee_post(**fields) -> dict:
    data = {"name": "Comité", "scope": CommitteeScope.DEPARTMENTAL, "department": "", "members": []}
    data.update(fields)
    for prefix in ("persons", "meetings"):
        data.update(
            {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
        )
    return data


def test_admin_creates_a_departmental_committee_with_its_first_meeting(staff_client):
    data = committee_post(name="Comité de suivi du Lot", department="46")
    data.update({"meetings-TOTAL_FORMS": 1, "meetings-0-date": "2026-03-12", "meetings-0-place": "Cahors"})

    response = staff_client.post(ADD, data)

    assert response.status_code == 302
    committee = Committee.objects.get()
    assert (committee.department_id, committee.meetings.get().place) == ("46", "Cahors")


def test_admin_refuses_a_departmental_committee_without_department_in_french(staff_client):
    response = staff_client.post(ADD, committee_post())

    assert response.status_code == 200
    assert "Choisissez le département de ce comité départemental de suivi." in response.content.decode()
    assert not Committee.objects.exists()


def test_admin_refuses_a_regional_committee_with_a_department(staff_client):
    response = staff_client.post(ADD, committee_post(scope=CommitteeScope.REGIONAL, department="31"))

    assert response.status_code == 200
    assert "ne se rattache à aucun département" in response.content.decode()
    assert not Committee.objects.exists()


def test_admin_refuses_a_second_regional_committee_in_french(staff_client):
    regional()

    response = staff_client.post(ADD, committee_post(name="Autre", scope=CommitteeScope.REGIONAL))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Le comité régional de pilotage existe déjà : « Comité régional de pilotage »." in content
    assert "contrainte" not in content
    assert Committee.objects.count() == 1


def test_admin_refuses_a_second_committee_for_a_department_in_french(staff_client):
    departmental("46")

    response = staff_client.post(ADD, committee_post(name="Autre", department="46"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Lot (46) a déjà son comité de suivi : « Comité de suivi 46 »." in content
    assert "existe déjà" not in content  # not Django's own message as well
    assert Committee.objects.count() == 1


def test_admin_keeps_a_committee_when_it_is_changed(staff_client):
    committee = departmental("46")
    url = reverse("admin:governance_committee_change", args=[committee.pk])

    response = staff_client.post(url, committee_post(name="Comité de suivi du Lot", department="46"))

    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.name == "Comité de suivi du Lot"


def test_admin_add_page_is_prefilled_from_an_alert_link(staff_client):
    response = staff_client.get(ADD, {"scope": "departemental", "department": "46"})

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert (form.initial["scope"], form.initial["department"]) == ("departemental", "46")


def test_admin_list_shows_the_last_meeting_with_a_constant_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    region = regional()
    met(region, today - datetime.timedelta(days=30))
    with CaptureQueriesContext(connection) as one_row:
        response = staff_client.get("/admin/governance/committee/")
    assert response.status_code == 200
    for code in settings.PORTAL_DEPARTMENTS:
        committee = departmental(code)
        met(committee, today - datetime.timedelta(days=400))
        met(committee, today - datetime.timedelta(days=500))

    with django_assert_max_num_queries(len(one_row)):
        response = staff_client.get("/admin/governance/committee/")

    assert len(response.context["cl"].result_list) == len(settings.PORTAL_DEPARTMENTS) + 1
    stale = staff_client.get("/admin/governance/committee/", {"reuni": "non"})
    assert len(stale.context["cl"].result_list) == len(settings.PORTAL_DEPARTMENTS)
    recent = staff_client.get("/admin/governance/committee/", {"reuni": "oui"})
    assert list(recent.context["cl"].result_list) == [region]


def test_admin_meeting_list_and_committee_page_open(staff_client):
    committee = departmental("46")
    meeting = met(committee, datetime.date(2026, 3, 12))

    assert (
        staff_client.get("/admin/governance/meeting/", {"committee__id__exact": committee.pk}).status_code
        == 200
    )
    assert staff_client.get(reverse("admin:governance_meeting_change", args=[meeting.pk])).status_code == 200
    assert (
        staff_client.get(reverse("admin:governance_committee_change", args=[committee.pk])).status_code == 200
    )


# --- Staff dashboard -----------------------------------------------------------------------------------


def test_the_dashboard_shows_region_staff_the_committees_that_have_not_met(staff_client):
    lot = departmental("46")
    met(lot, timezone.localdate() - datetime.timedelta(days=430))

    content = staff_client.get("/espace-pro/").content.decode()

    assert "Gouvernance" in content
    assert "« Comité de suivi 46 » ne s&#39;est pas réuni depuis le" in content
    assert f'href="/admin/governance/committee/{lot.pk}/change/"' in content
    assert "Aucun comité régional de pilotage n&#39;est enregistré." in content


def test_the_dashboard_says_when_every_committee_met(staff_client):
    every_committee_met(day=timezone.localdate() - datetime.timedelta(days=30))

    content = staff_client.get("/espace-pro/").content.decode()

    assert "Tous les comités se sont réunis dans les 12 derniers mois." in content


def test_professionals_do_not_see_the_governance_block(pro_client):
    departmental("46")

    content = pro_client.get("/espace-pro/").content.decode()

    assert "Gouvernance" not in content
    assert "Comité de suivi 46" not in content


def test_region_instructors_do_not_see_the_governance_block_they_cannot_open(client):
    departmental("46")
    instructor = UserFactory(is_staff=True)
    instructor.groups.add(Group.objects.get(name="Région — instruction"))
    client.force_login(instructor)

    content = client.get("/espace-pro/").content.decode()

    assert "Gouvernance" not in content
    assert "/admin/governance/" not in content
    assert client.get("/admin/governance/committee/").status_code == 403


# --- Demo ----------------------------------------------------------------------------------------------


def test_the_demo_committees_load_once_and_show_lot_late():
    network_demo_load()
    first = governance_demo_load(today=TODAY)

    assert governance_demo_load(today=TODAY) == Counter()
    assert first["created"] > 0
    assert Committee.objects.filter(scope=CommitteeScope.REGIONAL).get().name == (
        "Comité régional de pilotage du SPRO"
    )
    lot = Committee.objects.get(department_id="46")
    assert lot.name == "Comité départemental de suivi — Lot"
    assert lot.members.exists() and lot.persons.exists()
    assert Committee.objects.filter(department__in=Department.objects.served()).count() == len(
        settings.PORTAL_DEPARTMENTS
    )
    alerts = committee_alerts(TODAY)
    assert [(alert.kind, alert.committee) for alert in alerts if alert.committee != lot] == [
        (AlertKind.REGIONAL_BEFORE_DEPARTMENTAL, Committee.objects.get(scope=CommitteeScope.REGIONAL))
    ]
    assert alerts[-1].message.endswith(" : Lot (46).")
    assert [alert.kind for alert in alerts if alert.committee == lot] == [AlertKind.NO_RECENT_MEETING]


def test_the_demo_meetings_move_along_with_the_day_of_loading():
    network_demo_load()
    governance_demo_load(today=TODAY)
    count = Meeting.objects.count()

    stats = governance_demo_load(today=TODAY + datetime.timedelta(days=7))

    assert stats["updated"] == count and not stats["created"]
    assert Meeting.objects.count() == count
