"""Every statement of sql/queries/*.sql prepares against the migrated
schema, so a typo fails here with the statement's name (the server would
only log it at connect time)."""

import glob
import os
import re

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def statements():
    """(file, name, sql) for every statement, parsed as the build does."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "sql", "queries",
                                              "*.sql"))):
        name, lines = None, []
        for line in open(path, encoding="utf-8").read().splitlines() + \
                ["-- name: END"]:
            m = re.match(r"^-- name: (\S+)", line)
            if m:
                if name is not None:
                    out.append((os.path.basename(path), name,
                                "\n".join(lines).rstrip().rstrip(";")))
                name, lines = m.group(1), []
            elif not re.match(r"^\s*--", line) and line.strip():
                lines.append(line)
    return out


def test_every_statement_prepares(dbconn):
    found = statements()
    assert len(found) > 40
    names = [n for _, n, _ in found]
    assert len(names) == len(set(names)), "a name is used twice"
    failures = []
    cur = dbconn.cursor()
    for path, name, sql in found:
        # SQL's PREPARE takes no utility statement (libpq's protocol-level
        # prepare, which the server uses, does): transactions, SET, DDL.
        if sql.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK", "SET",
                                      "CREATE", "ALTER"):
            continue
        try:
            cur.execute("PREPARE check_stmt AS " + sql)
            cur.execute("DEALLOCATE check_stmt")
        except psycopg2.Error as e:
            failures.append("%s (%s): %s" % (name, path,
                                            str(e).splitlines()[0]))
        finally:
            dbconn.rollback()
    assert failures == []


def test_a_broken_statement_is_named(dbconn):
    """The check above can fail: a misspelt column is reported."""
    cur = dbconn.cursor()
    try:
        cur.execute("PREPARE check_stmt AS SELECT no_such_column "
                    "FROM cycles")
        raised = False
    except psycopg2.Error:
        raised = True
    dbconn.rollback()
    assert raised


def test_rfc3339_is_inlined(dbconn):
    """rfc3339() (sql/0003, 0015) writes every time the API shows, in most
    statements.  The planner must put its to_char() in place of the call:
    declared IMMUTABLE over a STABLE to_char() it was not inlined, and
    every statement using it parsed and planned its body again at every
    execution (a fifth of PostgreSQL's time in a member's read of a
    candidate).  A generic plan keeps the parameter, so neither inlining
    nor its absence is hidden by folding a constant."""
    cur = dbconn.cursor()
    try:
        cur.execute("SET plan_cache_mode = force_generic_plan")
        cur.execute("PREPARE check_time(timestamptz) AS "
                    "SELECT rfc3339($1) AS t")
        cur.execute("EXPLAIN VERBOSE EXECUTE check_time(now())")
        plan = "\n".join(row[0] for row in cur.fetchall())
        cur.execute("EXECUTE check_time('2026-11-30 12:34:56.789+01')")
        shown = cur.fetchone()[0]
    finally:
        dbconn.rollback()
    assert "to_char" in plan and "rfc3339" not in plan, plan
    assert shown == "2026-11-30T11:34:56Z"


def test_every_statement_is_used():
    """Each statement is prepared on every connection of every serve and
    mailer: one no C code runs costs each of them for nothing (issue 21:
    SQL_TOKEN_RECENT).  Used means named as a word in cgi/ or fuzz/.  A
    statement marked "-- prepare: no" is run by `awards migrate` only,
    unprepared: naming it anywhere but migrate.c would find it missing."""
    sources = {}
    for path in glob.glob(os.path.join(ROOT, "cgi", "*.[ch]")) + \
            glob.glob(os.path.join(ROOT, "fuzz", "*.c")):
        sources[os.path.basename(path)] = open(path,
                                               encoding="utf-8").read()
    unprepared = set()
    for path in glob.glob(os.path.join(ROOT, "sql", "queries", "*.sql")):
        unprepared |= set(re.findall(r"^-- name: (\S+)\n(?:--.*\n)*"
                                     r"-- prepare: no$",
                                     open(path, encoding="utf-8").read(),
                                     re.M))
    unused, misused = [], []
    for path, name, _ in statements():
        users = [f for f, text in sources.items()
                 if re.search(r"\b%s\b" % name, text)]
        if not users:
            unused.append("%s (%s)" % (name, path))
        if name in unprepared and set(users) - {"migrate.c"}:
            misused.append("%s in %s" % (name, users))
    assert unused == []
    assert misused == []
    assert "SQL_MIGRATE_LOCK" in unprepared
