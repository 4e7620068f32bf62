"""The synthetic LHÉO flow of the measures (bench.lheo_flow) is a valid flow, the same for a seed."""

from bench.lheo_flow import write_flow
from trainings.models import TrainingAction, TrainingOffer
from trainings.services import lheo_import


def test_the_synthetic_flow_imports_and_is_reproducible(tmp_path):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    write_flow(first, offers=40, seed=3)
    write_flow(second, offers=40, seed=3)
    assert first.read_bytes() == second.read_bytes()

    with first.open("rb") as source:
        result = lheo_import(source=source, source_name="a.xml")

    assert result.created == 40
    assert TrainingOffer.objects.filter(number__startswith="SYN-").count() == 40
    departments = set(TrainingAction.objects.values_list("department_code", flat=True))
    assert departments and departments <= {
        "09",
        "11",
        "12",
        "30",
        "31",
        "32",
        "34",
        "46",
        "48",
        "65",
        "66",
        "81",
        "82",
    }
