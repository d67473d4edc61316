"""Applied migrations are immutable: schema_migrations keeps the SHA-256
of each migration's text, and a text that differs from the one applied
makes `awards migrate`, `awards serve` and `awards mailer` refuse, with one
line naming the file; a database that misses a migration the binary
carries makes serve and the mailer refuse too, saying to migrate first."""

import hashlib
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def run(stack, *argv, env=None):
    e = dict(stack.process_env())
    e.update(env or {})
    e["AWARDS_SOCKET"] = os.path.join(stack.var, "run", "refused.sock")
    return subprocess.run([stack.binary, *argv], env=e, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_checksums_recorded(stack, db):
    db.execute("SELECT name, checksum FROM schema_migrations ORDER BY name")
    rows = db.fetchall()
    assert rows, "no migration recorded"
    for name, checksum in rows:
        with open(os.path.join(ROOT, "sql", name + ".sql"), "rb") as f:
            assert checksum == hashlib.sha256(f.read()).hexdigest(), name


def test_changed_migration_refused(stack, db):
    db.execute("SELECT checksum FROM schema_migrations "
               "WHERE name = '0011_rankings'")
    saved = db.fetchone()[0]
    db.execute("UPDATE schema_migrations SET checksum = repeat('0', 64) "
               "WHERE name = '0011_rankings'")
    try:
        for argv in (["migrate"], ["serve"], ["mailer"]):
            r = run(stack, *argv)
            assert r.returncode != 0, (argv, r.stdout, r.stderr)
            lines = [ln for ln in r.stderr.splitlines()
                     if "0011_rankings" in ln]
            assert lines == [
                f"awards {argv[0]}: migration sql/0011_rankings.sql "
                "differs from the text applied: applied migrations must "
                "not change"], r.stderr
    finally:
        db.execute("UPDATE schema_migrations SET checksum = %s "
                   "WHERE name = '0011_rankings'", (saved,))
    assert run(stack, "migrate").returncode == 0


def test_missing_migration_refused_and_old_rows_adopted(stack, db):
    db.execute("SELECT name, checksum, applied_at FROM schema_migrations "
               "ORDER BY name DESC LIMIT 1")
    last, checksum, applied_at = db.fetchone()
    db.execute("DELETE FROM schema_migrations WHERE name = %s", (last,))
    try:
        r = run(stack, "serve")
        assert r.returncode != 0
        assert f"migration sql/{last}.sql is not applied: run awards " \
            "migrate first" in r.stderr
    finally:
        db.execute("INSERT INTO schema_migrations (name, checksum, "
                   "applied_at) VALUES (%s, %s, %s)",
                   (last, checksum, applied_at))
    # A row from before checksums takes the text this binary carries.
    db.execute("UPDATE schema_migrations SET checksum = NULL "
               "WHERE name = '0001_schema'")
    assert run(stack, "migrate").returncode == 0
    db.execute("SELECT checksum FROM schema_migrations "
               "WHERE name = '0001_schema'")
    assert db.fetchone()[0] == checksum_of("0001_schema")


def checksum_of(name):
    with open(os.path.join(ROOT, "sql", name + ".sql"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()
