#!/usr/bin/env python3
"""Independent checks of a running gateway (issue 7), run by .ci/run:

  check_status.py screenshots URL DIR   headless Chromium screenshots of the status page and a case page (during traffic)
  check_status.py compare URL DIR       the status page (as Chromium renders it) shows the counts the API reports;
                                        the case page shows the case's steps; the page /sop/izin-perluasan draws its
                                        steps with the API's active cases waiting at each; screenshots of all three
  check_status.py metrics URL           /metrics parses with prometheus_client and holds the required series
  check_status.py backup URL GERBANG DATABASE FILE
                                        `gerbang backup` while the gateway works: the copy opens and holds every
                                        case the API listed before the backup began
  check_status.py desk URL DIR          a Kabid logs in at /masuk; the desk, a case at work and the check of a decision,
                                        as Chromium renders them, label every form control; screenshots of each on a
                                        laptop and a 390 px phone (issue 30)
  check_status.py throttle URL          20 wrong tokens within a minute, then this address gets 429 with Retry-After
                                        on every route but /healthz, a good token included (run it last: it locks this address out)

Exits 1 naming what does not hold.
"""
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

TOKEN = "dev-admin"
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]


def api(url, path):
    request = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def screenshot(page, file, width, height):
    subprocess.run(CHROMIUM + [f"--window-size={width},{height}", f"--screenshot={file}", page],
                   check=True, capture_output=True, timeout=120)


def dom(page):
    """The page as Chromium built it (its DOM after parsing), not the bytes the server sent."""
    result = subprocess.run(CHROMIUM + ["--dump-dom", page], check=True, capture_output=True, timeout=120, text=True)
    return result.stdout


class Counts(HTMLParser):
    """Collects data-sop blocks with their data-count numbers, data-case links and data-step rows."""

    def __init__(self):
        super().__init__()
        self.sop = None
        self.field = None
        self.counts = {}
        self.cases = {}
        self.late_steps = 0
        self.timeline_steps = 0
        self.sections = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "id" in attrs:
            self.sections.add(attrs["id"])
        if "data-sop" in attrs:
            self.sop = attrs["data-sop"]
            self.counts[self.sop] = {}
            self.cases[self.sop] = set()
        if "data-count" in attrs and self.sop:
            self.field = attrs["data-count"]
        if "data-case" in attrs and self.sop:
            self.cases[self.sop].add(attrs["data-case"])
        if tag == "li" and "data-step" in attrs:
            self.timeline_steps += 1
            if attrs.get("data-late") == "true":
                self.late_steps += 1

    def handle_data(self, data):
        if self.field:
            self.counts[self.sop][self.field] = int(data.strip())
            self.field = None


class SOPSteps(HTMLParser):
    """The steps an SOP page draws (g.step with data-step and data-waiting) and the version it says is in force."""

    def __init__(self):
        super().__init__()
        self.waiting = {}
        self.version = None
        self.in_version = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "g" and (attrs.get("class") or "").split(" ")[0] == "step":
            self.waiting[int(attrs["data-step"])] = int(attrs["data-waiting"])
        self.in_version = attrs.get("data-field") == "version"

    def handle_data(self, data):
        if self.in_version:
            self.version = int(data.strip())
            self.in_version = False


def fail(message):
    print("check_status: " + message, file=sys.stderr)
    sys.exit(1)


