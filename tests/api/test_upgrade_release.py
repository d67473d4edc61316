"""An upgrade from the previous release: its binary (built from its commit,
cached under build/) makes a database through its own stack and API, is
stopped, and the current one starts on the same cluster the way the units
start it (awards migrate with the owner's URL, then serve and the mailer).
The session, the links and the nominations made by the old release still
work."""

import configparser
import datetime
import importlib.util
import os
import shlex
import shutil
import subprocess
import tempfile

import pytest
import requests

from security_util import STATEMENT

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
# The previous landed release (the repository has no tags yet).
PREVIOUS = "0c44734"
CURRENT = os.path.join(ROOT, "build", "asan", "awards")
ASAN = {"ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0",
        "UBSAN_OPTIONS": "print_stacktrace=1"}
PASSWORD = "the organizer's password"


def latest_migration():
    return sorted(f[:-4] for f in os.listdir(os.path.join(ROOT, "sql"))
                  if f.endswith(".sql") and f[0].isdigit())[-1]


class Api:
    """requests against one stack's nginx, with the CSRF token sent on
    every non-GET once signed in."""

    def __init__(self, base):
        self.base = base
        self.http = requests.Session()
        self.csrf = None

    def get(self, path):
        return self.http.get(self.base + path, timeout=30)

    def post(self, path, json):
        headers = {"X-CSRF-Token": self.csrf} if self.csrf else {}
        return self.http.post(self.base + path, json=json, headers=headers,
                              timeout=30)


