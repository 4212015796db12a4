#!/usr/bin/env python3
"""softland in a real browser: headless Chromium (Debian's chromium + chromium-driver) driven
through WebDriver (selenium from PyPI) against a running demo server.

For every page at desktop (1280 px), phone (390 px) and narrow phone (320 px) widths it
- runs axe-core (vendored from npm, injected from a file: never a CDN) and fails on any
  violation of any impact;
- fails on horizontal scrolling (reflow, WCAG 1.4.10);
- saves a screenshot to the output folder;
- saves the page's HTML as served, for the Nu HTML checker that scripts/browser-tests.sh
  runs afterwards.
It also walks the main flows: signing in, changing an item's status from the case page with
JavaScript (in place, focus kept, confirmation announced) and without it (a second browser
with JavaScript off), the height of the family case page, "/" focusing the search in the
navigation, the expat's portal, papers end to end (the expat uploads a photo, the
consultant asks for another copy, the expat sees why), the month calendar (a list of days at
phone width, links in reading order), the consultant's calendar feed, parsed by Python's
icalendar (UIDs unique, all-day dates), and the buddy programme's sign-up form and
ambassador's area. Usage (scripts/browser-tests.sh does all this):

    check.py BASE_URL LOGINS_FILE AXE_JS OUT_DIR
"""

import base64
import datetime
import hashlib
import hmac
import json
import pathlib
import struct
import sys
import time
import urllib.request

import icalendar

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import (
    StaleElementReferenceException, TimeoutException, WebDriverException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# The button of an item's "start" form.
START = "//form[contains(@action, '/status')][input[@name='action' and @value='start']]//button"

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844), "narrow": (320, 640)}


