"""Accessibility: every public page, in English and Arabic, checked with axe-core in headless
Chromium, plus keyboard use of the navigation bar.

A server runs the demo data set on its own SQLite file (the pages' markup does not depend on
the database engine, so the PostgreSQL run skips this module). The browser is the system's
Chromium (Debian package `chromium`); without it the module is skipped and says so.
axe-core comes bundled in axe-playwright-python (a dev dependency).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
# Violations of these impacts fail the test; "moderate" and "minor" ones are printed.
BLOCKING = {"serious", "critical"}

pytestmark = [
    pytest.mark.xdist_group("a11y"),
    pytest.mark.skipif(ON_POSTGRES, reason="run once, in the SQLite run"),
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium: apt-get install chromium (see README)"
    ),
]

# Public pages, as an anonymous visitor sees them. "{partnership}" etc. are filled from the
# demo data by the server fixture.
PAGES = [
    "/",
    "/portfolio/",
    "/portfolio/?state=current&sdg=2",
    "/portfolio/{partnership}/",
    "/countries/",
    "/countries/sd/",
    "/guidance/",
    "/guidance/screening-criteria/",
    "/entities/",
    "/entities/wfp/",
    "/organisations/",
    "/vocabularies/sdgs/",
    "/marketplace/",
    "/marketplace/needs/",
    "/marketplace/needs/{need}/",
    "/knowledge/lessons/",
    "/knowledge/lessons/{lesson}/",
    "/knowledge/lessons/{guide}/",
    "/initiatives/",
    "/initiatives/every-woman-every-child/",
    "/commitments/",
    "/commitments/?state=stale",
    "/events/",
    "/events/?when=past",
    "/search/?q=water",
    "/search/?q=%D9%85%D9%8A%D8%A7%D9%87",
    "/portfolio/?q=training",
    "/newsletter/",
    "/newsletter/{issue}/",
    "/open-data/",
    "/dashboards/report/",
    "/calculators/",
    "/calculators/cause-marketing/?donation_per_unit=0.5&volume=1000&cap=400&currency=USD",
    "/calculators/feedback/",
    "/accounts/login/",
    "/accounts/signup/",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    database = tmp_path_factory.mktemp("a11y") / "demo.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "SQLITE_PATH": str(database),
        "DJANGO_SETTINGS_MODULE": "partnerhub.settings",
    }
    _manage("migrate", "--no-input", "-v0", env=env)
    _manage("load_demo", env=env)
    ids = (
        _manage(
            "shell",
            "-c",
            "from partnerhub.partnerships.selectors import public_partnerships as p;"
            "from partnerhub.portal.selectors import open_needs as n, public_lessons as l;"
            "from partnerhub.newsletter.models import Issue;"
            "print(p().order_by('pk').first().pk, n().order_by('pk').first().pk,"
            " l().order_by('pk').first().pk, l().filter(kind='guide').first().pk,"
            " Issue.objects.filter(status='sent').first().slug)",
            env=env,
        )
        .strip()
        .splitlines()[-1]
        .split()
    )
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 (local test server)
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the demo server did not start")
        yield {
            "base": base,
            "partnership": ids[0],
            "need": ids[1],
            "lesson": ids[2],
            "guide": ids[3],
            "issue": ids[4],
        }
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


def _page_in(browser: object, demo_server: dict[str, str], language: str) -> object:
    context = browser.new_context(  # type: ignore[attr-defined]
        locale=language, viewport={"width": 1280, "height": 900}
    )
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": demo_server["base"]}]
    )
    return context.new_page()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_public_pages_have_no_serious_axe_violations(browser, demo_server, language):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = _page_in(browser, demo_server, language)
    failures: list[str] = []
    for template in PAGES:
        path = template.format(**demo_server)
        response = page.goto(demo_server["base"] + path)
        assert response is not None and response.status == 200, (
            f"{path}: {response and response.status}"
        )
        if language == "ar":
            assert page.get_attribute("html", "dir") == "rtl", path
        results = axe.run(page)
        for violation in results.response["violations"]:
            line = (
                f"{path} [{language}] {violation['id']} ({violation['impact']}): "
                f"{violation['help']} — {len(violation['nodes'])} element(s), e.g. "
                f"{violation['nodes'][0]['target']}"
            )
            if violation["impact"] in BLOCKING:
                failures.append(line)
            else:
                print(line)  # noqa: T201 (shown with -s: moderate and minor findings)
    page.context.close()
    assert not failures, "\n".join(failures)


def test_keyboard_reaches_skip_link_and_opens_menus(browser, demo_server):
    page = _page_in(browser, demo_server, "en")
    page.goto(demo_server["base"] + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The "Explore" menu opens from the keyboard and its first item takes the focus.
    page.focus("#nav-explore")
    page.keyboard.press("Enter")
    assert page.get_attribute("#nav-explore", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('dropdown-item')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/portfolio/")
    page.context.close()
