from tests.trainings.factories import TrainingOfferFactory, commune
from trainings.models import TrainingAction


def test_an_offer_is_found_near_a_commune_with_its_distance():
    offer = TrainingOfferFactory(rome_codes=["J1501", "K1302"])
    assert offer.rome_domains == ["J", "K"]
    millau = commune("12145")
    [action] = TrainingAction.objects.near(millau.latitude, millau.longitude, 60)
    assert action.offer == offer
    assert 40 < action.distance_km < 60  # Rodez–Millau, as the crow flies
    assert not TrainingAction.objects.near(millau.latitude, millau.longitude, 20).exists()
    assert action.sessions.get().start > action.sessions.get().action.offer.imported_at.date()
