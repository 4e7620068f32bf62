"""`make resilience` (README, "Scale-out and faults"): two application servers, one PostgreSQL server,
one Redis, and a database restart under load.

1. Starts a PostgreSQL server of its own (the embedded server's binaries, in `var/resilience/`, on a
   free loopback port: it must be able to stop it) and Redis (REDIS_URL when set, else a redis-server
   of its own); migrates and loads the reference and demo data.
2. Starts two gunicorn instances on two ports with production settings, both given the same
   DATABASE_URL and REDIS_URL, as two servers behind a load balancer would be.
3. Checks that a session opened through one instance works through the other; that a professional's
   edit of a place made through one is on the place's page through the other at once; and that Region
   staff's edit of a search filter (a cached list) made through one shows through the other at once.
4. Runs a bounded load on loopback for `--duration` seconds (reads of the public pages, and questions
   asked on places' pages: writes), alternating between the instances; after `--outage-at` seconds it
   stops PostgreSQL (`immediate`: a crash, no clean shutdown), waits `--outage` seconds, and starts it.
   Passes when errors happen only while the server is down, every request succeeds again within 5 s
   of its return, and every question whose sending was acknowledged (a redirect to "question
   envoyée") is in the database at the end.
5. Prints a short report (also written to `var/resilience/report.txt`) and exits non-zero on failure.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from . import BenchError
from .run import PROJECT_DIR, production_env
from .server import free_port, serve

WORK_DIR = PROJECT_DIR / "var" / "resilience"
DEMO_PASSWORD = "demo-spro-2026"  # noqa: S105 -- the demo accounts' published password (README)
REGION_ACCOUNT = "region@demo.invalid"
REFERENT_ACCOUNT = "referent.missionlocale@demo.invalid"
RECOVERY_LIMIT_S = 5.0
REQUEST_TIMEOUT_S = 10.0
QUESTION_PREFIX = "Question de contrôle de résilience"


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


# --- PostgreSQL: a server of our own, that we may stop ----------------------------------------------


class PostgresServer:
    """A throwaway cluster run with the embedded server's binaries (pgserver), on 127.0.0.1:port."""

    def __init__(self, pgdata: Path):
        self.pgdata = pgdata
        self.port = free_port()
        self.user = None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/spro"

    def _command(self, name: str, args: list[str], timeout: float = 60) -> None:
        import pgserver

        try:
            getattr(pgserver, name)(args, pgdata=self.pgdata, user=self.user, timeout=timeout)
        except subprocess.CalledProcessError as error:
            raise BenchError(f"{name} {' '.join(args)} a échoué :\n{self._log_tail()}") from error

    def _log_tail(self) -> str:
        try:
            return "\n".join((self.pgdata / "log").read_text(errors="replace").splitlines()[-15:])
        except OSError:
            return ""

    def init(self) -> None:
        self.pgdata.mkdir(parents=True)
        if os.geteuid() == 0:  # initdb refuses root: run the server as pgserver's own system user
            import pwd

            from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

            self.user = "pgserver"
            entry = ensure_user_exists(self.user)
            ensure_prefix_permissions(self.pgdata)
            os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
            pwd.getpwnam(self.user)
        self._command("initdb", ["--auth=trust", "--encoding=utf8", "-U", "postgres"])

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -c unix_socket_directories=''"
        self._command("pg_ctl", ["-w", "-t", "60", "-o", options, "-l", str(self.pgdata / "log"), "start"])

    def stop(self, mode: str = "fast") -> None:
        self._command("pg_ctl", ["-w", "-m", mode, "stop"])

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as conn:
            conn.execute('CREATE DATABASE "spro"')