def compare(url, folder):
    screenshot(url + "/", f"{folder}/status-laptop.png", 1366, 2400)
    screenshot(url + "/", f"{folder}/status-phone.png", 390, 3000)
    page = Counts()
    page.feed(dom(url + "/"))
    for section in ["sistem", "kasus", "izin", "log", "gagal"]:
        if section not in page.sections:
            fail(f"the status page has no section '{section}'")
    cases = api(url, "/api/cases")["cases"]
    sops = {case["sop"] for case in cases}
    for sop in sops:
        own = [case for case in cases if case["sop"] == sop]
        expected = {
            "total": len(own),
            "active": sum(case["status"] == "active" for case in own),
            "approved": sum(case.get("outcome") == "approved" for case in own),
            "approvedByOSS": sum(case.get("outcome") == "approvedByOSS" for case in own),
            "rejected": sum(case.get("outcome") == "rejected" for case in own),
            "notEffective": sum(case.get("outcome") == "notEffective" for case in own),
            "frozen": sum(case["status"] == "frozen" for case in own),
            "endedByOSS": sum(case.get("outcome") in ("revoked", "cancelled") for case in own),
            "withdrawn": sum(case.get("outcome") == "withdrawn" for case in own),
            "breached": sum(case["status"] == "active" and case["deadlinePassed"] for case in own),
        }
        shown = page.counts.get(sop)
        if shown != expected:
            fail(f"{sop}: the page shows {shown}, the API reports {expected}")
        if page.cases[sop] != {case["id"] for case in own}:
            fail(f"{sop}: the page lists cases {sorted(page.cases[sop])}, the API {sorted(case['id'] for case in own)}")
    print(f"status page: {len(sops)} SOPs, {len(cases)} cases, counts as the API reports them")

    # The case with the most passed time standards: its page shows each step activation, the late ones marked.
    def late(case_id):
        history = api(url, f"/api/cases/{case_id}")["case"]["history"]
        return sum(entry["event"] == "deadlinePassed" for entry in history), history
    chosen = max((case["id"] for case in cases), key=lambda case_id: late(case_id)[0])
    passed, history = late(chosen)
    screenshot(f"{url}/kasus/{chosen}", f"{folder}/case-{chosen}.png", 1366, 3000)
    case_page = Counts()
    case_page.feed(dom(f"{url}/kasus/{chosen}"))
    started = sum(entry["event"] == "started" for entry in history)
    if case_page.timeline_steps != started:
        fail(f"the page of {chosen} shows {case_page.timeline_steps} step activations, its history has {started}")
    if passed and case_page.late_steps == 0:
        fail(f"{chosen} passed {passed} time standards but its page marks no step late")
    print(f"case page {chosen}: {started} step activations, {case_page.late_steps} late")

    # An SOP's page draws every step of the version in force, with the active cases of that version waiting at each.
    sop = "izin-perluasan"
    screenshot(f"{url}/sop/{sop}", f"{folder}/sop-{sop}.png", 1600, 1400)
    drawn = SOPSteps()
    drawn.feed(dom(f"{url}/sop/{sop}"))
    if not drawn.waiting or drawn.version is None:
        fail(f"the page of SOP {sop} draws no steps or names no version")
    expected = {step: 0 for step in drawn.waiting}
    for case in cases:
        if case["sop"] == sop and case["status"] == "active" and case.get("sopVersion") == drawn.version:
            expected[case["step"]] = expected.get(case["step"], 0) + 1
    if drawn.waiting != expected:
        fail(f"the page of SOP {sop} shows waiting {drawn.waiting}, the API's active cases are at {expected}")
    print(f"SOP page {sop}: {len(drawn.waiting)} steps drawn, {sum(expected.values())} active cases at their steps")


def metrics(url):
    from prometheus_client.parser import text_string_to_metric_families
    with urllib.request.urlopen(url + "/metrics", timeout=30) as response:
        text = response.read().decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    required = {
        "gerbang_inbox_messages": "gauge", "gerbang_parked_messages": "gauge", "gerbang_outbox_messages": "gauge",
        "gerbang_outbox_oldest_pending_age_seconds": "gauge", "gerbang_dead_letters": "gauge", "gerbang_deliveries": "counter",
        "gerbang_delivery_duration_seconds": "histogram", "gerbang_sla_breaches": "counter", "gerbang_cases": "gauge",
        "gerbang_poll_lag_seconds": "gauge",
    }
    for name, kind in required.items():
        if name not in families:
            fail(f"/metrics has no {name}")
        if families[name].type != kind:
            fail(f"/metrics: {name} is a {families[name].type}, not a {kind}")
    samples = {name: len(family.samples) for name, family in families.items()}
    if not families["gerbang_cases"].samples or not families["gerbang_sla_breaches"].samples:
        fail("/metrics: after the demo there must be cases and SLA breaches")
    print(f"/metrics parses: {len(families)} families, {sum(samples.values())} samples")


def backup(url, gerbang, database, file):
    before = {case["id"] for case in api(url, "/api/cases")["cases"]}
    subprocess.run([gerbang, "backup", file, "--db", database], check=True, timeout=120)
    listed = subprocess.run([gerbang, "cases", "--db", file, "--json"], check=True, capture_output=True, text=True, timeout=60)
    copied = {case["id"] for case in json.loads(listed.stdout)}
    if not before <= copied:
        fail(f"the backup lacks cases committed before it began: {sorted(before - copied)}")
    print(f"backup during traffic: {len(copied)} cases, including the {len(before)} listed before it began")


