"""Secrets out of the settings file (issue 26; docs/operations.md,
"Secrets"): the database password from AWARDS_DATABASE_PASSWORD_FILE (a
systemd credential) or libpq's passfile (PGPASSFILE), the SMTP password
from AWARDS_SMTP_PASSWORD_FILE, each read at start; a bad file stops
start-up with one line that never holds the secret.

The test cluster trusts its socket; here one role, awards_pw (a member
of awards_app, so with its rights), must give its password."""

import os
import re
import shutil
import subprocess

import pytest
import requests

from security_util import second_serve, submit

PASSWORD = "correct-battery-horse-7"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def password_role(stack):
    hba = os.path.join(stack.pgdata, "pg_hba.conf")
    with open(hba) as f:
        shipped = f.read()
    stack.psql_admin(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE "
        "rolname = 'awards_pw') THEN CREATE ROLE awards_pw LOGIN "
        "IN ROLE awards_app; END IF; END $$")
    stack.psql_admin(f"ALTER ROLE awards_pw PASSWORD '{PASSWORD}'")
    # First match wins: this role alone must give a password.
    with open(hba, "w") as f:
        f.write("local awards awards_pw scram-sha-256\n" + shipped)
    stack.psql_admin("SELECT pg_reload_conf()")
    try:
        yield (f"host={stack.pgdata} dbname=awards user=awards_pw "
               "connect_timeout=5")
    finally:
        with open(hba, "w") as f:
            f.write(shipped)
        stack.psql_admin("SELECT pg_reload_conf()")


def secret_file(tmp_path, name, text, mode=0o600):
    path = tmp_path / name
    path.write_text(text)
    path.chmod(mode)
    return str(path)


def health(base):
    return requests.get(base + "/api/health", timeout=30).status_code


def environ_of(stack, name):
    with open(f"/proc/{stack.procs[name].pid}/environ", "rb") as f:
        return f.read()


def test_database_password_from_a_file(api, stack, password_role,
                                       tmp_path, open_cycle):
    path = secret_file(tmp_path, "db-password", PASSWORD + "\n")
    with second_serve(stack, "pwfile", AWARDS_DATABASE_URL=password_role,
                      AWARDS_DATABASE_PASSWORD_FILE=path,
                      AWARDS_THREADS="2") as base:
        assert health(base) == 200
        submit(type(api)(base), open_cycle, nominator="pwfile@example.org")
        # Read, not inherited: the password is in no process's environment.
        assert PASSWORD.encode() not in environ_of(stack, "serve-pwfile")


def test_a_wrong_database_password_is_refused(stack, password_role,
                                              tmp_path):
    path = secret_file(tmp_path, "db-password", "not-the-password\n")
    with second_serve(stack, "pwwrong", AWARDS_DATABASE_URL=password_role,
                      AWARDS_DATABASE_PASSWORD_FILE=path,
                      AWARDS_THREADS="2") as base:
        assert health(base) == 503
    with second_serve(stack, "pwnone", AWARDS_DATABASE_URL=password_role,
                      AWARDS_THREADS="2") as base:
        assert health(base) == 503


def test_database_password_from_libpq_passfile(api, stack, password_role,
                                               tmp_path, open_cycle):
    # libpq's own format, host:port:database:user:password; a file
    # readable by others is ignored by libpq.
    path = secret_file(tmp_path, "pgpass",
                       f"*:*:awards:awards_pw:{PASSWORD}\n")
    with second_serve(stack, "pgpass", AWARDS_DATABASE_URL=password_role,
                      PGPASSFILE=path, AWARDS_THREADS="2") as base:
        assert health(base) == 200
        submit(type(api)(base), open_cycle, nominator="pgpass@example.org")


@pytest.mark.parametrize("name,text,mode,reason", [
    ("AWARDS_DATABASE_PASSWORD_FILE", None, 0o600,
     "No such file or directory"),
    ("AWARDS_DATABASE_PASSWORD_FILE", "", 0o600, "is empty"),
    ("AWARDS_SMTP_PASSWORD_FILE", PASSWORD + "\n", 0o644,
     "is readable by others"),
    ("AWARDS_SMTP_PASSWORD_FILE", PASSWORD + "\nmore\n", 0o600,
     "must hold one line"),
])
def test_a_bad_secret_file_stops_startup(stack, tmp_path, name, text, mode,
                                         reason):
    path = (secret_file(tmp_path, "secret", text, mode) if text is not None
            else str(tmp_path / "missing"))
    env = stack.process_env()
    env.update({name: path, "AWARDS_SMTP_USER": "awards",
                "AWARDS_SMTP_URL": "smtps://127.0.0.1:465"})
    for command in ("serve", "mailer"):
        p = subprocess.run([stack.binary, command], env=env,
                           capture_output=True, text=True, timeout=30)
        assert p.returncode == 1
        assert p.stderr.startswith(f"awards: {name}: {path}")
        assert reason in p.stderr
        assert len(p.stderr.strip().splitlines()) == 1
        assert PASSWORD not in p.stderr


def test_smtp_password_once(stack, tmp_path):
    env = stack.process_env()
    env.update(AWARDS_SMTP_USER="awards", AWARDS_SMTP_PASSWORD=PASSWORD,
               AWARDS_SMTP_URL="smtps://127.0.0.1:465",
               AWARDS_SMTP_PASSWORD_FILE=secret_file(
                   tmp_path, "smtp", PASSWORD))
    p = subprocess.run([stack.binary, "mailer"], env=env,
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 1
    assert p.stderr == ("awards: set AWARDS_SMTP_PASSWORD or "
                        "AWARDS_SMTP_PASSWORD_FILE, not both\n")


def test_the_shipped_drop_in_is_a_valid_unit_part(tmp_path, stack):
    """deploy/secrets.conf, as docs/operations.md says to use it, on the
    shipped awards.service: systemd reads every line of it."""
    assert shutil.which("systemd-analyze"), \
        "systemd-analyze is missing (make deps installs systemd)"
    for unit in ("awards.service", "awards.socket",
                 "awards-migrate.service"):
        with open(os.path.join(ROOT, "deploy", unit)) as f:
            (tmp_path / unit).write_text(
                f.read().replace("/usr/bin/awards", stack.binary))
    (tmp_path / "awards.service.d").mkdir()
    shutil.copy(os.path.join(ROOT, "deploy", "secrets.conf"),
                tmp_path / "awards.service.d")
    r = subprocess.run(["systemd-analyze", "verify",
                        str(tmp_path / "awards.service")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    # No password in any shipped unit or drop-in, only files named.
    for f in os.listdir(os.path.join(ROOT, "deploy")):
        if f.endswith((".service", ".socket", ".timer", ".conf")):
            with open(os.path.join(ROOT, "deploy", f)) as src:
                assert not re.search(r"PASSWORD(?!_FILE)=|://[^@/]*:[^@/]*@",
                                     src.read()), f
