"""Every statement of sql/queries/*.sql prepares against the migrated
schema, so a typo fails here with the statement's name (the server would
only log it at connect time)."""

import ctypes
import ctypes.util
import glob
import os
import re
import subprocess

import psycopg2

import queries  # scripts/queries.py, on the path from tests/conftest.py

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
QUERY_FILES = queries.FILES


def statements():
    """(file, name, sql) for every statement, as the build reads them."""
    return [(os.path.basename(st.path), st.name, st.sql)
            for st in queries.read(QUERY_FILES)]


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


def libpq_describe(conn, sql):
    """The names of the columns sql returns, from PostgreSQL's own
    description of it (libpq's PQprepare and PQdescribePrepared, which
    psycopg2 does not offer, called on psycopg2's connection), or raises
    RuntimeError with the server's message."""
    pq = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
    pq.PQprepare.restype = ctypes.c_void_p
    pq.PQprepare.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                             ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    pq.PQdescribePrepared.restype = ctypes.c_void_p
    pq.PQdescribePrepared.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    pq.PQresultStatus.argtypes = [ctypes.c_void_p]
    pq.PQresultErrorMessage.restype = ctypes.c_char_p
    pq.PQresultErrorMessage.argtypes = [ctypes.c_void_p]
    pq.PQnfields.argtypes = [ctypes.c_void_p]
    pq.PQfname.restype = ctypes.c_char_p
    pq.PQfname.argtypes = [ctypes.c_void_p, ctypes.c_int]
    pq.PQclear.argtypes = [ctypes.c_void_p]
    command_ok = 1
    pgconn = ctypes.c_void_p(conn.pgconn_ptr)
    res = pq.PQprepare(pgconn, b"", sql.encode(), 0, None)
    try:
        if pq.PQresultStatus(res) != command_ok:
            raise RuntimeError(pq.PQresultErrorMessage(res).decode())
    finally:
        pq.PQclear(res)
    res = pq.PQdescribePrepared(pgconn, b"")
    try:
        if pq.PQresultStatus(res) != command_ok:
            raise RuntimeError(pq.PQresultErrorMessage(res).decode())
        return [pq.PQfname(res, i).decode()
                for i in range(pq.PQnfields(res))]
    finally:
        pq.PQclear(res)


def test_columns_are_postgresqls(dbconn):
    """The columns the build knows of each statement (parsed from its
    select or returning list, or its "-- columns:" line), against which
    scripts/check-columns checks every column a handler reads by name,
    are those PostgreSQL describes: a parse gone wrong or a declaration
    left behind by an edit fails here."""
    wrong = []
    for st in queries.read(QUERY_FILES):
        try:
            real = libpq_describe(dbconn, st.sql)
        except RuntimeError as e:
            wrong.append("%s: %s" % (st.name, str(e).splitlines()[0]))
            continue
        if st.columns != real:
            wrong.append("%s: %s %s, PostgreSQL says %s" % (
                st.name, "declares" if st.declared is not None else
                "parses as", st.columns, real))
    assert wrong == []


def test_a_wrong_declaration_is_found(dbconn):
    """The check above can fail: a declared name PostgreSQL does not
    give, and a name parsed from an expression it names otherwise."""
    assert libpq_describe(dbconn, "SELECT id AS ident FROM cycles") != \
        ["id"]
    assert libpq_describe(dbconn, "SELECT btrim(name) FROM cycles") == \
        ["btrim"]
    assert queries.columns("SELECT trim(name) FROM cycles") is None


def test_column_names_parse():
    """What the parser names, and what it leaves to a "-- columns:"
    line rather than guess."""
    cases = {
        "SELECT a, t.b, c::text, d::numeric(5, 2)[], f(x) AS g FROM t":
            ["a", "b", "c", "d", "g"],
        "SELECT count(*) FILTER (WHERE x) OVER (PARTITION BY y), "
        "CASE WHEN a THEN 1 END, s.rfc3339(at) FROM t":
            ["count", "case", "rfc3339"],
        "WITH x AS (SELECT 1 AS one), y (a) AS MATERIALIZED "
        "(SELECT 2) SELECT DISTINCT ON (a) a IS DISTINCT FROM b AS differ "
        "FROM x": ["differ"],
        "WITH d AS (DELETE FROM u RETURNING c) UPDATE t SET a = 1 "
        "RETURNING id, 'x;' AS \"Quoted\"": ["id", "Quoted"],
        "INSERT INTO t VALUES ($1)": [],
        "BEGIN": [],
        "SELECT * FROM t": None,
        "SELECT t.* FROM t": None,
        "SELECT a + 1 FROM t": None,
        "SELECT 1": None,
        "SELECT (SELECT b FROM u) FROM t": None,
        "SELECT a b FROM t": None,
        "SELECT $$a, b$$ AS x, E'it''s' AS y": ["x", "y"],
    }
    for sql, names in cases.items():
        assert queries.columns(sql) == names, sql


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
    unprepared = {st.name for st in queries.read(QUERY_FILES)
                  if not st.prepare}
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


def check_columns(*args):
    return subprocess.run(
        [os.path.join(ROOT, "scripts", "check-columns")] + list(args),
        capture_output=True, text=True, cwd=ROOT)


def test_every_column_read_is_followed():
    """make fails on a column a handler reads that its statement does
    not return, but can only say so of a read whose result it follows:
    a new way of handing results about that it cannot follow fails here
    (teach scripts/check-columns, or write it as the others are)."""
    sources = sorted(glob.glob(os.path.join(ROOT, "cgi", "*.c")))
    done = check_columns("-v", *sources, "--", *QUERY_FILES)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].endswith(" 0 not followed"), \
        done.stdout


def test_a_misspelt_column_is_named(tmp_path):
    """The check make runs can fail: through a helper, a pipeline and an
    out-parameter, each misspelling is named with its line."""
    source = tmp_path / "handler.c"
    source.write_text('''
static void
helper(const PGresult *r)
{
	db_text(r, 0, "nmae");
}

static void
run(struct db *db, PGresult **out)
{
	*out = DB_EXEC(db, SQL_AWARDEES_CYCLE, "1");
}

void
handler(struct db *db)
{
	PGresult	*res, *all[2], *mine;
	struct db_call	 calls[2];

	res = DB_EXEC(db, SQL_AWARDEES_CYCLE, "1");
	db_text(res, 0, "name");
	helper(res);
	calls[0] = (struct db_call){ SQL_BEGIN, 0, NULL };
	calls[1] = (struct db_call){ SQL_AWARDEES_CYCLE, 1, NULL };
	db_pipeline(db, 2, calls, all);
	db_int(all[1], 0, "idd");
	run(db, &mine);
	db_bool(mine,
	    0, "naem");
}
''')
    done = check_columns(str(source), "--", *QUERY_FILES)
    assert done.returncode != 0
    named = sorted(re.findall(r":(\d+): .*\"(\w+)\"\)", done.stderr))
    assert named == [("26", "idd"), ("28", "naem"), ("5", "nmae")], \
        done.stderr