def status(url, path, token=None):
    """The status and headers of a GET, whatever the status."""
    headers = {"Authorization": "Bearer " + token} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url + path, headers=headers), timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def throttle(url):
    for attempt in range(1, 21):
        code, _ = status(url, "/api/cases", "wrong-token-%d" % attempt)
        if code != 401:
            fail(f"wrong token {attempt} got {code}, not 401")
    for path, token in [("/api/cases", TOKEN), ("/api/ping", None)]:
        code, headers = status(url, path, token)
        retry_after = headers.get("Retry-After", "")
        if code != 429 or not retry_after.isdigit() or int(retry_after) < 1:
            fail(f"after 20 failed authentications {path} got {code} with Retry-After '{retry_after}', not 429 with a number of seconds")
    # Up or down is told to everyone: a monitor behind the same address as an attacker still sees it.
    code, _ = status(url, "/healthz")
    if code != 200:
        fail(f"after 20 failed authentications /healthz got {code}, not 200")
    print(f"throttle: 20 failed authentications, then 429 with Retry-After on every route but /healthz")


class Controls(HTMLParser):
    """The form controls of a page and the ids its labels are for."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs.get("id") or attrs.get("name") or tag)


class Browser:
    """A browser's session: its cookies, kept from the answers, sent back with each request."""

    def __init__(self, url):
        self.url, self.cookies = url, {}
        self.opener = urllib.request.build_opener(NoRedirect())

    def send(self, path, form=None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.url + path, data=data,
                                         headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())})
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";")[0]
        return response.status if hasattr(response, "status") else response.code, response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def hidden(page, name):
    match = re.search(r'name="%s" value="([^"]*)"' % name, page)
    return match.group(1) if match else None


def desk(url, folder):
    browser = Browser(url)
    _, form = browser.send("/masuk")
    status, _ = browser.send("/masuk", {"token": "dev-kabid", "csrf": hidden(form, "csrf"), "lanjut": "/meja"})
    if status != 303 or "gerbang_sesi" not in browser.cookies:
        fail(f"the Kabid's login answered {status}, with no session cookie")
    pages = {}
    status, pages["desk"] = browser.send("/meja")
    if status != 200:
        fail(f"/meja answered {status}")
    tasks = api(url, "/api/tasks?role=kabid")["tasks"]
    if tasks:
        case_id = tasks[0]["id"]
        status, pages["case-at-work"] = browser.send("/meja/kasus/" + urllib.parse.quote(case_id, safe=""))
        page = pages["case-at-work"]
        choice = re.search(r'name="jawaban" value="([^"]*)"', page)
        if status == 200 and choice:
            status, check = browser.send(f"/meja/kasus/{urllib.parse.quote(case_id, safe='')}/periksa", {
                "csrf": hidden(page, "csrf"), "langkah": hidden(page, "langkah"), "aktivasi": hidden(page, "aktivasi"),
                "jawaban": choice.group(1), "catatan": "Pemeriksaan CI"})
            if status == 200:
                pages["decision-check"] = check
    for name, page in pages.items():
        file = f"{folder}/desk-{name}.html"
        with open(file, "w") as out:
            out.write(page)
        controls = Controls()
        controls.feed(dom("file://" + os.path.abspath(file)))
        unlabelled = [control for control in controls.controls if control not in controls.labelled]
        if unlabelled:
            fail(f"{name}: form controls without a label: {unlabelled}")
        screenshot("file://" + os.path.abspath(file), f"{folder}/desk-{name}-laptop.png", 1366, 1800)
        screenshot("file://" + os.path.abspath(file), f"{folder}/desk-{name}-phone.png", 390, 2400)
    print(f"desk: {', '.join(pages)} rendered with every control labelled; screenshots in {folder}/")


def main():
    command, url = sys.argv[1], sys.argv[2].rstrip("/")
    if command == "screenshots":
        screenshot(url + "/", f"{sys.argv[3]}/status-during-traffic.png", 1366, 2400)
        cases = []
        for _ in range(60):  # the scenarios' first pushes open the cases within moments
            cases = api(url, "/api/cases")["cases"]
            if cases:
                break
            time.sleep(0.5)
        if not cases:
            fail("no case opened within 30 s of the demo's start")
        screenshot(f"{url}/kasus/{cases[0]['id']}", f"{sys.argv[3]}/case-during-traffic.png", 1366, 2400)
    elif command == "compare":
        compare(url, sys.argv[3])
    elif command == "desk":
        desk(url, sys.argv[3])
    elif command == "metrics":
        metrics(url)
    elif command == "backup":
        backup(url, *sys.argv[3:6])
    elif command == "throttle":
        throttle(url)
    else:
        fail("unknown command " + command)


if __name__ == "__main__":
    main()
