"""The Content-Security-Policy in a real browser: no page of the portal or of the admin breaks it (no
inline script or style), the map included. Chromium reports every violation on the console and as a
`securitypolicyviolation` event; both are collected."""

import pytest
from django.urls import reverse

from spro_portal.accessibility import AUDITED_PAGES

pytestmark = pytest.mark.e2e

PASSWORD = "demo-spro-2026"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(browser):
    """A page whose CSP violations (console and events) end up in `page.csp_problems`."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url} — {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )

    def visit(url):
        response = page.goto(url)
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
        page.wait_for_load_state("load")
        collect()

    def collect():
        problems.extend(f"{page.url} — {item}" for item in page.evaluate("window.__cspViolations || []"))
        page.evaluate("window.__cspViolations = []")

    page.csp_problems = problems
    page.visit = visit
    page.collect = collect
    yield page
    context.close()


def test_the_audited_pages_break_no_csp_rule(portal, watched):
    for _label, path in AUDITED_PAGES:
        watched.visit(portal.url + path)
    assert watched.csp_problems == []


def test_the_map_opens_without_breaking_the_csp(portal, watched):
    watched.visit(portal.url + "/lieux/?commune=Albi")
    watched.get_by_role("button", name="Afficher la carte des lieux de cette page").click()
    watched.locator(".leaflet-container").wait_for()
    watched.locator(".leaflet-interactive").first.click()  # a marker's popup
    watched.locator(".leaflet-popup").wait_for()
    watched.collect()
    assert watched.csp_problems == []


def test_the_logins_and_the_admin_break_no_csp_rule(portal, watched):
    watched.visit(portal.url + reverse("pro:login"))
    watched.visit(portal.url + reverse("admin:login"))
    watched.get_by_label("Nom d’utilisateur").fill("region@demo.invalid")
    watched.get_by_label("Mot de passe").fill(PASSWORD)
    watched.get_by_role("button", name="Connexion").click()
    watched.wait_for_url(portal.url + reverse("admin:index"))
    watched.collect()
    for name in [
        "admin:structures_site_changelist",
        "admin:structures_site_add",
        "admin:events_event_export",
    ]:
        watched.visit(portal.url + reverse(name))
    # django-import-export's export form: its inline onchange handler is allowed by its hash.
    toggle = watched.locator("input.select-toggle").first
    fields = watched.locator(".selectable-field-export-row input[type=checkbox]:not(.select-toggle)")
    toggle.uncheck()
    assert fields.count() and all(not box.is_checked() for box in fields.all())
    toggle.check()
    watched.collect()
    assert watched.csp_problems == []
