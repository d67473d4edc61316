"""Applied migrations are immutable: schema_migrations keeps the SHA-256
of each migration's text, and a text that differs from the one applied
makes `awards migrate`, `awards serve` and `awards mailer` refuse, with one
line naming the file; a database that misses a migration the binary
carries makes serve and the mailer refuse too, saying to migrate first."""

import glob
import hashlib
import os
import re
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


def create_statements(path):
    """The functions and views file path creates, by name."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"--[^\n]*", "", text)
    return re.findall(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?"
                      r"(?:FUNCTION|VIEW)\s+(\w+)", text, re.I)


def test_each_function_and_view_defined_once():
    """The live definition of each SQL function and view is one file of
    sql/functions (docs/sql.md); a numbered migration defines none
    (candidate_rankings() was once written out whole three times)."""
    where = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "sql", "*.sql"))):
        assert create_statements(path) == [], path
    files = sorted(glob.glob(os.path.join(ROOT, "sql", "functions",
                                          "*.sql")))
    assert files
    for path in files:
        assert re.match(r"^[0-9]{2}_[a-z0-9_]+\.sql$",
                        os.path.basename(path)), path
        for name in create_statements(path):
            where.setdefault(name, []).append(os.path.basename(path))
    twice = {n: f for n, f in where.items() if len(f) > 1}
    assert twice == {}
    assert "candidate_rankings" in where and "member_candidates" in where


def test_function_files_applied_when_changed(stack, db):
    db.execute("SELECT name, checksum FROM schema_functions")
    rows = dict(db.fetchall())
    for path in glob.glob(os.path.join(ROOT, "sql", "functions", "*.sql")):
        name = os.path.basename(path)[:-4]
        with open(path, "rb") as f:
            assert rows.pop(name) == hashlib.sha256(f.read()).hexdigest()
    assert rows == {}
    r = run(stack, "migrate")
    assert r.returncode == 0 and "functions/" not in r.stdout, r.stdout
    # A text other than the one applied (an edited file) is applied again,
    # and only it.
    db.execute("UPDATE schema_functions SET checksum = repeat('0', 64) "
               "WHERE name = '30_candidate_rankings'")
    r = run(stack, "migrate")
    assert r.returncode == 0, r.stderr
    assert [ln for ln in r.stdout.splitlines() if "functions/" in ln] == [
        "applied functions/30_candidate_rankings"]
    db.execute("SELECT checksum FROM schema_functions "
               "WHERE name = '30_candidate_rankings'")
    assert db.fetchone()[0] != "0" * 64

