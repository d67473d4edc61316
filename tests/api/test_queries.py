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
                                      "CREATE"):
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
