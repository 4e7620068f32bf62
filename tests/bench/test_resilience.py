"""The pure parts of `make resilience`: reading forms, and judging a run from its outcomes.

The run itself (two gunicorn instances, a PostgreSQL restart) is `make resilience`, in CI.
"""

from bench.resilience import Load, Outcome, Timeline, analyse, parse_forms, report

FORM = """
<form method="post" action="/admin/logout/"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>
<form method="post" id="audience_form">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="text" name="label" value="Tous publics">
  <textarea name="description">
Ligne</textarea>
  <select name="zone"><option value="1">Un</option><option value="2" selected>Deux</option></select>
  <input type="checkbox" name="active" checked>
  <input type="checkbox" name="archived">
  <input type="submit" name="_save" value="Enregistrer">
</form>
"""


def test_forms_are_read_as_a_browser_sends_them():
    logout, change = parse_forms(FORM)
    assert logout["action"] == "/admin/logout/"
    assert change["fields"] == [
        ("csrfmiddlewaretoken", "t"),
        ("label", "Tous publics"),
        ("description", "Ligne"),
        ("zone", "2"),
        ("active", "on"),
    ]


TIMELINE = Timeline(start=0, stop_called=10, stopped=10.2, start_called=15, up=15.5, end=30)


def _load(outcomes, acknowledged=()):
    load = Load({"A": "http://a", "B": "http://b"}, ["lieu"], clients=2, rate=10)
    load.outcomes = outcomes
    load.acknowledged = list(acknowledged)
    return load


def _steady(extra=()):
    """Successful requests every half second on both instances, plus `extra`."""
    outcomes = [Outcome(t / 2, t / 2 + 0.05, "AB"[t % 2], "lieu", 200) for t in range(60)]
    return [*outcomes, *extra]


def _verdicts(load, stored):
    return {check.name: check.passed for check in analyse(load, TIMELINE, stored)}


def test_errors_during_the_outage_and_the_writes_kept_pass():
    outage = [Outcome(11, 11.01, "A", "lieu", 503), Outcome(14, 14.01, "B", "question", 503)]
    load = _load(_steady(outage), acknowledged=[(5, "q1"), (20, "q2")])
    verdicts = _verdicts(load, {"q1", "q2"})
    assert all(verdicts.values()), verdicts


def test_an_error_before_the_outage_fails():
    load = _load(_steady([Outcome(3, 3.1, "A", "lieu", 500)]), acknowledged=[(5, "q1")])
    assert _verdicts(load, {"q1"})["Erreurs seulement pendant l'arrêt"] is False


def test_errors_longer_than_five_seconds_after_the_return_fail():
    late = [Outcome(20.4, 20.6, "B", "lieu", 503)]
    verdicts = _verdicts(_load(_steady(late), acknowledged=[(5, "q1")]), {"q1"})
    assert verdicts["Service rétabli"] is False
    assert verdicts["Erreurs seulement pendant l'arrêt"] is False


def test_an_instance_that_never_answers_again_fails():
    outcomes = [outcome for outcome in _steady() if not (outcome.instance == "B" and outcome.start > 10)]
    assert _verdicts(_load(outcomes, acknowledged=[(5, "q1")]), {"q1"})["Service rétabli"] is False


def test_an_acknowledged_write_missing_afterwards_fails():
    load = _load(_steady(), acknowledged=[(5, "q1"), (8, "q2")])
    assert _verdicts(load, {"q1"})["Écritures confirmées conservées"] is False


def test_the_report_says_the_verdict():
    load = _load(_steady(), acknowledged=[(5, "q1")])
    facts = {
        "instances": "A, B",
        "postgres": "p",
        "redis": "r",
        "mode": "immediate",
        "outage": 5,
        "outage_at": 10,
    }
    text = report(analyse(load, TIMELINE, {"q1"}), facts)
    assert text.endswith("Résultat : réussi")
    assert "[OK] Écritures confirmées conservées : 1 questions confirmées (dont 1 avant l'arrêt)" in text
    failed = report(analyse(load, TIMELINE, set()), facts)
    assert failed.endswith("Résultat : ÉCHEC")
