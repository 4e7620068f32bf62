import pytest

from structures.selectors import commune_lookup
from structures.text import fold


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("31555", "31555"),  # INSEE code
        ("31000", "31555"),  # postcode
        ("31100", "31555"),  # postcode that is also another commune's INSEE code: the postcode wins
        ("Toulouse", "31555"),
        ("toulouse", "31555"),
        ("  TOULOUSE ", "31555"),
        ("Saint-Gaudens", "31483"),
        ("st gaudens", "31483"),
        ("saint gaudens", "31483"),
        ("Albi", "81004"),
        ("albi 81000", "81004"),
        ("Beaulieu (15)", "15020"),
        ("toulouse-31555", "31555"),  # the portal's own link form
        ("lisle-jourdain-32160", "32160"),
        ("2A004", "2A004"),
        ("Montauban", "82121"),
    ],
)
def test_place_typed_by_a_person_resolves(typed, code):
    result = commune_lookup(typed)
    assert result.error == ""
    assert result.commune is not None
    assert result.commune.code == code


def test_ambiguous_name_returns_candidates_with_their_department():
    result = commune_lookup("Beaulieu")
    assert result.commune is None
    assert result.ambiguous
    assert len(result.candidates) >= 5
    assert len({candidate.department_id for candidate in result.candidates}) == len(result.candidates)
    assert "Plusieurs communes" in result.error
    assert all(str(candidate).endswith(f"({candidate.department_id})") for candidate in result.candidates)


def test_candidates_of_the_served_territory_come_first():
    result = commune_lookup("L'Isle-Jourdain")
    assert [candidate.department_id for candidate in result.candidates] == ["32", "86"]


def test_postcode_shared_by_several_communes_returns_candidates():
    result = commune_lookup("31800")  # Saint-Gaudens and its neighbours
    assert result.ambiguous
    assert "Saint-Gaudens" in [candidate.name for candidate in result.candidates]


@pytest.mark.parametrize("typed", ["Xyzzyville", "99999", "Toulouse 75"])
def test_unknown_place_gets_a_clear_french_message(typed):
    result = commune_lookup(typed)
    assert result.commune is None
    assert not result.candidates
    assert result.error.startswith("Aucune commune")


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_place_asks_for_one(typed):
    assert commune_lookup(typed).error == "Indiquez une commune, un code postal ou un code INSEE."


def test_overlong_input_is_refused():
    assert "trop long" in commune_lookup("a" * 500).error


def test_fold_removes_accents_case_and_abbreviations():
    assert fold("Sainte-Foy-d'Aigrefeuille") == "sainte foy d aigrefeuille"
    assert fold("STE FOY D'AIGREFEUILLE") == "sainte foy d aigrefeuille"
    assert fold("Œuilly") == "oeuilly"