class Run:
    def __init__(self, base, axe_js, out):
        self.base = base.rstrip("/")
        self.axe_js = pathlib.Path(axe_js).read_text()
        self.out = pathlib.Path(out)
        (self.out / "screenshots").mkdir(parents=True, exist_ok=True)
        (self.out / "html").mkdir(parents=True, exist_ok=True)
        self.failures = []
        self.pages = 0
        # Two-factor secrets by e-mail (the demo admin's, printed with the logins) and the
        # newest time step each used: a code works once (issue 23).
        self.two_factor = {}
        self.last_step = {}
        self.second_step_checked = False
        self.measures = {}
        options = webdriver.ChromeOptions()
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--force-device-scale-factor=1"]:
            options.add_argument(arg)
        options.binary_location = "/usr/bin/chromium"
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(30)

    def fail(self, what):
        print(f"FAIL {what}")
        self.failures.append(what)

    def size(self, width_name):
        w, h = WIDTHS[width_name]
        self.driver.set_window_size(w, h)
        # The window includes no chrome in headless mode, but make the viewport exact.
        inner = self.driver.execute_script("return window.innerWidth")
        if inner != w:
            self.driver.set_window_size(w + (w - inner), h)

    def open(self, path):
        self.driver.get(self.base + path)

    def check_page(self, name, width_name):
        """axe, reflow, screenshot and the served HTML of the page shown now."""
        self.pages += 1
        label = f"{name} at {width_name}"
        driver = self.driver
        if width_name == "narrow":
            wide = driver.execute_script(
                "return document.documentElement.scrollWidth > window.innerWidth + 1")
            if wide:
                offenders = driver.execute_script("""
                    const w = window.innerWidth; const out = [];
                    for (const el of document.querySelectorAll('body *')) {
                      const r = el.getBoundingClientRect();
                      if (r.right > w + 1 && out.length < 5) out.push(el.tagName.toLowerCase() +
                        (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '') +
                        ' (' + Math.round(r.right) + 'px)');
                    }
                    return out;""")
                self.fail(f"{label}: scrolls sideways ({', '.join(offenders)})")
        driver.execute_script(self.axe_js)
        result = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
              .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));""")
        for v in result:
            self.fail(f"{label}: axe {v['impact']} {v['id']}: {v['help']} at {v['nodes']}")
        slug = name.replace(" ", "-").replace("/", "-")
        driver.save_screenshot(str(self.out / "screenshots" / f"{slug}-{width_name}.png"))
        if width_name == "desktop":
            self.save_html(slug)

    def save_html(self, slug):
        """The page as the server sends it (not the DOM), with the browser's cookies."""
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        request = urllib.request.Request(self.driver.current_url, headers={"Cookie": cookies})
        try:
            with urllib.request.urlopen(request) as response:
                body = response.read()
        except urllib.error.HTTPError as error:  # error pages are pages too
            body = error.read()
            if error.code == 405:  # the answer to a form sent: only the browser has it
                body = ("<!DOCTYPE html>\n" + self.driver.page_source).encode()
        (self.out / "html" / f"{slug}.html").write_bytes(body)

    def every_width(self, name, path):
        for width in WIDTHS:
            self.size(width)
            self.open(path)
            self.check_page(name, width)

    def sign_in(self, email, password):
        self.driver.delete_all_cookies()
        self.open("/login")
        self.driver.find_element(By.ID, "email").send_keys(email)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        try:
            WebDriverWait(self.driver, 10).until(
                lambda d: "/login" not in d.current_url or "/login/two-factor" in d.current_url)
        except TimeoutException:
            self.fail(f"signing in as {email} did not leave the sign-in page")
            return
        if "/login/two-factor" in self.driver.current_url:
            self.second_step(email)

    def second_step(self, email):
        """The second step of a staff sign-in with two-factor (issue 23): the code of the
        secret the demo prints, never one used before (a replay is refused)."""
        secret = self.two_factor.get(email)
        if not secret:
            self.fail(f"{email} is asked for a two-factor code, but the demo printed no secret")
            return
        if not self.second_step_checked:
            self.second_step_checked = True
            self.every_width("sign-in second step", "/login/two-factor")
        step = int(time.time()) // 30
        last = self.last_step.get(email, -1)
        if step <= last:
            step = last + 1
            if step > int(time.time()) // 30 + 1:
                time.sleep(30 - time.time() % 30 + 1)
        self.last_step[email] = step
        self.driver.find_element(By.ID, "code").send_keys(totp(secret, step))
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        try:
            WebDriverWait(self.driver, 10).until(lambda d: "/login" not in d.current_url)
        except TimeoutException:
            self.fail(f"the two-factor code of {email} was refused")

    def slash_focuses_the_search(self):
        """Pressing "/" on a page (not in a field) puts the cursor in the navigation's search."""
        self.size("desktop")
        self.open("/cases")
        self.driver.find_element(By.TAG_NAME, "body").send_keys("/")
        focused = self.driver.execute_script("return document.activeElement.id")
        if focused != "nav-search":
            self.fail(f'"/" focused {focused!r}, not the search box')

    def case_paths(self):
        """The team's open cases, by name."""
        self.open("/cases?consultant=all&sort=name")
        links = self.driver.find_elements(By.CSS_SELECTOR, "table a[href^='/cases/']")
        return [a.get_attribute("href").replace(self.base, "") for a in links]

    def family_case(self):
        """The case of the demo's family of four (Rajesh Kumar)."""
        self.open("/cases?consultant=all&q=Rajesh")
        link = self.driver.find_element(By.CSS_SELECTOR, "table a[href^='/cases/']")
        return link.get_attribute("href").replace(self.base, "")

    def startable_case(self, paths):
        """The first case with an item that can be started."""
        for path in paths:
            self.open(path)
            if self.driver.find_elements(By.XPATH, START):
                return path
        self.fail("no open case has an item to start")
        return paths[0]

    def open_chip_of(self, button):
        """Opens the chip (and step) a button is in: chips are <details>, closed at first."""
        self.driver.execute_script("""
            let n = arguments[0];
            while (n) { if (n.tagName === 'DETAILS') n.open = true; n = n.parentElement; }""",
            button)

    def status_change_without_javascript(self, case_path, email, password):
        """In a browser with JavaScript off: opens an item's chip by its summary and starts the
        item; the page comes back at the item, its chip open, with the confirmation there."""
        options = webdriver.ChromeOptions()
        for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
            options.add_argument(arg)
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
        options.binary_location = "/usr/bin/chromium"
        plain = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            plain.set_window_size(1280, 900)
            plain.get(self.base + "/login")
            plain.find_element(By.ID, "email").send_keys(email)
            plain.find_element(By.ID, "password").send_keys(password)
            plain.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            WebDriverWait(plain, 10).until(lambda d: "/login" not in d.current_url)
            plain.get(self.base + case_path)
            buttons = plain.find_elements(By.XPATH, START)
            if not buttons:
                self.fail(f"{case_path}: no item to start (without JavaScript)")
                return
            chip = buttons[0].find_element(By.XPATH, "ancestor::li[contains(@class,'chip')]")
            chip_id = chip.get_attribute("id")
            step = chip.find_element(By.XPATH, "ancestor::details[contains(@class,'step')]")
            if step.get_attribute("open") is None:
                step.find_element(By.TAG_NAME, "summary").click()
            chip.find_element(By.TAG_NAME, "summary").click()
            buttons[0].click()
            WebDriverWait(plain, 10).until(lambda d: f"at={chip_id}" in d.current_url)
            chip = plain.find_element(By.ID, chip_id)
            flash = chip.find_elements(By.CSS_SELECTOR, ".flash")
            if not flash or "now in progress" not in flash[0].text:
                self.fail(f"{case_path}: no confirmation at the item without JavaScript")
            if not chip.find_element(By.TAG_NAME, "details").get_attribute("open"):
                self.fail(f"{case_path}: the item's chip is closed after the change")
        finally:
            plain.quit()

    def status_change_with_javascript(self, case_path):
        """With JavaScript: the change applies in place (no page load), the focus stays on the
        item's chip and the confirmation is announced."""
        self.size("desktop")
        self.open(case_path)
        buttons = self.driver.find_elements(By.XPATH, START)
        if not buttons:
            self.fail(f"{case_path}: no item to start")
            return
        chip = buttons[0].find_element(By.XPATH, "ancestor::li[contains(@class,'chip')]")
        chip_id = chip.get_attribute("id")
        self.open_chip_of(buttons[0])
        self.driver.execute_script("window.softlandNoReload = true;")
        buttons[0].click()
        try:
            WebDriverWait(self.driver, 10).until(lambda d: "now in progress" in (
                d.find_element(By.ID, "announcer").get_attribute("textContent") or ""))
        except TimeoutException:
            self.fail(f"{case_path}: no announced confirmation after a status change with JavaScript")
            return
        if not self.driver.execute_script("return window.softlandNoReload === true"):
            self.fail(f"{case_path}: the page reloaded instead of changing in place")
        badge = self.driver.find_element(By.CSS_SELECTOR, f"#{chip_id} .badge").text
        if badge != "In progress":
            self.fail(f"{case_path}: the item's badge says {badge!r} after starting it")
        focused = self.driver.execute_script(
            "return document.activeElement && document.activeElement.closest('.chip') "
            "&& document.activeElement.closest('.chip').id")
        if focused != chip_id:
            self.fail(f"{case_path}: the focus left the item ({focused!r} instead of {chip_id})")

    def papers_exchange(self, consultant, expat):
        """Papers end to end: the expat uploads a photo on the portal, the consultant asks for
        another copy with a reason on the case's files page, the expat sees the reason."""
        png = self.out / "browser-test-photo.png"
        # A valid 1x1 PNG, made here: the server checks the type from the bytes.
        png.write_bytes(bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
        self.sign_in(*expat)
        self.size("phone")
        self.open("/my")
        links = self.driver.find_elements(By.CSS_SELECTOR, "a[href^='/my/cases/'][href$='/files']")
        if not links:
            self.fail("the portal has no link to the papers")
            return
        papers = links[0].get_attribute("href").replace(self.base, "")
        self.open(papers)
        inputs = self.driver.find_elements(By.CSS_SELECTOR, "input[type=file]")
        if not inputs:
            self.fail(f"{papers}: no file input")
            return
        inputs[0].send_keys(str(png.resolve()))
        inputs[0].find_element(By.XPATH, "ancestor::form").find_element(
            By.CSS_SELECTOR, "button[type=submit]").click()
        if not self.wait_for_text("1 file uploaded", f"{papers}: the expat's upload"):
            return
        self.check_page("portal papers after an upload", "phone")
        case_id = papers.split("/")[3]
        self.sign_in(*consultant)
        self.size("desktop")
        self.open(f"/cases/{case_id}/files")
        self.check_page("case files", "desktop")
        rows = self.driver.find_elements(
            By.XPATH, "//li[.//a[contains(., 'browser-test-photo.png')]]")
        if not rows:
            self.fail("the consultant does not see the expat's upload")
            return
        row = rows[-1]
        row.find_element(By.CSS_SELECTOR, "input[name=reason]").send_keys(
            "The photo is cut off: scan all four corners")
        row.find_element(By.XPATH, ".//form[.//input[@value='needs_another_copy']]//button").click()
        if not self.wait_for_text("Another copy of", "asking for another copy"):
            return
        self.sign_in(*expat)
        self.open(papers)
        body = self.driver.find_element(By.TAG_NAME, "body").text
        if "Please upload again" not in body or "scan all four corners" not in body:
            self.fail("the expat does not see the request for another copy and its reason")

    def measure_case_page(self, path):
        """The family case page's height at desktop and phone widths and the Tab presses to the
        first checklist item, recorded in summary.json; the page must stay under a third of
        the 11,600 px (desktop) and 21,000 px (phone) it had before the redesign."""
        limits = {"desktop": 11600 / 3, "phone": 21000 / 3}
        for width, limit in limits.items():
            self.size(width)
            self.open(path)
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.measures[f"family case page height at {width} (px)"] = height
            if height > limit:
                self.fail(f"family case page is {height} px tall at {width} (limit {int(limit)})")
        tabs = self.driver.execute_script("""
            const first = document.querySelector('#checklist .chip summary');
            const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
              .filter(e => e.offsetParent !== null || e.tagName === 'SUMMARY');
            return all.indexOf(first) + 1;""")
        self.measures["Tab presses to the first checklist item"] = tabs
        # 35 until issue 22 added two destinations to the staff navigation (Enquiries,
        # Events); "Skip to content" still takes a keyboard user past all of it.
        if tabs <= 0 or tabs > 37:
            self.fail(f"family case page: {tabs} Tab presses to the first checklist item")

    def buddy_pages(self, logins):
        """The buddy programme's public sign-up form (empty, and sent back with its mistakes)
        and, signed in as the demo's ambassador, their own area: home, a newcomer's page,
        the profile."""
        self.driver.delete_all_cookies()
        self.every_width("buddy sign-up", "/buddies/apply")
        for width in WIDTHS:
            self.size(width)
            self.open("/buddies/apply")
            self.driver.find_element(By.CSS_SELECTOR, "#profile-form button[type=submit]").click()
            self.check_page("buddy sign-up refused", width)
        buddy = logins.get("buddy")
        if buddy is None:
            self.fail("the demo lists no ambassador (role buddy) to sign in as")
            return
        self.sign_in(*buddy)
        self.every_width("buddy home", "/buddy")
        self.every_width("buddy profile", "/buddy/profile")
        # Her photo (the demo draws one): shown, at its fixed size, from the file store.
        loaded = self.driver.execute_script(
            "const img = document.querySelector('img.photo');"
            " return img !== null && img.complete && img.naturalWidth === 96"
            " && img.getBoundingClientRect().width > 0;")
        if not loaded:
            self.fail("the demo ambassador's photo is not shown on her profile")
        self.open("/buddy")
        newcomers = self.driver.find_elements(By.CSS_SELECTOR, "a[href^='/buddy/newcomers/']")
        if newcomers:
            self.every_width("buddy newcomer",
                             newcomers[0].get_attribute("href").replace(self.base, ""))
        else:
            self.fail("the demo ambassador has no newcomer to open")
        self.every_width("buddy partners", "/buddy/partners")
        self.every_width("buddy partner", "/buddy/partners/1")
        self.every_width("buddy refused a staff page", "/cases")

    def event_pages(self, logins):
        """Events (issue 22): the public pages for an anonymous visitor at every width (the
        list, an event with its registration form, a registration refused beside its fields,
        the answer and the personal cancel page), then staff's /programme pages and the
        portal's "Events for you"."""
        self.driver.delete_all_cookies()
        self.every_width("public events", "/events")
        self.every_width("public past events", "/events/past")
        self.open("/events")
        links = self.driver.find_elements(By.CSS_SELECTOR, ".cards a[href^='/events/']")
        if not links:
            self.fail("the public events page lists no event")
            return
        event = links[0].get_attribute("href").replace(self.base, "")
        self.every_width("public event", event)
        for width in WIDTHS:
            self.size(width)
            self.open(event)
            self.driver.find_element(By.CSS_SELECTOR, "form[action$='/register'] button[type=submit]").click()
            self.check_page("public registration refused", width)
        self.size("desktop")
        self.open(event)
        self.driver.find_element(By.ID, "reg-name").send_keys("Browser Check")
        self.driver.find_element(By.ID, "reg-email").send_keys("browser.check@example.org")
        self.driver.find_element(By.ID, "reg-consent").click()
        self.driver.find_element(By.CSS_SELECTOR, "form[action$='/register'] button[type=submit]").click()
        self.check_page("public registration answer", "desktop")
        self.sign_in(*logins["admin"])
        self.every_width("programme", "/programme")
        self.every_width("programme new", "/programme/new")
        self.open("/programme")
        staff_links = self.driver.find_elements(By.CSS_SELECTOR, "table a[href^='/programme/']")
        if staff_links:
            staff_event = staff_links[0].get_attribute("href").replace(self.base, "")
            self.every_width("programme event", staff_event)
            self.every_width("programme event edit", staff_event + "/edit")
        else:
            self.fail("the programme lists no event")
        # The personal cancel page: its link is in the mail, which only the outbox shows.
        self.open("/admin/outbox?kind=event")
        body = self.driver.page_source
        start = body.find("/events/registrations/")
        if start >= 0:
            token_path = body[start:].split()[0].split("<")[0].split('"')[0]
            self.driver.delete_all_cookies()
            self.every_width("public registration cancel page", token_path)
        self.sign_in(*logins["expat"])
        self.every_width("portal events", "/my/events")

    def employer_pages(self, logins):
        """Employers as partners (issue 21), as their people use them: the demo employer signs
        in and sees the progress of their new hire (the flow), then the request form (empty
        and refused) and the account page; staff see the open requests, a case's employers and
        the employer's accounts; the demo expat sees the sharing page."""
        employer = logins.get("employer")
        if employer is None:
            self.fail("the demo lists no employer user (role employer) to sign in as")
            return
        self.sign_in(*employer)
        self.every_width("employer home", "/employer")
        self.open("/employer")
        if not self.wait_for_text("steps done", "employer flow: a consented employee's progress"):
            return
        employees = self.driver.find_elements(By.CSS_SELECTOR, "a[href^='/employer/employees/']")
        if not employees:
            self.fail("employer flow: no employee to open")
            return
        path = employees[0].get_attribute("href").replace(self.base, "")
        self.every_width("employer employee", path)
        self.wait_for_text("Their steps", "employer flow: the employee's steps")
        self.every_width("employer new hire", "/employer/requests/new")
        for width in WIDTHS:
            self.size(width)
            self.open("/employer/requests/new")
            self.driver.find_element(
                By.XPATH, "//form[@action='/employer/requests/new']//button[@type='submit']").click()
            WebDriverWait(self.driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
            self.check_page("employer new hire refused", width)
        self.every_width("employer account", "/employer/account")
        self.every_width("employer refused a staff page", "/cases")
        self.sign_in(*logins["admin"])
        self.every_width("staff hire requests", "/partners/hire-requests")
        self.every_width("staff case employers", "/cases/1/employments")
        for case in range(1, 60):
            self.open(f"/cases/{case}/employments")
            accounts = self.driver.find_elements(By.CSS_SELECTOR, "a[href$='/accounts']")
            if accounts:
                self.every_width("staff employer accounts",
                                 accounts[0].get_attribute("href").replace(self.base, ""))
                break
        else:
            self.fail("no demo case links to an employer's accounts")
        self.sign_in(*logins["expat"])
        self.every_width("portal employer", "/my/employer")

    def privacy_pages(self, logins):
        """Privacy (issue 23, part A): a case's lawful basis and consents for staff, and the
        same form refused (422, the message beside the field); the expat's privacy page."""
        self.sign_in(*logins["admin"])
        self.every_width("staff case privacy", "/cases/1/privacy")
        for width in WIDTHS:
            self.size(width)
            self.open("/cases/1/privacy")
            self.driver.execute_script(
                "const s = document.getElementById('lawful_basis');"
                "s.add(new Option('whim', 'whim')); s.value = 'whim';")
            self.driver.find_element(
                By.XPATH, "//form[@action='/cases/1/lawful-basis']//button[@type='submit']").click()
            WebDriverWait(self.driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
            self.check_page("staff case privacy refused", width)
        self.sign_in(*logins["expat"])
        self.every_width("portal privacy", "/my/privacy")

    def erasure_pages(self):
        """The erasure page refused (a wrong case number) and the case under legal hold, and
        an erased household's page (issue 23); the demo has one of each."""
        for width in WIDTHS:
            self.size(width)
            self.open("/cases/3/erasure")
            self.driver.find_element(By.ID, "erase-confirm").send_keys("999")
            self.driver.find_element(By.CSS_SELECTOR, "form[action$='/erasure'] button").click()
            WebDriverWait(self.driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
            self.check_page("case erasure refused", width)
        self.open("/admin/privacy")
        held = self.driver.find_elements(By.XPATH, "//h3[contains(., 'legal hold')]/following-sibling::ul//a")
        if held:
            self.every_width("case erasure under legal hold",
                             held[0].get_attribute("href").replace(self.base, "") + "/erasure")

    def wait_for_text(self, text, what):
        """Waits until the page's body says `text`; a failure named `what` otherwise."""
        try:
            # A page being replaced (a form's answer loading) makes its old body vanish
            # between finding and reading it: try again, as with a stale element.
            WebDriverWait(self.driver, 10,
                          ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
                lambda d: text in d.find_element(By.TAG_NAME, "body").text)
            return True
        except TimeoutException:
            self.fail(f"{what}: the page never said {text!r}")
            return False

    def buddy_lifecycle(self, logins):
        """The buddy programme end to end, as its people do it in the browser (issue 20): the
        demo expat asks for a buddy for his wife in the portal; the coordinator (the admin)
        proposes the first of the ranked suggestions; the ambassador accepts and logs a
        check-in; the expat ends the match as settled and rates it."""
        expat, admin, buddy = logins["expat"], logins["admin"], logins.get("buddy")
        if buddy is None:
            self.fail("buddy lifecycle: the demo lists no ambassador")
            return
        self.sign_in(*expat)
        self.size("phone")
        self.open("/my/buddy")
        people = self.driver.find_elements(By.CSS_SELECTOR, "#buddy-person option")
        sunita = [o for o in people if o.text.startswith("Sunita")]
        if not sunita:
            self.fail("buddy lifecycle: the portal offers no request for Sunita")
            return
        sunita[0].click()
        self.driver.find_element(By.ID, "buddy-languages").send_keys("Hindi, English")
        self.driver.find_element(By.ID, "buddy-district").send_keys("Poruba")
        self.driver.find_element(By.ID, "buddy-topic-doctors").click()
        self.driver.find_element(By.ID, "buddy-consent").click()
        self.driver.find_element(
            By.XPATH, "//form[@action='/my/buddy']//button[@type='submit']").click()
        if not self.wait_for_text("For Sunita", "buddy lifecycle: the request"):
            return
        self.check_page("portal buddy requested", "phone")

        self.sign_in(*admin)
        self.size("desktop")
        self.open("/buddies")
        links = self.driver.find_elements(By.XPATH, "//a[starts-with(@href, '/buddies/requests/')][contains(., 'Sunita')]")
        if not links:
            self.fail("buddy lifecycle: the programme page lists no request of Sunita's")
            return
        request = links[0].get_attribute("href").replace(self.base, "")
        self.open(request)
        proposals = self.driver.find_elements(By.XPATH, "//form[contains(@action, '/propose')]//button")
        if not proposals:
            self.fail("buddy lifecycle: no suggestion to propose")
            return
        if "Priya Sharma" not in proposals[0].text:
            self.fail(f"buddy lifecycle: the first suggestion for Sunita is not Priya ({proposals[0].text})")
        proposals[0].click()
        if not self.wait_for_text("Proposed to Priya Sharma", "buddy lifecycle: the proposal"):
            return
        self.check_page("buddy request proposed", "desktop")

        self.sign_in(*buddy)
        self.size("phone")
        self.open("/buddy")
        accept = self.driver.find_elements(By.XPATH, "//button[normalize-space()='Accept Sunita']")
        if not accept:
            self.fail("buddy lifecycle: the ambassador has no proposal of Sunita to accept")
            return
        accept[0].click()
        # Accepting opens the newcomer's page, with her e-mail and the check-in form.
        if not self.wait_for_text("The newcomer is told", "buddy lifecycle: the acceptance"):
            return
        self.driver.find_element(By.NAME, "body").send_keys("Coffee in Poruba; showed Sunita the clinic.")
        self.driver.find_element(By.XPATH, "//form[contains(@action, '/checkins')]//button[@type='submit']").click()
        if not self.wait_for_text("showed Sunita the clinic", "buddy lifecycle: the check-in"):
            return
        self.check_page("buddy newcomer after a check-in", "phone")

        self.sign_in(*expat)
        self.open("/my/buddy")
        settle = self.driver.find_elements(
            By.XPATH, "//section[.//p[contains(., 'For Sunita')]]//button[contains(., 'We are settled')]")
        if not settle:
            self.fail("buddy lifecycle: the portal offers no end of Sunita's match")
            return
        settle[0].click()
        if not self.wait_for_text("How was it?", "buddy lifecycle: the end"):
            return
        section = self.driver.find_element(By.XPATH, "//section[.//p[contains(., 'For Sunita')]]")
        section.find_element(By.XPATH, ".//input[@name='rating'][@value='5']").click()
        section.find_element(By.NAME, "comment").send_keys("Priya made us feel at home.")
        section.find_element(By.XPATH, ".//form[contains(@action, '/feedback')]//button").click()
        if self.wait_for_text("You rated it 5 of 5", "buddy lifecycle: the feedback"):
            self.check_page("portal buddy rated", "phone")

    def referral_flow(self, consultant):
        """The partner network's walk-through (issue 21): the consultant refers the demo family
        to the English-speaking paediatrician (the case page's "Refer to a partner") and to a
        school (the "Refer" link of "who can help" beside the school item, or the form), then
        follows up the school from the dashboard."""
        self.sign_in(*consultant)
        self.size("desktop")
        family = self.family_case()
        self.open(family)
        self.driver.find_element(By.XPATH, "//a[normalize-space()='Refer to a partner']").click()
        partner = self.driver.find_elements(
            By.XPATH, "//select[@id='r-organisation']//option[contains(., 'Kowalska')]")
        if not partner:
            self.fail("referral flow: the form offers no paediatrician")
            return
        partner[0].click()
        aarav = self.driver.find_elements(By.XPATH, "//select[@id='r-person']//option[contains(., 'Aarav')]")
        if aarav:
            aarav[0].click()
        self.driver.find_element(By.XPATH, "//select[@id='r-category']/option[@value='health']").click()
        self.driver.find_element(By.ID, "r-need").send_keys("A check-up for Aarav")
        self.driver.find_element(By.ID, "r-share").click()
        self.driver.find_element(By.XPATH, "//select[@id='r-consent-how']/option[@value='in_person']").click()
        self.driver.find_element(By.XPATH, "//form[contains(@action, '/referrals')]//button[@type='submit']").click()
        if not self.wait_for_text("Referred.", "referral flow: the paediatrician"):
            return
        self.check_page("referral page", "desktop")
        self.open(family)
        refer = self.driver.find_elements(
            By.XPATH, "//details[contains(@class, 'help')]//li[contains(., 'School')]//a[starts-with(normalize-space(), 'Refer')]")
        if refer:
            self.open_chip_of(refer[0])
            refer[0].click()
        else:
            self.driver.find_element(By.XPATH, "//a[normalize-space()='Refer to a partner']").click()
            school = self.driver.find_elements(
                By.XPATH, "//select[@id='r-organisation']//option[contains(., 'School')]")
            if not school:
                self.fail("referral flow: the form offers no school")
                return
            school[0].click()
            self.driver.find_element(By.ID, "r-need").send_keys("A place at school for Aarav")
        self.driver.find_element(By.XPATH, "//form[contains(@action, '/referrals')]//button[@type='submit']").click()
        if not self.wait_for_text("Referred.", "referral flow: the school"):
            return
        self.open("/")
        due = self.driver.find_elements(
            By.XPATH, "//section[contains(@class, 'follow-ups')]//a[contains(., 'School')]")
        if not due:
            self.fail("referral flow: the dashboard has no school follow-up")
            return
        due[0].click()
        step = self.driver.find_elements(By.XPATH, "//button[@value='contacted']")
        if not step:
            self.fail("referral flow: the referral page offers no 'in contact'")
            return
        step[0].click()
        if self.wait_for_text("Saved.", "referral flow: the follow-up"):
            self.check_page("referral page after a step", "desktop")

    def programme_pages(self):
        """The programme's pages that need an id: the first request and ambassador the
        programme page links (the demo centre has both)."""
        self.open("/buddies")
        for name, selector in [("buddy request", "a[href^='/buddies/requests/']"),
                               ("buddy ambassador", "a[href^='/buddies/ambassadors/']:not([href$='/new'])")]:
            links = self.driver.find_elements(By.CSS_SELECTOR, selector)
            if links:
                path = links[0].get_attribute("href").replace(self.base, "")
                self.every_width(name, path)
                self.open("/buddies")
            else:
                self.fail(f"the programme page links no {name}")

    def partner_pages(self):
        """The directory's pages that need an id: the first organisation the directory links
        (the demo centre has its Ostrava network) and its edit form."""
        self.open("/partners")
        links = self.driver.find_elements(
            By.CSS_SELECTOR, "table a[href^='/partners/']")
        if links:
            path = links[0].get_attribute("href").replace(self.base, "")
            self.every_width("partner", path)
            self.every_width("partner edit", path + "/edit")
        else:
            self.fail("the directory links no organisation")

    def site_pages(self):
        """The centre's public pages for a visitor (issue 22, part A1): the home page, the
        contact form (empty, and sent back with its mistakes), the deadline calculator's two
        steps and a result, and a refused date; every width, phone included."""
        self.driver.delete_all_cookies()
        for name, path in [("home", "/"), ("contact", "/contact"),
                           ("contact with a topic", "/contact?topic=work"),
                           ("calculator", "/calculator"),
                           ("calculator dates", "/calculator?route=employee-card"),
                           ("calculator result", "/calculator?route=employee-card&arrival=2026-12-23"),
                           ("calculator refused", "/calculator?route=employee-card&arrival=2026-02-30")]:
            self.every_width(name, path)
        for width in WIDTHS:
            self.size(width)
            self.open("/contact")
            self.driver.find_element(By.CSS_SELECTOR, ".contact-form button[type=submit]").click()
            self.check_page("contact refused", width)

    def public_organisation(self):
        """The public directory's first organisation (the demo marks some public)."""
        self.open("/directory")
        links = self.driver.find_elements(By.CSS_SELECTOR, "main a[href^='/directory/']")
        if links:
            self.every_width("public organisation", links[0].get_attribute("href").replace(self.base, ""))
        else:
            self.fail("the public directory links no organisation")

    def article_pages(self):
        """An article's edit form, its preview, its version history and one version (the
        demo centre has published articles, a draft and one with unpublished changes)."""
        self.open("/admin/articles")
        links = self.driver.find_elements(By.CSS_SELECTOR, "table a[href^='/admin/articles/']")
        if not links:
            self.fail("the articles page links no article")
            return
        path = links[0].get_attribute("href").replace(self.base, "")
        self.every_width("admin article", path)
        self.every_width("admin article versions", path + "/versions")
        self.every_width("admin article version", path + "/versions/1")
        self.size("phone")
        self.open(path)
        self.driver.find_element(By.CSS_SELECTOR, "button[value='preview']").click()
        try:
            WebDriverWait(self.driver, 10).until(
                lambda d: d.find_elements(By.ID, "preview-heading"))
        except TimeoutException:
            self.fail("admin article: the preview shows nothing")
            return
        # At phone width only: the desktop check fetches the address again (a GET).
        self.check_page("admin article preview", "phone")

    def month_calendar(self):
        """The month view: plain links in reading order (no positive tabindex, each item
        reachable by Tab), and at phone width a list of days (no column headers shown)."""
        self.size("desktop")
        self.open("/calendar")
        positive = self.driver.execute_script(
            "return [...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length")
        if positive:
            self.fail(f"calendar: {positive} element(s) with a positive tabindex")
        unreachable = self.driver.execute_script(
            "return [...document.querySelectorAll('table.month a')].filter(a => a.tabIndex < 0).length")
        if unreachable:
            self.fail(f"calendar: {unreachable} item link(s) out of the Tab order")
        self.size("phone")
        self.open("/calendar")
        header = self.driver.execute_script(
            "return getComputedStyle(document.querySelector('table.month thead')).display")
        if header != "none":
            self.fail(f"calendar at phone width: the weekday headers show ({header}), not a list of days")

    def buddy_request_refused(self):
        """The portal's request for a buddy sent empty, without JavaScript's help: the page
        again with the error summary and each message beside its field (nothing is stored)."""
        self.size("phone")
        self.open("/my/buddy")
        buttons = self.driver.find_elements(
            By.XPATH, "//form[@action='/my/buddy']//button[@type='submit']")
        if not buttons:
            return  # every adult of the demo household has a request open
        consent = self.driver.find_element(By.ID, "buddy-consent")
        if consent.is_selected():
            consent.click()
        buttons[0].click()
        try:
            WebDriverWait(self.driver, 10).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
        except TimeoutException:
            self.fail("portal buddy: an empty request shows no error summary")
            return
        if not self.driver.find_elements(By.ID, "buddy-consent-error"):
            self.fail("portal buddy: no message beside the consent")
        # At phone width only: the desktop check fetches the address again (a GET).
        self.check_page("portal buddy refused", "phone")

    def calendar_feed(self):
        """The signed-in consultant makes a feed address on the account page; the feed, fetched
        without a session, parses with Python's icalendar: unique UIDs, all-day DTSTART dates
        and DTEND after DTSTART."""
        self.size("desktop")
        self.open("/account")
        buttons = self.driver.find_elements(
            By.XPATH, "//form[@action='/account/calendar-feed']//button")
        if not buttons:
            self.fail("account: no button to make a calendar feed address")
            return
        buttons[0].click()
        try:
            WebDriverWait(self.driver, 10).until(
                lambda d: d.find_elements(By.ID, "calendar-feed-url"))
        except TimeoutException:
            self.fail("account: the new calendar feed address is not shown")
            return
        # Checked at phone width: the desktop check saves the page by fetching its address
        # again, and this page is the answer to a POST.
        self.size("phone")
        self.check_page("account with a new feed address", "phone")
        url = self.driver.find_element(By.ID, "calendar-feed-url").text.strip()
        path = url[url.index("/calendar/"):]
        with urllib.request.urlopen(self.base + path) as response:
            kind = response.headers.get("Content-Type", "")
            body = response.read()
        if not kind.startswith("text/calendar"):
            self.fail(f"calendar feed: Content-Type {kind!r}")
        if any(len(line) > 75 for line in body.split(b"\r\n")):
            self.fail("calendar feed: a line longer than 75 octets")
        try:
            calendar = icalendar.Calendar.from_ical(body)
        except ValueError as error:
            self.fail(f"calendar feed does not parse: {error}")
            return
        events = list(calendar.walk("VEVENT"))
        uids = [str(e["UID"]) for e in events]
        self.measures["events in the demo consultant's calendar feed"] = len(events)
        if not events:
            self.fail("calendar feed: no events for the demo consultant")
        if len(set(uids)) != len(uids):
            self.fail("calendar feed: UIDs repeat")
        for event in events:
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
                self.fail(f"calendar feed: {event['UID']} is not an all-day event ({start!r})")
            elif end <= start:
                self.fail(f"calendar feed: {event['UID']} ends {end} before it starts {start}")


def totp(secret, step):
    """RFC 6238's code of time step `step` for the base32 `secret` (SHA-1, 6 digits), as an
    authenticator app computes it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def main():
    base, logins_file, axe_js, out = sys.argv[1:5]
    logins = {}
    secrets = {}
    for line in pathlib.Path(logins_file).read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2] == "password:" and parts[0] not in logins:
            logins[parts[0]] = (parts[1], parts[3])
        if "two-factor secret:" in line:
            secrets[parts[0]] = line.split("two-factor secret:")[1].split()[0]
    run = Run(base, axe_js, out)
    run.two_factor = secrets
    try:
        run.driver.delete_all_cookies()
        run.every_width("sign-in", "/login")
        run.every_width("not-found", "/no-such-page")
        run.site_pages()
        # The public site's guides, articles, search and directory, as a visitor (issue 22).
        for name, path in [("public guides", "/guides"),
                           ("public guide", "/guides/employee-card"),
                           ("public guide study", "/guides/study"),
                           ("public search", "/guides?q=health+insurance"),
                           ("public search nothing", "/guides?q=%22%2A"),
                           ("public article", "/articles/doctors-and-health-insurance"),
                           ("public news", "/articles/new-opening-hours"),
                           ("public directory", "/directory"),
                           ("public directory filtered", "/directory?kind=health-care&language=English"),
                           ("public directory refused filter", "/directory?language=x1")]:
            run.every_width(name, path)
        run.public_organisation()
        consultant = logins["consultant"]
        run.sign_in(*consultant)
        run.every_width("dashboard", "/")
        run.every_width("team dashboard", "/?team=1")
        # The list of all risk warnings (the dashboard lists the soonest 20): the team's, a
        # page past the last (which shows the last), and the consultant's own.
        run.every_width("all warnings", "/dashboard/warnings?team=1")
        run.every_width("all warnings last page", "/dashboard/warnings?team=1&page=999")
        run.every_width("my warnings", "/dashboard/warnings")
        # Each of the dashboard's lists whole (the dashboard lists the first 20 of each).
        run.every_width("team's overdue items", "/dashboard/items?list=overdue&team=1")
        run.every_width("my items due soon", "/dashboard/items?list=due-soon")
        run.every_width("team's waiting items last page", "/dashboard/items?list=waiting&team=1&page=999")
        run.every_width("case list", "/cases?consultant=all")
        paths = run.case_paths()
        case_path = run.startable_case(paths)
        run.every_width("case page", case_path)
        # The demo's family of four (the expat's case): the biggest page.
        family = run.family_case()
        run.every_width("family case page", family)
        run.measure_case_page(family)
        run.every_width("family case files", family + "/files")
        run.every_width("family conversation", family + "/messages")
        run.every_width("family buddy request form", family + "/buddy")
        run.every_width("family referral form", family + "/referrals/new")
        run.open(family)
        referrals = run.driver.find_elements(By.CSS_SELECTOR, "#referrals a[href*='/referrals/']:not([href$='/new'])")
        if referrals:
            run.every_width("family referral", referrals[0].get_attribute("href").replace(run.base, ""))
        else:
            run.fail("the family case page links no referral")
        run.every_width("case list with new messages", "/cases?consultant=all&messages=unread")
        run.every_width("new case", "/cases/new")
        run.every_width("account", "/account")
        # The consultant has no two-factor: the set-up page with its QR code (issue 23).
        run.every_width("account two-factor set-up", "/account/two-factor")
        run.every_width("calendar", "/calendar")
        run.every_width("calendar refused", "/calendar?month=2027-13")
        run.month_calendar()
        run.calendar_feed()
        run.every_width("search", "/search?q=card")
        run.every_width("search before typing", "/search")
        run.every_width("search refused", "/search?q=x")
        run.slash_focuses_the_search()
        run.status_change_with_javascript(case_path)
        run.check_page("case page after a status change", "desktop")
        run.status_change_without_javascript(run.startable_case(paths), *consultant)
        admin = logins["admin"]
        run.sign_in(*admin)
        for name, path in [("admin", "/admin"), ("admin users", "/admin/users"),
                           ("admin templates", "/admin/templates"),
                           ("admin template", "/admin/templates/employee-card"),
                           ("admin closures", "/admin/closures"),
                           ("admin outbox", "/admin/outbox"),
                           ("admin outbox filtered", "/admin/outbox?status=not_sent&kind=digest"),
                           ("admin jobs", "/admin/jobs"),
                           ("admin reminders", "/admin/reminders"),
                           ("admin centre settings", "/admin/site"),
                           ("admin security", "/admin/security"),
                           ("account two-factor on", "/account/two-factor"),
                           ("enquiries", "/enquiries"),
                           ("enquiries new", "/enquiries?status=new"),
                           ("enquiry", "/enquiries/1"),
                           ("buddy programme", "/buddies"),
                           ("buddy ambassadors", "/buddies/ambassadors"),
                           ("buddy invitation", "/buddies/ambassadors/new"),
                           ("partners", "/partners"),
                           ("partners filtered", "/partners?kind=health-care&language=English"),
                           ("partners refused filter", "/partners?language=x1"),
                           ("partner new", "/partners/new"),
                           ("partnerships", "/partners/partnerships"),
                           ("admin partner kinds", "/admin/partner-kinds"),
                           ("admin partner links", "/admin/partner-links"),
                           ("admin articles", "/admin/articles"),
                           ("admin article new", "/admin/articles/new"),
                           ("admin privacy retention", "/admin/privacy"),
                           ("case erasure dry run", "/cases/1/erasure"),
                           ("person erasure dry run", "/cases/1/erasure?person=1"),
                           ("admin access log", "/admin/access-log"),
                           ("admin access log of a case", "/admin/access-log?case=1"),
                           ("admin access log refused filter", "/admin/access-log?from=2026-12-10&to=2026-12-01"),
                           ("admin breaches", "/admin/breaches"),
                           ("admin breach", "/admin/breaches/1"),
                           ("admin breach open", "/admin/breaches/2"),
                           ("admin breach edit", "/admin/breaches/1/edit"),
                           ("admin breach new", "/admin/breaches/new")]:
            run.every_width(name, path)
        run.erasure_pages()
        run.article_pages()
        run.programme_pages()
        run.partner_pages()
        expat = logins["expat"]
        run.sign_in(*expat)
        run.every_width("portal", "/my")
        run.every_width("portal account", "/my/account")
        run.every_width("portal glossary", "/my/glossary")
        run.every_width("portal buddy", "/my/buddy")
        run.every_width("portal partners", "/my/partners")
        run.every_width("portal partner", "/my/partners/1")
        run.every_width("portal partners filtered", "/my/partners?service=paediatric")
        run.every_width("portal referrals", "/my/referrals")
        run.buddy_request_refused()
        threads = run.driver.find_elements(
            By.CSS_SELECTOR, "a[href^='/my/cases/'][href$='/messages']")
        if not threads:
            run.open("/my")
            threads = run.driver.find_elements(
                By.CSS_SELECTOR, "a[href^='/my/cases/'][href$='/messages']")
        if threads:
            run.every_width("portal conversation",
                            threads[0].get_attribute("href").replace(run.base, ""))
        else:
            run.fail("the portal links no conversation")
        run.open("/my")
        papers = run.driver.find_elements(
            By.CSS_SELECTOR, "a[href^='/my/cases/'][href$='/files']")
        if papers:
            run.every_width("portal papers", papers[0].get_attribute("href").replace(run.base, ""))
        run.papers_exchange(consultant, expat)
        run.buddy_pages(logins)
        run.buddy_lifecycle(logins)
        run.referral_flow(consultant)
        run.employer_pages(logins)
        run.privacy_pages(logins)
        run.event_pages(logins)
    finally:
        run.driver.quit()
    summary = {"pages": run.pages, "failures": run.failures, "measures": run.measures}
    for what, value in run.measures.items():
        print(f"{what}: {value}")
    (pathlib.Path(out) / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"{run.pages} page checks, {len(run.failures)} failure(s)")
    sys.exit(1 if run.failures else 0)


if __name__ == "__main__":
    main()
