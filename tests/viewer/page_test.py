"""The viewer's page in headless chromium, driven by chromedriver through
Debian's python3-selenium: start, pause, step, a slider, a refused value
(run by ctest as serve_page_test; skipped where chromedriver is absent)."""
import json
import os
import shutil
import time

import pytest

from serve_test import FULL, Server

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("chromedriver") is None,
                                reason="chromedriver is not installed (chromium-driver)")


def wait_until(what, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        value = what()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


@pytest.fixture
def page():
    # citizens.density 0.9: a cop density above 0.1 leaves no room (refused).
    server = Server(FULL, "--set", "lattice.width=60", "--set", "lattice.height=60",
                    "--set", "citizens.density=0.9", "--set", "cops.density=0.04",
                    "--set", "model.steps=100000")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.get(server.base + "/")
    yield driver, server
    driver.quit()
    server.stop()


def server_tick(server):
    return json.loads(server.get("/api/info")[1])["tick"]


def shown_tick(driver):
    return int(driver.find_element(By.ID, "tick").text)


def test_controls_drive_the_model_and_the_page_shows_what_the_server_has(page):
    driver, server = page
    wait_until(lambda: int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-frames") or 0) >= 1)
    driver.find_element(By.ID, "step").click()
    wait_until(lambda: server_tick(server) == 1 and shown_tick(driver) == 1)

    driver.find_element(By.ID, "start").click()
    wait_until(lambda: shown_tick(driver) >= 10)
    driver.find_element(By.ID, "pause").click()
    wait_until(lambda: not json.loads(server.get("/api/info")[1])["running"])
    paused_at = server_tick(server)
    # The tick shown comes with any reply, the drawn frame's with the next
    # frame: both come to be the server's.
    wait_until(lambda: shown_tick(driver) == paused_at)
    wait_until(lambda: int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-tick"))
               == paused_at)

    # The charts' latest values come to be the server's (the page polls the
    # series every quarter second, so it may still be a poll behind).
    series = json.loads(server.get("/api/series?from=%d" % paused_at)[1])
    active = series["columns"]["active"][-1]

    def shown_active():
        for box in driver.find_elements(By.CSS_SELECTOR, "#charts figure"):
            if box.find_element(By.CSS_SELECTOR, "figcaption span").text == "active":
                text = box.find_element(By.CSS_SELECTOR, ".value").text.replace(",", "")
                return float(text) if text not in ("", "–") else None
        return None

    wait_until(lambda: shown_active() == active)
    assert shown_active() == pytest.approx(active)

    # A slider: the change is an event from the next tick.
    driver.execute_script(
        "const s = document.querySelector('[data-key=\"legitimacy.initial\"]');"
        "s.value = '0.5'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));")
    wait_until(lambda: any(e["text"].startswith("legitimacy.initial = 0.5")
                           for e in json.loads(server.get("/api/series?from=0")[1])["events"]))
    driver.find_element(By.ID, "step").click()
    wait_until(lambda: server_tick(server) == paused_at + 1)
    legitimacy = json.loads(server.get("/api/series?from=0")[1])
    assert "legitimacy.initial" in [p["key"] for p in json.loads(server.get("/api/info")[1])["parameters"]]
    assert len(legitimacy["events"]) == 1

    # A value the scenario refuses: the error shows and the slider returns.
    # Every text the status line shows is recorded, since a later poll may
    # replace the error before this test reads it on a loaded machine.
    driver.execute_script(
        "window.statusTexts = [];"
        "new MutationObserver(() => window.statusTexts.push(document.getElementById('status')"
        ".textContent)).observe(document.getElementById('status'),"
        " {childList: true, characterData: true, subtree: true});")
    driver.execute_script(
        "const s = document.querySelector('[data-key=\"cops.density\"]');"
        "s.value = '0.2'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));")
    status = wait_until(lambda: next((t for t in driver.execute_script("return window.statusTexts")
                                      if "cops.density" in t), None))
    assert "exceed" in status or "at most 1" in status
    wait_until(lambda: driver.execute_script(
        "return document.querySelector('[data-key=\"cops.density\"]').value") == "0.04")
    assert len(json.loads(server.get("/api/series?from=0")[1])["events"]) == 1
    if os.environ.get("PANOPTICON_SCREENSHOT"):
        driver.save_screenshot(os.environ["PANOPTICON_SCREENSHOT"])
