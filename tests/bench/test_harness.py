"""The pure parts of the load benchmark (`make bench`): paths, wrk's output, ratios and targets.

No wrk, no gunicorn: the paths are drawn from the test database (reference data loaded).
"""

import dataclasses
import random
from urllib.parse import parse_qs, urlsplit

import pytest

from bench import BenchError
from bench.database import socket_url, with_database
from bench.report import (
    FAIL,
    NOT_EVALUATED,
    PASS,
    derived_ratios,
    evaluate_targets,
    format_table,
    p95_growth,
    throughput_ratio,
    write_json,
)
from bench.sqlcount import count_queries, find_failures
from bench.urlsets import (
    DENSE_COMMUNES,
    PAGE_KEYS,
    BenchData,
    build_paths,
    combine,
    draw_communes,
    load_bench_data,
    sample,
)
from bench.wrk import parse_wrk_output, wrk_command
from spro_portal.env import read_database
from tests.events.factories import EventFactory
from tests.factories import SiteFactory

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8000
  2 threads and 16 connections
  Requests/sec:    250.00
WRK_JSON {"requests": 750, "duration_us": 3000000, "bytes": 1000, "errors": {"connect": 1, "read": 2, \
"write": 0, "timeout": 3, "status": 4}, "latency_us": {"p50": 12500, "p95": 40000, "p99": 81234, \
"mean": 15000.0, "max": 90000}}
"""


def _data_with_slugs(count: int = 500) -> BenchData:
    return dataclasses.replace(load_bench_data(), site_slugs=tuple(f"lieu-{n}" for n in range(count)))


def _query(path: str) -> dict:
    return {name: values[0] for name, values in parse_qs(urlsplit(path).query).items()}


def test_commune_paths_always_include_toulouse_paris_and_lyon():
    paths = build_paths(_data_with_slugs())

    for key in ("lieux_commune", "agenda_commune"):
        communes = [_query(path)["commune"] for path in paths[key]]
        assert set(DENSE_COMMUNES) <= set(communes), key
        assert _query(paths[key][0])["commune"] == "31555"
        assert {_query(path)["rayon"] for path in paths[key]} == {"30"}


def test_every_page_but_the_floor_cycles_through_at_least_200_distinct_paths():
    paths = build_paths(_data_with_slugs())

    assert set(paths) == set(PAGE_KEYS)
    assert paths["sante"] == ["/sante/"]
    for key in PAGE_KEYS[1:]:
        assert len(set(paths[key])) >= 200, key
        assert len(set(paths[key])) == len(paths[key]), f"{key}: repeated path"


def test_paths_cover_every_zone_and_departement_with_the_requested_filters():
    data = _data_with_slugs()
    paths = build_paths(data)

    assert {_query(p)["zone"] for p in paths["lieux_zone"]} == set(data.zones)
    assert {_query(p)["ouvert"] for p in paths["lieux_zone"]} == {"samedi"}
    assert {_query(p)["departement"] for p in paths["lieux_texte"]} == set(data.departments)
    assert {_query(p)["departement"] for p in paths["lieux_geojson"]} == set(data.departments)
    assert {_query(p)["zone"] for p in paths["agenda_ics"]} == set(data.zones)
    assert {_query(p)["gratuit"] for p in paths["agenda_commune"]} == {"1"}
    assert len({_query(p)["public"] for p in paths["lieux_commune"]}) >= 3
    assert {"mission locale", "apprentissage", "cio"} <= {_query(p)["q"] for p in paths["lieux_texte"]}


def test_paths_are_the_same_for_the_same_seed_and_differ_for_another():
    data = _data_with_slugs()

    assert build_paths(data, seed=1) == build_paths(data, seed=1)
    assert build_paths(data, seed=1)["lieux_commune"] != build_paths(data, seed=2)["lieux_commune"]


def test_communes_are_drawn_by_population_without_a_code_that_is_also_a_postcode():
    communes = tuple((f"{n:05d}", f"Commune {n}", 10 if n < 50 else 100_000) for n in range(100))
    data = BenchData(
        communes=(("31555", "Toulouse", 500_000), *communes),
        zones=(),
        departments=(),
        audiences=(),
        site_slugs=(),
        postcodes=frozenset({"00060"}),
    )
    drawn = [code for code, _, _ in draw_communes(data, 21, random.Random(1))]

    assert drawn[0] == "31555"
    assert len(set(drawn)) == 21
    assert "00060" not in drawn
    assert sum(code >= "00050" for code in drawn) >= 18  # the populated half dominates


def test_site_page_paths_are_published_sites_of_the_database():
    shown = SiteFactory(name="Lieu publié")
    SiteFactory(name="Lieu masqué", published=False)

    paths = build_paths(load_bench_data())

    assert paths["lieu"] == [f"/lieux/{shown.slug}/"]


def test_the_paths_drawn_answer_on_the_portal(client):
    SiteFactory(audiences=["jeunes"])
    EventFactory()
    paths = build_paths(load_bench_data())

    for key in PAGE_KEYS:
        for path in sample(paths[key], 3):
            assert client.get(path).status_code == 200, path


def test_combine_gives_distinct_pairs_covering_every_primary_value():
    pairs = combine(["a", "b", "c"], [None, 1, 2], 7)

    assert len(pairs) == len(set(pairs)) == 7
    assert {first for first, _ in pairs} == {"a", "b", "c"}
    assert len(combine(["a", "b"], [None, 1], 200)) == 4  # never more than every pair


def test_sample_spreads_over_the_list():
    assert sample(list(range(100)), 4) == [0, 25, 50, 75]
    assert sample([1, 2], 30) == [1, 2]


def test_wrk_output_is_read_from_the_json_line_of_the_lua_script():
    figures = parse_wrk_output(WRK_OUTPUT)

    assert figures["requests"] == 750
    assert figures["requests_per_s"] == 250.0
    assert (figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]) == (12.5, 40.0, 81.23)
    assert figures["socket_errors"] == 6
    assert figures["status_errors"] == 4
    assert figures["errors"] == 10


def test_wrk_output_without_the_json_line_stops_the_benchmark():
    with pytest.raises(BenchError, match="WRK_JSON"):
        parse_wrk_output("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_wrk_uses_one_thread_for_a_single_connection(tmp_path):
    command = wrk_command(
        "wrk", "http://127.0.0.1:1", tmp_path / "p.txt", connections=1, threads=2, duration=3, timeout=10
    )

    assert "--threads=1" in command and "--connections=1" in command and "--duration=3s" in command
    assert command[-2:] == ["http://127.0.0.1:1", str(tmp_path / "p.txt")]


def test_bench_database_urls_keep_the_server_and_are_read_by_the_settings():
    url = with_database("postgresql://spro:secret@db.example:5433/spro?sslmode=require", "spro_bench")
    assert url == "postgresql://spro:secret@db.example:5433/spro_bench?sslmode=require"

    embedded = socket_url("/work/main/var/pgdata", 5432, "spro_bench")
    config = read_database({"DATABASE_URL": embedded})
    assert config["NAME"] == "spro_bench"
    assert config["OPTIONS"]["host"] == "/work/main/var/pgdata"


# --- Ratios and targets ---------------------------------------------------------------------------


def _figures(rps: float, p95: float, errors: int = 0) -> dict:
    return {"requests_per_s": rps, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.5, "errors": errors}


def _results(sizes=("S", "L"), *, rps=(200, 100), p95=(10, 15), floor=1000, queries=5, errors=0) -> dict:
    """Every page at `rps` req/s (S, L) and p95 `p95` ms; /sante/ at `floor` req/s."""
    results = {}
    for index, size in enumerate(sizes):
        results[size] = {
            key: {
                "queries": {"max": queries, "median": queries, "errors": 0},
                "c16": _figures(floor if key == "sante" else rps[index], p95[index], errors),
                "c1": _figures(floor if key == "sante" else rps[index], p95[index]),
            }
            for key in PAGE_KEYS
        }
    return results


def _status(targets: list[dict]) -> dict:
    return {target["target"]: target["status"] for target in targets}


def test_ratios_divide_by_the_floor_and_by_size_s():
    results = _results(rps=(250, 100), p95=(8, 20))

    assert throughput_ratio(results, "S", "lieux_commune") == 0.25
    assert throughput_ratio(results, "L", "agenda_ics") == 0.1
    assert p95_growth(results, "lieu", 16) == 2.5
    ratios = derived_ratios(results)
    assert ratios["throughput_vs_sante_c16"]["L"]["sante"] == 1.0
    assert ratios["p95_L_over_S"]["agenda_zone"] == {"c16": 2.5, "c1": 2.5}


def test_a_page_is_divided_by_the_floor_measured_next_to_it():
    results = _results(rps=(250, 100), p95=(8, 20))
    results["L"]["agenda_ics"]["c16"]["floor_requests_per_s"] = 500

    assert throughput_ratio(results, "L", "agenda_ics") == 0.2
    assert throughput_ratio(results, "L", "agenda_zone") == 0.1  # no adjacent floor: /sante/'s figures


def test_the_floor_reported_is_its_median_run_with_every_error():
    from bench.run import _median_run

    runs = [_figures(rps, 5, errors) for rps, errors in ((900, 0), (1100, 2), (1000, 1))]
    median = _median_run(runs)

    assert median["requests_per_s"] == 1000
    assert median["errors"] == 3 and median["runs"] == 3


def test_targets_pass_when_every_figure_is_within_the_issue_limits():
    targets = evaluate_targets(_results(rps=(200, 120), p95=(10, 15)))

    assert set(_status(targets).values()) == {PASS}


def test_targets_fail_on_slow_pages_growth_errors_and_queries():
    status = _status(evaluate_targets(_results(rps=(100, 50), p95=(10, 25), queries=9, errors=1)))

    assert status["lieux-debit-S"] == FAIL  # 10 % < 15 %
    assert status["lieux-debit-L"] == FAIL  # 5 % < 8 %
    assert status["lieux-p95-L-1"] == FAIL  # 25 ms > 20 ms
    assert status["lieux-p95-L/S-16"] == FAIL  # 2.5 > 2.0
    assert status["agenda-debit-L"] == FAIL  # 5 % < 10 %
    assert status["agenda-p95-L/S-16"] == FAIL  # 2.5 > 1.5
    assert status["erreurs"] == FAIL
    assert status["requetes-sql"] == FAIL


def test_a_failing_target_names_the_failing_pages():
    results = _results()
    results["L"]["lieu"]["c1"]["p95_ms"] = 35

    target = next(t for t in evaluate_targets(results) if t["target"] == "lieux-p95-L-1")

    assert target["status"] == FAIL
    assert target["failures"] == ["lieu"]


def test_quick_run_evaluates_only_what_size_s_allows():
    status = _status(evaluate_targets(_results(sizes=("S",), rps=(200,), p95=(10,))))

    assert status["lieux-debit-S"] == PASS
    assert status["erreurs"] == PASS
    assert status["requetes-sql"] == PASS
    for key in ("lieux-debit-L", "lieux-p95-L-1", "lieux-p95-L/S-16", "agenda-debit-L", "agenda-p95-L/S-16"):
        assert status[key] == NOT_EVALUATED, key


def test_table_shows_each_page_size_and_concurrency(tmp_path):
    results = _results()

    table = format_table(results)

    assert len(table.splitlines()) == 2 + 2 * len(PAGE_KEYS) * 2
    assert "/lieux/ commune+rayon+public" in table and "20%" in table
    write_json(tmp_path / "a.json", {"results": results})
    write_json(tmp_path / "b.json", {"results": results})
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_sql_queries_are_counted_and_failing_answers_reported():
    counted = count_queries(["/sante/", "/lieux/lieu-inconnu/"], size=30)

    assert counted["sample"] == 2
    assert counted["max"] >= counted["median"] >= 1  # /sante/ asks the database
    assert counted["errors"] == 1
    assert counted["error_examples"] == {"/lieux/lieu-inconnu/": 404}


def test_failing_paths_are_found_in_process():
    assert find_failures(["/sante/", "/lieux/lieu-inconnu/", "/agenda/inconnu/"]) == {
        "/lieux/lieu-inconnu/": 404,
        "/agenda/inconnu/": 404,
    }


@pytest.mark.django_db
def test_checkpoint_says_whether_the_server_wrote_its_data(tmp_path):
    from urllib.parse import urlencode

    from django.db import connection

    from bench.database import checkpoint

    settings = connection.settings_dict
    query = urlencode({"host": settings["HOST"], "port": settings["PORT"] or 5432})
    assert checkpoint(f"postgresql://{settings['USER']}@/{settings['NAME']}?{query}") == "CHECKPOINT fait"
    unreachable = checkpoint(f"postgresql://postgres@/spro?host={tmp_path}")
    assert unreachable.startswith("CHECKPOINT impossible (")
