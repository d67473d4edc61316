"""Upgrades (issue 26, part 1): `awards --version`, GET /api/health
reporting the schema and answering 503 when the database does not hold
the migrations the binary carries, and systemd units that run the
migrations before every start of awards serve and awards mailer."""

import configparser
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BINARY = os.path.join(ROOT, "build", "asan", "awards")
ENV = {"ASAN_OPTIONS": "detect_leaks=0", "PATH": "/usr/bin:/bin"}


def file_version():
    with open(os.path.join(ROOT, "VERSION")) as f:
        return f.read().strip()


def built_version():
    return subprocess.run([os.path.join(ROOT, "scripts", "version")],
                          capture_output=True, text=True,
                          check=True).stdout.strip()


def latest_migration():
    return sorted(f[:-4] for f in os.listdir(os.path.join(ROOT, "sql"))
                  if f.endswith(".sql") and f[0].isdigit())[-1]


@pytest.mark.parametrize("arg", ["--version", "version"])
def test_version_needs_no_configuration(arg):
    # No AWARDS_* at all, and a base URL that would stop any other verb.
    r = subprocess.run([BINARY, arg], capture_output=True, text=True,
                       env=dict(ENV, AWARDS_BASE_URL="ftp://x"))
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"awards {built_version()}\n"


def test_version_without_tags_is_the_file(tmp_path):
    """A clone without tags, or a tarball, builds with VERSION."""
    os.makedirs(tmp_path / "scripts")
    shutil.copy(os.path.join(ROOT, "scripts", "version"),
                tmp_path / "scripts")
    (tmp_path / "VERSION").write_text("0.9.0\n")
    run = lambda: subprocess.run(  # noqa: E731
        [str(tmp_path / "scripts" / "version")], capture_output=True,
        text=True, check=True).stdout
    assert run() == "0.9.0\n"
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t",
           "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "x"], check=True)
    assert run() == "0.9.0\n"
    subprocess.run(git + ["tag", "v1.2.3"], check=True)
    assert run() == "1.2.3\n"


def test_health_reports_schema_and_version(api):
    r = api.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["schema"] == latest_migration()
    assert body["version"] == built_version()


def test_health_503_when_a_migration_changed(api, db):
    db.execute("SELECT checksum FROM schema_migrations "
               "WHERE name = '0011_rankings'")
    saved = db.fetchone()[0]
    db.execute("UPDATE schema_migrations SET checksum = repeat('0', 64) "
               "WHERE name = '0011_rankings'")
    try:
        r = api.get("/api/health")
        assert r.status_code == 503
        err = r.json()["error"]
        assert err["code"] == "schema_mismatch"
        assert err["message"] == "migration sql/0011_rankings.sql " \
            "differs from the text applied"
        assert err["version"] == built_version()
    finally:
        db.execute("UPDATE schema_migrations SET checksum = %s "
                   "WHERE name = '0011_rankings'", (saved,))
    assert api.get("/api/health").status_code == 200


def test_health_503_when_a_migration_is_missing(api, db):
    last = latest_migration()
    db.execute("SELECT checksum, applied_at FROM schema_migrations "
               "WHERE name = %s", (last,))
    checksum, applied_at = db.fetchone()
    db.execute("DELETE FROM schema_migrations WHERE name = %s", (last,))
    try:
        r = api.get("/api/health")
        assert r.status_code == 503
        err = r.json()["error"]
        assert err["message"] == f"migration sql/{last}.sql is not " \
            "applied: run awards migrate"
        assert err["schema"] < last
    finally:
        db.execute("INSERT INTO schema_migrations (name, checksum, "
                   "applied_at) VALUES (%s, %s, %s)",
                   (last, checksum, applied_at))
    assert api.get("/api/health").json()["schema"] == last


def unit(name):
    p = configparser.ConfigParser(strict=False, interpolation=None)
    p.optionxform = str
    with open(os.path.join(ROOT, "deploy", name)) as f:
        # Repeated keys (EnvironmentFile=) are joined by the parser.
        p.read_string(f.read())
    return p


def test_units_migrate_before_every_start(tmp_path):
    migrate = unit("awards-migrate.service")
    assert migrate["Service"]["Type"] == "oneshot"
    # RemainAfterExit would leave it active after the first run, and a
    # restart of serve would then not run it again.
    assert migrate["Service"].get("RemainAfterExit", "no") == "no"
    assert "/etc/awards/migrate.env" in migrate["Service"]["EnvironmentFile"]
    for name in ("awards.service", "awards-mailer.service"):
        u = unit(name)
        assert "awards-migrate.service" in u["Unit"]["Requires"].split()
        assert "awards-migrate.service" in u["Unit"]["After"].split()
        # The owner's credentials never reach serve or the mailer.
        assert "migrate.env" not in u["Service"]["EnvironmentFile"]
        assert u["Service"]["EnvironmentFile"] == "/etc/awards/env"
        assert "ExecStartPre" not in u["Service"]
    # systemd itself reads them (executables pointed at one that exists).
    assert shutil.which("systemd-analyze"), \
        "systemd-analyze is missing (make deps installs systemd)"
    for f in os.listdir(os.path.join(ROOT, "deploy")):
        with open(os.path.join(ROOT, "deploy", f)) as src:
            text = src.read().replace("/usr/bin/awards", BINARY)
        (tmp_path / f).write_text(text)
    r = subprocess.run(["systemd-analyze", "verify"] + sorted(
        str(tmp_path / f) for f in os.listdir(tmp_path)
        if f.endswith(".service")), capture_output=True, text=True,
        timeout=60)
    assert r.returncode == 0 and r.stderr == "", r.stderr