def iso(days):
    t = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def previous_tree():
    """The previous release's source tree with build/awards made in it,
    kept in build/release-<commit> so that later runs only reuse it."""
    r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--verify", "-q",
                        PREVIOUS + "^{commit}"], capture_output=True,
                       text=True)
    assert r.returncode == 0, \
        f"no git history holding {PREVIOUS}: test from a git clone"
    commit = r.stdout.strip()
    tree = os.path.join(ROOT, "build", f"release-{commit}")
    if os.path.exists(os.path.join(tree, "build", "awards")):
        return tree
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    work = tempfile.mkdtemp(prefix=f"release-{commit[:7]}-",
                            dir=os.path.join(ROOT, "build"))
    try:
        archive = subprocess.run(["git", "-C", ROOT, "archive", commit],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", work], input=archive, check=True)
        jobs = str(os.cpu_count() or 1)
        r = subprocess.run(["make", "-j", jobs, "build/awards"], cwd=work,
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
        # Only a finished build is cached, under its final name.
        shutil.rmtree(tree, ignore_errors=True)
        os.rename(work, tree)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tree


def load_stack_module(tree, name):
    """scripts/stack.py of tree, as module name (its ROOT is that tree:
    its nginx configuration and its pages)."""
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(tree, "scripts", "stack.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unit_command_and_env(stack, name):
    """The command and environment of deploy/<name> as systemd would run
    it here: ExecStart with the installed path pointing at the current
    build, and only what its EnvironmentFile= lines give it (the stack's
    settings for /etc/awards/env, the owner's URL for migrate.env)."""
    p = configparser.ConfigParser(strict=False, interpolation=None)
    p.optionxform = str
    with open(os.path.join(ROOT, "deploy", name)) as f:
        p.read_string(f.read())
    service = p["Service"]
    argv = [CURRENT if a == "/usr/bin/awards" else a
            for a in shlex.split(service["ExecStart"])]
    files = service["EnvironmentFile"].split("\n")
    env = {"PATH": "/usr/bin:/bin"}
    env.update(ASAN)
    settings = stack.env()
    for f in files:
        f = f.strip().lstrip("-")
        if f == "/etc/awards/env":
            env.update({k: v for k, v in settings.items()
                        if k != "AWARDS_MIGRATE_DATABASE_URL"})
        elif f == "/etc/awards/migrate.env":
            env["AWARDS_MIGRATE_DATABASE_URL"] = \
                settings["AWARDS_MIGRATE_DATABASE_URL"]
        else:
            raise AssertionError(f"{name}: unexpected EnvironmentFile {f}")
    return argv, env


def test_upgrade_from_the_previous_release(previous_tree, mailbox):
    old_stack = load_stack_module(previous_tree, "previous_stack")
    from stack import Stack, free_port, log_leaks
    var = tempfile.mkdtemp(prefix="awards-upgrade-")
    port = free_port()
    mailbox.clear()
    old = new = None
    try:
        # -- the previous release makes a database --------------------
        old = old_stack.Stack(
            var, http_port=port,
            binary=os.path.join(previous_tree, "build", "awards"),
            smtp_url=mailbox.url, rate_limit="off", threads=4,
            fast_pg=True, public_cache=False, extra_env={
                "AWARDS_MAILER_POLL_MS": "200",
                "AWARDS_MAILER_BACKOFF_MS": "100"})
        old.start(sink=False)
        r = subprocess.run([old.binary, "user", "add", "--email",
                            "oz@example.org", "--name", "Oz", "--role",
                            "organizer"], env=old.process_env(),
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        invite = r.stdout.strip().rsplit("=", 1)[1]
        org = Api(old.base_url)
        r = org.post("/api/session/token",
                     json={"token": invite, "password": PASSWORD})
        assert r.status_code == 200, r.text
        org.csrf = r.json()["csrf_token"]
        cookies = org.http.cookies.copy()

        r = org.post("/api/cycles", json={
            "name": "Awards before the upgrade",
            "nominations_open_at": iso(-1), "nominations_close_at": iso(30),
            "scoring_close_at": iso(60)})
        assert r.status_code == 201, r.text
        cycle = r.json()["id"]
        r = org.post(f"/api/cycles/{cycle}/categories",
                     json={"name": "Students", "max_awardees": 2})
        assert r.status_code == 201, r.text
        category = r.json()["id"]
        r = org.post(f"/api/cycles/{cycle}/phase",
                     json={"phase": "nominations_open"})
        assert r.status_code == 200, r.text

        public = Api(old.base_url)
        ids = {}
        for nominator, nominee in (("charles@example.org", "ada@example.org"),
                                   ("grace@example.org", "alan@example.org")):
            r = public.post("/api/nominations", json={
                "cycle_id": cycle, "category_id": category,
                "nominee": {"name": "Nominee " + nominee[:3],
                            "email": nominee, "affiliation": "",
                            "role": ""},
                "nominator": {"name": nominator[:5].title(),
                              "email": nominator, "affiliation": "",
                              "relationship": ""},
                "statement": STATEMENT, "consent_contact_nominee": False})
            assert r.status_code == 202, r.text
            ids[nominator] = r.json()["id"]
        # Charles confirms; Grace's link stays unused.
        confirm = mailbox.link_token("charles@example.org", "confirm")
        r = public.post("/api/nominations/confirm", json={"token": confirm})
        assert r.status_code == 200, r.text
        manage = mailbox.link_token("charles@example.org", "manage")
        pending = mailbox.link_token("grace@example.org", "confirm")
        r = public.post("/api/nominations/manage", json={"token": manage})
        assert r.status_code == 200, r.text
        assert r.json()["statement"] == STATEMENT
        old.shutdown()
        old = None

        # -- the current release on the same cluster ------------------
        new = Stack(var, http_port=port, binary=CURRENT,
                    smtp_url=mailbox.url, rate_limit="off", threads=4,
                    fast_pg=True, public_cache=False, extra_env=dict(
                        ASAN, AWARDS_MAILER_POLL_MS="200",
                        AWARDS_MAILER_BACKOFF_MS="100"))
        new.start_postgres()
        argv, env = unit_command_and_env(new, "awards-migrate.service")
        r = subprocess.run(argv, env=env, capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        assert f"applied {latest_migration()}\n" in r.stdout
        new.start_serve()
        new.start_mailer()
        new.start_nginx()

        api = Api(new.base_url)
        r = api.get("/api/health")
        assert r.status_code == 200, r.text
        assert r.json()["schema"] == latest_migration()

        # The organizer's session from before the upgrade.
        org = Api(new.base_url)
        org.http.cookies.update(cookies)
        r = org.get("/api/session")
        assert r.status_code == 200, r.text
        assert r.json()["user"]["email"] == "oz@example.org"

        # The confirmed nomination's manage link opens it.
        r = api.post("/api/nominations/manage", json={"token": manage})
        assert r.status_code == 200, r.text
        assert r.json()["id"] == ids["charles@example.org"]
        assert r.json()["statement"] == STATEMENT

        # The pending one's confirm link still confirms it.
        r = api.post("/api/nominations/confirm", json={"token": pending})
        assert r.status_code == 200, r.text
        status = new.psql("SELECT status FROM nominations WHERE id = "
                          f"{int(ids['grace@example.org'])}").strip()
        assert status == "submitted"
        # And the current mailer sends its manage link.
        assert mailbox.link_token("grace@example.org", "manage")

        # The next start of serve runs the migrations again: nothing.
        r = subprocess.run(argv, env=env, capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 0, r.stderr
        assert r.stdout == "nothing to apply\n"
        new.shutdown()
        new = None
        # No address or token in a log line of either release.
        assert log_leaks(var) == []
    finally:
        for s in (old, new):
            if s is not None:
                s.shutdown()
        if not os.environ.get("AWARDS_KEEP_TEST_DIR"):
            shutil.rmtree(var, ignore_errors=True)
