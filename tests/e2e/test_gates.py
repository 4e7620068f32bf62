"""Accessibility, validity, keyboard, small screens, weight and privacy gates on every key page
(spro_portal.accessibility.AUDITED_PAGES, which the accessibility statement also lists).

A failing gate names the page, the rule and the element."""

import json
import os
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from spro_portal.accessibility import AUDITED_PAGES

PATHS = [path for _label, path in AUDITED_PAGES]
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MAX_PAGE_BYTES = 80 * 1024
ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
TAB_STOPS = 25

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", PATHS)
def test_axe_finds_no_wcag_a_or_aa_violation(portal, page, path):
    page.goto(portal.url + path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    problems = [
        f"{path} — règle {violation['id']} ({violation['help']}) : {', '.join(map(str, node['target']))}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def html_errors(portal, tmp_path_factory, django_db_blocker):
    """Nu Html Checker errors of every key page, by path (one JVM for all pages)."""
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} est introuvable : `make test` l'installe (paquet npm vnu-jar).")
    folder = tmp_path_factory.mktemp("html")
    files = {}
    with django_db_blocker.unblock():  # the live server reads the database while we fetch
        for index, path in enumerate(PATHS):
            file = folder / f"page-{index}.html"
            with urllib.request.urlopen(portal.url + path) as response:  # noqa: S310 (local live server)
                file.write_bytes(response.read())
            files[file.resolve().as_uri()] = path
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            "--stdout",
            *map(str, folder.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors: dict[str, list[str]] = {path: [] for path in PATHS}
    for message in json.loads(result.stdout or "{}").get("messages", []):
        path = files.get(message.get("url"), message.get("url"))
        errors.setdefault(path, []).append(
            f"{path}, ligne {message.get('lastLine')} : {message.get('message')}"
            f" — « {message.get('extract', '').strip()} »"
        )
    return errors


@pytest.mark.parametrize("path", PATHS)
def test_html_is_valid(html_errors, path):
    assert not html_errors[path], "\n".join(html_errors[path])


def focus_description(page) -> dict:
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                text: (element.innerText || element.getAttribute('aria-label') || '').slice(0, 60),
                cls: element.className && element.className.baseVal === undefined ? element.className : '',
                id: element.id,
                type: element.getAttribute('type'),
                href: element.getAttribute('href'),
                visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                inMap: !!element.closest('[data-map-canvas]'),
            };
        }"""
    )


@pytest.mark.parametrize("path", PATHS)
def test_skip_link_comes_first_and_focus_is_always_visible(portal, page, path):
    page.goto(portal.url + path)
    page.keyboard.press("Tab")
    first = focus_description(page)
    assert (first["tag"], first["href"]) == ("a", "#contenu"), (
        f"{path} — premier élément focalisable : {first}"
    )
    for _stop in range(TAB_STOPS):
        focused = focus_description(page)
        if focused["tag"] == "body":  # past the last element: back to the browser
            break
        assert focused["visible"], f"{path} — focus invisible sur {focused}"
        page.keyboard.press("Tab")


def test_map_is_not_a_keyboard_trap(portal, page):
    page.goto(portal.url + "/lieux/?commune=Toulouse&rayon=30")
    page.get_by_role("button", name="Afficher la carte des lieux de cette page").click()
    page.wait_for_selector(".leaflet-interactive")
    page.get_by_role("button", name="Masquer la carte").focus()
    entered = left = False
    for _stop in range(40):
        page.keyboard.press("Tab")
        inside = focus_description(page)["inMap"]
        entered = entered or inside
        if entered and not inside:
            left = True
            break
    assert entered, "la carte n'est pas atteignable au clavier"
    assert left, "le focus reste piégé dans la carte"


@pytest.mark.parametrize("path", PATHS)
def test_no_horizontal_scrolling_at_320_pixels(portal, browser, path):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR")
    page = context.new_page()
    page.goto(portal.url + path)
    widths = page.evaluate(
        """() => {
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
            const root = document.documentElement;
            return {scroll: root.scrollWidth, client: root.clientWidth, wide};
        }"""
    )
    context.close()
    assert widths["scroll"] <= widths["client"], (
        f"{path} — défilement horizontal à 320 px, éléments : {widths['wide']}"
    )


@pytest.mark.parametrize("path", PATHS)
def test_weight_third_parties_and_cookies(portal, context, path):
    page = context.new_page()
    sizes, foreign = {}, []
    own_host = urlsplit(portal.url).netloc

    def on_response(response):
        request = response.request
        if (
            request.resource_type in {"document", "stylesheet", "script"}
            and "/static/leaflet/" not in response.url
        ):
            sizes[response.url] = len(response.body())

    page.on("response", on_response)
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url) if urlsplit(request.url).netloc not in ("", own_host) else None
        ),
    )
    page.goto(portal.url + path, wait_until="networkidle")
    total = sum(sizes.values())
    assert total <= MAX_PAGE_BYTES, f"{path} — {total / 1024:.0f} Ko de HTML, CSS et JS : {sizes}"
    assert foreign == [], f"{path} — requêtes vers d'autres hôtes : {foreign}"
    assert context.cookies() == [], f"{path} — cookies déposés : {context.cookies()}"
