"""The network's directory and each professional's profile (what the directory shows of them)."""

from structures.models import Professional
from tests.factories import MemberFactory, ProfessionalFactory, SiteFactory, UserFactory, commune


def test_directory_finds_people_by_name_and_shows_only_shared_details(pro_client):
    shared = ProfessionalFactory(
        user=UserFactory(first_name="Aurélie", last_name="Fabre", email="aurelie.fabre@exemple.invalid"),
        job_title="Conseillère en évolution professionnelle",
        phone="01 99 00 31 44",
        share_phone=True,
    )
    hidden = ProfessionalFactory(
        user=UserFactory(first_name="Aurélien", last_name="Faure", email="aurelien.faure@exemple.invalid"),
        share_email=False,
    )
    page = pro_client.get("/espace-pro/annuaire/", {"q": "aurél"}).content.decode()
    assert "Aurélie Fabre" in page and "Aurélien Faure" in page
    assert "aurelie.fabre@exemple.invalid" in page and "01 99 00 31 44" in page
    assert "aurelien.faure@exemple.invalid" not in page
    assert shared.member.name in page and hidden.member.name in page


def test_directory_by_departement_and_member(pro_client):
    albi = ProfessionalFactory(user=UserFactory(last_name="Tarnais"))
    SiteFactory(member=albi.member, commune=commune("81004"), name="Accueil d'Albi")
    toulouse = ProfessionalFactory(user=UserFactory(last_name="Toulousain"))
    SiteFactory(member=toulouse.member, commune=commune("31555"))
    page = pro_client.get("/espace-pro/annuaire/", {"departement": "81"}).content.decode()
    assert "Tarnais" in page and "Toulousain" not in page and "Accueil d&#39;Albi" in page
    page = pro_client.get("/espace-pro/annuaire/", {"membre": toulouse.member.slug}).content.decode()
    assert "Toulousain" in page and "Tarnais" not in page


def test_directory_with_an_unknown_member_says_so(pro_client):
    response = pro_client.get("/espace-pro/annuaire/", {"membre": "inconnu", "departement": "99"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_directory_query_count_does_not_grow_with_results(pro_client, django_assert_max_num_queries):
    member = MemberFactory()
    for _n in range(30):
        ProfessionalFactory(member=member)
        SiteFactory(member=member)
    pro_client.get("/espace-pro/annuaire/")
    with django_assert_max_num_queries(12):
        pro_client.get("/espace-pro/annuaire/", {"membre": member.slug})


def test_a_professional_chooses_what_the_directory_shows(pro_client, professional):
    response = pro_client.post(
        "/espace-pro/profil/",
        {
            "first_name": "Nina",
            "last_name": "Vidal",
            "job_title": "Chargée d'accueil",
            "phone": "01 99 00 81 12",
            "share_phone": "on",
        },
    )
    assert response.status_code == 302
    professional = Professional.objects.select_related("user").get(pk=professional.pk)
    assert (professional.user.get_full_name(), professional.job_title) == ("Nina Vidal", "Chargée d'accueil")
    assert professional.share_phone and not professional.share_email
    page = pro_client.get("/espace-pro/annuaire/", {"q": "Vidal"}).content.decode()
    assert "01 99 00 81 12" in page and professional.user.email not in page