class RedisServer:
    def __init__(self, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket_to("127.0.0.1", self.port):
                    return
            except OSError:
                time.sleep(0.1)
        raise BenchError("redis-server ne répond pas.")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def socket_to(host: str, port: int):
    import socket

    return socket.create_connection((host, port), timeout=1)


# --- A small HTTP client: cookies, forms, no redirect following --------------------------------------


@dataclass
class Response:
    status: int
    headers: dict
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """One person's browser: its cookies (cookies ignore the port, as in a real browser: the two
    instances behind one address share them), one request at a time."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, base_url: str, method: str, path: str, data: dict | list | None = None) -> Response:
        parts = urlsplit(base_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_S)
        headers = {"Host": parts.netloc, "User-Agent": "spro-resilience"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = base_url + path
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read().decode("utf-8", errors="replace")
            for value in raw.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(value).items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(raw.status, {k.lower(): v for k, v in raw.headers.items()}, content)
        finally:
            connection.close()

    def get(self, base_url: str, path: str) -> Response:
        return self.request(base_url, "GET", path)

    def submit(self, base_url: str, path: str, form_having: str, values: dict, button=None) -> Response:
        """GET the page, fill the form that has the field `form_having` with `values`, POST it."""
        page = self.get(base_url, path)
        if page.status != 200:
            raise BenchError(f"{path} : statut {page.status} au lieu de 200.")
        form = next((form for form in parse_forms(page.body) if form_having in dict(form["fields"])), None)
        if form is None:
            raise BenchError(f"{path} : pas de formulaire avec le champ {form_having}.")
        fields = [(name, value) for name, value in form["fields"] if name not in values]
        fields += [(name, value) for name, value in values.items() if value is not None]
        if button:
            fields.append(button)
        action = form["action"] or path
        return self.request(base_url, "POST", action, fields)

    def login(self, base_url: str, email: str) -> None:
        response = self.submit(
            base_url, "/espace-pro/connexion/", "password", {"username": email, "password": DEMO_PASSWORD}
        )
        if response.status != 302:
            raise BenchError(f"connexion de {email} refusée (statut {response.status}).")


class FormParser(HTMLParser):
    """The forms of a page with what a browser would send: text fields, checked boxes, selected options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": []})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields.append((name, attrs.get("value") or ("on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            fields.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.forms[-1]["fields"].append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def parse_forms(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


# --- The checks ---------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    passed: bool
    detail: str


def manage(env: dict, *args: str, capture: bool = False) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=False,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    if completed.returncode != 0:
        raise BenchError(f"manage.py {args[0]} a échoué (code {completed.returncode}).")
    return completed.stdout or ""


FACTS_SCRIPT = """
import json
from structures.models import Audience, Site
from django.contrib.auth import get_user_model
referent = get_user_model().objects.get(email=%(referent)r)
editable = Site.objects.published().filter(member=referent.professional.member).order_by("pk")
print(json.dumps({
    "sites": list(Site.objects.published().order_by("pk").values_list("slug", flat=True)[:200]),
    "editable": editable.values_list("slug", flat=True).first(),
    "audience": Audience.objects.active().values("pk", "label").order_by("position", "label").first(),
}))
"""

QUESTIONS_SCRIPT = """
import json
from structures.models import Question
print(json.dumps(list(Question.objects.filter(text__startswith=%(prefix)r).values_list("text", flat=True))))
"""


def demo_facts(env: dict) -> dict:
    output = manage(env, "shell", "-c", FACTS_SCRIPT % {"referent": REFERENT_ACCOUNT}, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def check_session(a: str, b: str) -> Check:
    browser = Browser()
    browser.login(a, REFERENT_ACCOUNT)
    page = browser.get(b, "/espace-pro/")
    passed = page.status == 200 and "Se déconnecter" in page.body
    return Check(
        "Session partagée",
        passed,
        f"connexion par l'instance A, tableau de bord par l'instance B : statut {page.status}",
    )


def check_place_edit(a: str, b: str, slug: str) -> Check:
    browser = Browser()
    browser.login(a, REFERENT_ACCOUNT)
    browser.get(b, f"/lieux/{slug}/")  # B has read the place before the edit
    email = f"resilience-{secrets.token_hex(4)}@exemple.fr"
    response = browser.submit(
        a, f"/espace-pro/lieux/{slug}/modifier/", "contact-email", {"contact-email": email}
    )
    page = Browser().get(b, f"/lieux/{slug}/")
    passed = response.status == 302 and page.status == 200 and email in page.body
    return Check(
        "Modification d'un lieu",
        passed,
        f"adresse e-mail changée par A (statut {response.status}), lue aussitôt par B : "
        + ("présente" if email in page.body else "absente"),
    )


def check_cached_list(a: str, b: str, audience: dict, workers: int) -> Check:
    """The search filters are a cached list (structures.catalog): warm every worker of B, edit through A,
    then every answer of B must show the edit."""
    reader = Browser()
    for _ in range(4 * workers):
        reader.get(b, "/lieux/")
    staff = Browser()
    staff.login(a, REGION_ACCOUNT)
    label = f"{audience['label']} ({secrets.token_hex(3)})"
    response = staff.submit(
        a,
        f"/admin/structures/audience/{audience['pk']}/change/",
        "label",
        {"label": label},
        button=("_save", "Enregistrer"),
    )
    seen = sum(label in reader.get(b, "/lieux/").body for _ in range(4 * workers))
    passed = response.status == 302 and seen == 4 * workers
    return Check(
        "Liste en cache invalidée",
        passed,
        f"libellé d'un public renommé par A (statut {response.status}) ; "
        f"{seen} réponses de B sur {4 * workers} le montrent aussitôt",
    )


# --- The load and the restart -------------------------------------------------------------------------


@dataclass
class Outcome:
    start: float
    end: float
    instance: str
    kind: str
    status: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 500


@dataclass
class Load:
    instances: dict[str, str]
    sites: list[str]
    clients: int
    rate: float
    outcomes: list[Outcome] = field(default_factory=list)
    acknowledged: list[tuple[float, str]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self, number: int) -> None:
        rng = random.Random(number)  # noqa: S311 -- a repeatable mix of requests
        browser = Browser()
        names = list(self.instances)
        interval = self.clients / self.rate
        question_path = f"/lieux/{self.sites[0]}/question/"
        page = browser.get(self.instances[names[0]], question_path)
        form = next(form for form in parse_forms(page.body) if "text" in dict(form["fields"]))
        hidden = [(name, value) for name, value in form["fields"] if name == "csrfmiddlewaretoken"]
        sequence = 0
        while not self.stopping.is_set():
            began = time.monotonic()
            instance = rng.choice(names)
            roll = rng.random()
            data, method = None, "GET"
            if roll < 0.2:
                kind, sequence = "question", sequence + 1
                text = f"{QUESTION_PREFIX} {number}-{sequence} : quels horaires pour un premier rendez-vous ?"
                slug = rng.choice(self.sites[:20])
                path, method = f"/lieux/{slug}/question/", "POST"
                data = [
                    *hidden,
                    ("email", f"personne{number}@exemple.fr"),
                    ("text", text),
                    ("consent", "on"),
                ]
            elif roll < 0.5:
                kind, path = "recherche", "/lieux/?" + urlencode({"commune": rng.choice(COMMUNES)})
            elif roll < 0.8:
                kind, path = "lieu", f"/lieux/{rng.choice(self.sites)}/"
            else:
                kind, path = "agenda", "/agenda/"
            try:
                response = browser.request(self.instances[instance], method, path, data)
                outcome = Outcome(began, time.monotonic(), instance, kind, response.status)
                if kind == "question" and response.status == 302 and response.location.endswith("/envoyee/"):
                    with self.lock:
                        self.acknowledged.append((time.monotonic(), text))
                elif kind == "question" and response.status < 500 and response.status != 302:
                    outcome.error = f"question non acceptée (statut {response.status})"
                    outcome.status = 500  # counted as a failure: the load expects every question to pass
            except (OSError, http.client.HTTPException) as error:
                outcome = Outcome(began, time.monotonic(), instance, kind, None, type(error).__name__)
            with self.lock:
                self.outcomes.append(outcome)
            pause = interval - (time.monotonic() - began)
            if pause > 0:
                self.stopping.wait(pause)


COMMUNES = ["Toulouse", "Albi", "Castres", "Rodez", "Montauban", "Cahors", "Auch", "Tarbes", "Foix", "Millau"]


@dataclass
class Timeline:
    start: float = 0.0
    stop_called: float = 0.0
    stopped: float = 0.0
    start_called: float = 0.0
    up: float = 0.0
    end: float = 0.0


def run_load(
    load: Load, server: PostgresServer, *, duration: float, outage_at: float, outage: float, mode: str
):
    threads = [
        threading.Thread(target=load.client, args=(number,), daemon=True) for number in range(load.clients)
    ]
    timeline = Timeline(start=time.monotonic())
    for thread in threads:
        thread.start()
    time.sleep(outage_at)
    timeline.stop_called = time.monotonic()
    server.stop(mode)
    timeline.stopped = time.monotonic()
    time.sleep(outage)
    timeline.start_called = time.monotonic()
    server.start()
    timeline.up = time.monotonic()
    time.sleep(max(0.0, duration - (timeline.up - timeline.start)))
    load.stopping.set()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT_S + 5)
    timeline.end = time.monotonic()
    return timeline


def analyse(load: Load, timeline: Timeline, stored: set[str]) -> list[Check]:
    outcomes = sorted(load.outcomes, key=lambda outcome: outcome.start)
    window_end = timeline.up + RECOVERY_LIMIT_S
    failures = [outcome for outcome in outcomes if not outcome.ok]
    outside = [o for o in failures if not timeline.stop_called <= o.end <= window_end]
    after_up = [o for o in failures if o.end >= timeline.up]
    back_after = max((o.end - timeline.up for o in after_up), default=0.0)
    first_success = {
        name: min(
            (o.end - timeline.up for o in outcomes if o.instance == name and o.ok and o.start >= timeline.up),
            default=None,
        )
        for name in load.instances
    }
    statuses: dict[str, int] = {}
    for outcome in failures:
        key = str(outcome.status) if outcome.status else outcome.error
        statuses[key] = statuses.get(key, 0) + 1
    acknowledged_before = [text for moment, text in load.acknowledged if moment < timeline.stop_called]
    missing = [text for _moment, text in load.acknowledged if text not in stored]
    served_back = all(value is not None for value in first_success.values())
    down = timeline.up - timeline.stop_called
    elapsed = max(timeline.end - timeline.start, 0.001)
    return [
        Check(
            "Charge",
            len(outcomes) > 0,
            f"{len(outcomes)} requêtes en {elapsed:.0f} s par {load.clients} clients "
            f"({len(outcomes) / elapsed:.0f}/s), réparties sur {len(load.instances)} instances",
        ),
        Check(
            "Erreurs seulement pendant l'arrêt",
            not outside,
            f"base arrêtée {down:.1f} s ; {len(failures)} erreurs ("
            + (", ".join(f"{count} × {key}" for key, count in sorted(statuses.items())) or "aucune")
            + f"), dont {len(outside)} hors de l'arrêt et des {RECOVERY_LIMIT_S:.0f} s qui le suivent",
        ),
        Check(
            "Service rétabli",
            served_back and back_after <= RECOVERY_LIMIT_S,
            f"dernière erreur {back_after:.2f} s après le retour de la base "
            f"(limite {RECOVERY_LIMIT_S:.0f} s) ; "
            "première réponse réussie : "
            + ", ".join(
                f"{name} {'jamais' if value is None else f'{value:.2f} s'}"
                for name, value in first_success.items()
            ),
        ),
        Check(
            "Écritures confirmées conservées",
            not missing and len(load.acknowledged) > 0,
            f"{len(load.acknowledged)} questions confirmées (dont {len(acknowledged_before)} avant l'arrêt), "
            f"{len(load.acknowledged) - len(missing)} retrouvées en base",
        ),
    ]


def report(checks: list[Check], facts: dict) -> str:
    lines = [
        "Résilience — deux instances gunicorn, un PostgreSQL, un Redis",
        f"  {facts['instances']} ; PostgreSQL {facts['postgres']} ; Redis {facts['redis']}",
        f"  arrêt de PostgreSQL : mode {facts['mode']}, {facts['outage']:.0f} s, "
        f"après {facts['outage_at']:.0f} s de charge",
    ]
    for check in checks:
        lines.append(f"  [{'OK' if check.passed else 'ÉCHEC'}] {check.name} : {check.detail}")
    verdict = "réussi" if all(check.passed for check in checks) else "ÉCHEC"
    lines.append(f"Résultat : {verdict}")
    return "\n".join(lines)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Deux instances, une base redémarrée sous charge.")
    parser.add_argument("--duration", type=float, default=30, help="secondes de charge (30)")
    parser.add_argument(
        "--outage-at", type=float, default=10, help="arrêt de la base après N s de charge (10)"
    )
    parser.add_argument(
        "--outage", type=float, default=5, help="secondes pendant lesquelles la base est arrêtée (5)"
    )
    parser.add_argument(
        "--mode", choices=["fast", "immediate"], default="immediate", help="arrêt de PostgreSQL"
    )
    parser.add_argument("--workers", type=int, default=2, help="workers gunicorn par instance (2)")
    parser.add_argument("--clients", type=int, default=6, help="clients simultanés (6)")
    parser.add_argument("--rate", type=float, default=60, help="requêtes par seconde au plus, en tout (60)")
    args = parser.parse_args(argv)
    if args.outage_at + args.outage + RECOVERY_LIMIT_S > args.duration:
        parser.error("--duration doit couvrir l'arrêt et les 5 s qui suivent le retour de la base")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)
    server = PostgresServer(WORK_DIR / "pgdata")
    redis = None
    try:
        step(f"PostgreSQL sur 127.0.0.1:{server.port} ({WORK_DIR / 'pgdata'})")
        server.init()
        server.start()
        server.create_database()
        redis_url = os.environ.get("REDIS_URL", "")
        if not redis_url:
            if shutil.which("redis-server") is None:
                raise BenchError("Redis manque : définissez REDIS_URL ou installez redis-server.")
            redis = RedisServer(WORK_DIR / "redis.log")
            redis.start()
            redis_url = redis.url
        step(f"Redis : {redis_url}")
        env = {
            **production_env(dict(os.environ)),
            "DATABASE_URL": server.url,
            "REDIS_URL": redis_url,
            "DJANGO_SECURE_COOKIES": "0",  # plain HTTP on loopback, as behind the TLS proxy
            "EMAIL_URL": "consolemail://",
            "PORTAL_QUESTIONS_PER_HOUR": "1000000",  # the load asks many questions from one address
        }
        step("Migrations, données de référence et de démonstration")
        manage(env, "migrate", "--noinput", "--verbosity=0")
        manage(env, "collectstatic", "--noinput", "--verbosity=0")
        manage(env, "load_reference_data")
        manage(env, "load_demo")
        facts = demo_facts(env)
        logs = WORK_DIR / "gunicorn.log"
        step(f"Deux instances gunicorn ({args.workers} workers chacune) ; journal : {logs}")
        with (
            serve(env, project_dir=PROJECT_DIR, workers=args.workers, log_path=logs) as a,
            serve(env, project_dir=PROJECT_DIR, workers=args.workers, log_path=logs) as b,
        ):
            checks = [
                check_session(a, b),
                check_place_edit(a, b, facts["editable"]),
                check_cached_list(a, b, facts["audience"], args.workers),
            ]
            step(f"Charge pendant {args.duration:.0f} s ; arrêt de PostgreSQL à {args.outage_at:.0f} s")
            load = Load({"A": a, "B": b}, facts["sites"], args.clients, args.rate)
            timeline = run_load(
                load,
                server,
                duration=args.duration,
                outage_at=args.outage_at,
                outage=args.outage,
                mode=args.mode,
            )
            output = manage(env, "shell", "-c", QUESTIONS_SCRIPT % {"prefix": QUESTION_PREFIX}, capture=True)
            stored = set(json.loads(output.strip().splitlines()[-1]))
            checks += analyse(load, timeline, stored)
            text = report(
                checks,
                {
                    "instances": f"A {a}, B {b}",
                    "postgres": f"127.0.0.1:{server.port}",
                    "redis": redis_url,
                    "mode": args.mode,
                    "outage": args.outage,
                    "outage_at": args.outage_at,
                },
            )
        print("\n" + text, flush=True)
        (WORK_DIR / "report.txt").write_text(text + "\n")
        return 0 if all(check.passed for check in checks) else 1
    except BenchError as error:
        print(f"Échec : {error}", file=sys.stderr)
        return 2
    finally:
        with contextlib.suppress(BenchError):
            server.stop("fast")
        if redis is not None:
            redis.stop()


if __name__ == "__main__":
    sys.exit(main())
