"""The application role's grants are what its statements use (SPEC §7),
no more and no less.

sql/grants.sql grants awards_app table by table and verb by verb; this
test reads every statement of sql/queries (but migrate.sql, which the
owner runs), derives the privileges each needs, and compares them with
what PostgreSQL says awards_app holds, in both directions.  A new
statement that needs a new grant fails here until sql/grants.sql has it;
a grant no statement uses fails here until it goes.

What a statement needs (PostgreSQL 15, checked against the server):

  - SELECT on every table or view it reads (FROM, JOIN, USING,
    subqueries), and on the target of an UPDATE or DELETE that has a
    WHERE or RETURNING (they read its columns), of an INSERT with
    RETURNING, and of an INSERT ... ON CONFLICT (cols) (the arbiter
    columns are read).  (An UPDATE whose SET alone reads a column of its
    table needs SELECT too, which this does not see: every UPDATE here
    has a WHERE, and the EXPLAIN test below would catch one.)
  - INSERT, UPDATE, DELETE on their targets; ON CONFLICT DO UPDATE needs
    UPDATE;
  - UPDATE on every table a FOR UPDATE / FOR SHARE (any row lock) locks:
    PostgreSQL asks for UPDATE there, SELECT and DELETE are not enough;
  - EXECUTE on the functions of the public schema it calls, and, since
    they are SECURITY INVOKER, what their bodies need (read from the
    catalog and derived the same way);
  - USAGE on the sequences behind the defaults of the tables it inserts
    into (bigserial ids).

What needs nothing: the tables under a view (PostgreSQL checks them
against the view's owner), and the tables that foreign keys check or
cascade to (those run as the table's owner).  Functions called inside a
view are checked against the caller, so a view's definition is read for
them.  Triggers run as the caller: the bodies of the triggers on the
tables the application writes are taken into account too.
"""

import re

import psycopg2
import pytest

from test_queries import statements

APP = "awards_app"
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE",
                    "REFERENCES", "TRIGGER")

# Functions not written in SQL, whose bodies this tokenizer does not read:
# what each touches, written out.  A new one fails the test until it is
# listed here.
OTHER_LANGUAGE_FUNCTIONS = {
    # 0001: the trigger that keeps audit_log append-only; it only raises.
    "audit_log_append_only": set(),
    # 0019: at most 50 criteria a cycle; it counts them.
    "criteria_per_cycle": {("criteria", "SELECT")},
}


# -- A tokenizer and a derivation, enough for the SQL of sql/queries -------

TOKEN = re.compile(r"""
      (?P<space>\s+)
    | (?P<comment>--[^\n]*|/\*.*?\*/)
    | (?P<string>[EeBbXxUu]?'(?:[^']|'')*')
    | (?P<dollar>\$(?P<tag>[A-Za-z_]\w*)?\$.*?\$(?P=tag)\$)
    | (?P<param>\$\d+)
    | (?P<quoted>"(?:[^"]|"")+")
    | (?P<word>[A-Za-z_][\w$]*)
    | (?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)
    | (?P<op>::|[(),;.\[\]]|[-+*/<>=~!@#%^&|`?:]+)
""", re.S | re.X)


def tokenize(sql):
    """Words (lower-cased; a quoted identifier keeps its case), and
    punctuation.  Strings, numbers and parameters become one 'value'
    token each, so nothing inside a string is read as SQL."""
    out, pos = [], 0
    while pos < len(sql):
        m = TOKEN.match(sql, pos)
        if m is None:
            raise ValueError("cannot tokenize at: " + sql[pos:pos + 40])
        pos = m.end()
        kind = m.lastgroup if m.lastgroup != "tag" else "dollar"
        if kind in ("space", "comment"):
            continue
        if kind == "word":
            out.append(m.group().lower())
        elif kind == "quoted":
            out.append(m.group()[1:-1].replace('""', '"'))
        elif kind in ("string", "dollar", "param", "number"):
            out.append("'value'")
        else:
            out.append(m.group())
    return out


# Words after which a from-list item has no alias.
NOT_ALIAS = {
    "where", "join", "left", "right", "inner", "full", "cross", "natural",
    "on", "using", "group", "order", "limit", "offset", "for", "set",
    "returning", "union", "except", "intersect", "window", "having",
}
# Words that end a FROM (or USING) list at their level.
END_FROM = NOT_ALIAS - {"join", "left", "right", "inner", "full", "cross",
                        "natural", "on"} | {"select", "values", "do"}
# Functions whose parentheses hold a FROM that is not a from-list.
FROM_IN_ARGUMENTS = {"extract", "substring", "trim", "overlay", "position"}


class Level:
    """One level of parentheses: a statement, a CTE, a subquery, or an
    expression in parentheses."""

    def __init__(self, from_in_arguments=False, expect_item=False):
        self.from_in_arguments = from_in_arguments
        self.in_from = False        # a ',' starts another from-list item
        self.expect_item = expect_item
        self.aliases = {}           # alias (or name) -> relation read here
        self.target = None          # (relation, verb) written at this level


def derive(sql):
    """The privileges statement sql needs: {(relation, privilege)}, and
    the names called as functions (ident followed by '('), for the
    caller to match against the functions of the schema."""
    tokens = tokenize(sql) + [";"]
    needs, calls = set(), set()
    # CTE names: "WITH name AS (" and ", name AS (".
    ctes = {tokens[i] for i in range(1, len(tokens) - 2)
            if tokens[i - 1] in ("with", ",") and tokens[i + 1] == "as"
            and tokens[i + 2] == "("}
    stack = [Level()]

    def add_item(i):
        """A relation (or CTE name) starts a from-list item at tokens[i];
        returns the index after its alias."""
        name = tokens[i]
        j = i + 1
        alias = name
        if tokens[j] == "as":
            alias, j = tokens[j + 1], j + 2
        elif re.match(r"^[a-z_]\w*$", tokens[j]) and \
                tokens[j] not in NOT_ALIAS:
            alias, j = tokens[j], j + 1
        if name not in ctes:
            needs.add((name, "SELECT"))
            stack[-1].aliases[alias] = name
        return j

    def write(i, verb):
        """The target of INSERT INTO / UPDATE / DELETE FROM at tokens[i];
        returns the index after its alias."""
        name = tokens[i]
        needs.add((name, verb))
        stack[-1].target = (name, verb)
        j = i + 1
        if tokens[j] == "as":
            j += 1
        if re.match(r"^[a-z_]\w*$", tokens[j]) and tokens[j] not in \
                NOT_ALIAS and tokens[j] not in ("values", "select",
                                                "default"):
            stack[-1].aliases[tokens[j]] = name
            j += 1
        stack[-1].aliases[name] = name
        return j

    i = 0
    while i < len(tokens):
        t, level = tokens[i], stack[-1]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ";"
        if re.match(r"^[a-z_]\w*$", t) and nxt == "(":
            calls.add(t)
        if level.expect_item and t not in ("select", "with", "values"):
            if t == "lateral":
                i += 1
                continue
            level.expect_item = False
            if t == "(":
                # A subquery or a join in parentheses.
                stack.append(Level(expect_item=True))
                i += 1
                continue
            if nxt == "(":                       # a function in FROM
                i += 1
                continue
            i = add_item(i)
            continue
        level.expect_item = False
        if t in END_FROM:
            level.in_from = False
        if t == "(":
            stack.append(Level(from_in_arguments=(
                i > 0 and tokens[i - 1] in FROM_IN_ARGUMENTS)))
        elif t == ")":
            stack.pop()
        elif t == "from" and tokens[i - 1] == "delete":
            i = write(i + 1, "DELETE")
            continue
        elif t == "from" and not level.from_in_arguments and \
                tokens[i - 1] != "distinct":         # IS DISTINCT FROM
            level.in_from = level.expect_item = True
        elif t == "using" and nxt != "(":          # DELETE ... USING
            level.in_from = level.expect_item = True
        elif t == "join" or (t == "," and level.in_from):
            level.expect_item = True
        elif t == "into" and tokens[i - 1] == "insert":
            i = write(i + 1, "INSERT")
            continue
        elif t == "update" and tokens[i - 1] == "do":
            needs.add((level.target[0], "UPDATE"))   # ON CONFLICT DO UPDATE
        elif t == "update" and tokens[i - 1] not in ("for", "key"):
            i = write(i + 1, "UPDATE")
            continue
        elif t == "conflict" and nxt == "(":
            needs.add((level.target[0], "SELECT"))   # the arbiter columns
        elif t == "for" and nxt in ("update", "share", "no", "key"):
            i = lock(tokens, i + 1, level, needs)
            continue
        elif t in ("where", "returning") and level.target is not None:
            name, verb = level.target
            if verb != "INSERT" or t == "returning":
                needs.add((name, "SELECT"))
        i += 1
    return needs, calls


def lock(tokens, i, level, needs):
    """FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE [OF a, b] at
    tokens[i]: every row lock needs UPDATE on the tables it locks, those
    named by OF or else every one this level reads.  Returns the index
    after the clause."""
    while tokens[i] in ("update", "share", "no", "key"):
        i += 1
    locked = []
    if tokens[i] == "of":
        i += 1
        while True:
            locked.append(level.aliases[tokens[i]])
            i += 1
            if tokens[i] != ",":
                break
            i += 1
    else:
        locked = list(level.aliases.values())
    for name in locked:
        needs.add((name, "UPDATE"))
    return i


# -- What the statements need, and what awards_app holds ------------------

def catalog(cur):
    """The relations, functions and sequences of the public schema."""
    cur.execute("""
        SELECT c.relname, c.relkind FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace
           AND c.relkind IN ('r', 'v', 'm', 'p', 'f', 'S')""")
    relkinds = dict(cur.fetchall())
    cur.execute("""
        SELECT p.proname, l.lanname, p.prosecdef, p.prosrc
          FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
         WHERE p.pronamespace = 'public'::regnamespace""")
    functions = {name: (lang, secdef, src)
                 for name, lang, secdef, src in cur.fetchall()}
    return relkinds, functions


def needed(cur):
    """{(object, privilege): {why}} for the whole of sql/queries."""
    relkinds, functions = catalog(cur)
    out = {}

    def need(obj, priv, why):
        out.setdefault((obj, priv), set()).add(why)

    def function_needs(name, why, seen):
        """EXECUTE name, and what its body needs run as the caller."""
        if name in seen:
            return
        seen.add(name)
        lang, secdef, src = functions[name]
        assert not secdef, f"{name} is SECURITY DEFINER: derive it by hand"
        if lang == "sql":
            body_needs, body_calls = derive(src)
        else:
            assert name in OTHER_LANGUAGE_FUNCTIONS, \
                f"{name} ({lang}): list what it touches in " \
                "OTHER_LANGUAGE_FUNCTIONS"
            body_needs, body_calls = OTHER_LANGUAGE_FUNCTIONS[name], set()
        for rel, priv in body_needs:
            need(rel, priv, f"{why} via {name}()")
        for f in body_calls & functions.keys():
            need(f, "EXECUTE", f"{why} via {name}()")
            function_needs(f, why, seen)

    for path, name, sql in statements():
        if path == "migrate.sql":
            continue
        rel_needs, calls = derive(sql)
        for rel, priv in rel_needs:
            assert rel in relkinds, \
                f"{name}: read {rel!r} as a table, and there is none"
            need(rel, priv, name)
        for f in calls & functions.keys():
            need(f, "EXECUTE", name)
            function_needs(f, name, set())

    # Views: the tables under them are the owner's business, but the
    # functions they call are checked against the caller.
    for rel in [r for r, _ in list(out) if relkinds.get(r) == "v"]:
        cur.execute("SELECT pg_get_viewdef(%s::regclass)", (rel,))
        _, calls = derive(cur.fetchone()[0])
        for f in calls & functions.keys():
            need(f, "EXECUTE", f"view {rel}")
            function_needs(f, f"view {rel}", set())

    # Triggers run as the caller: what the trigger functions on the
    # tables written need (no EXECUTE on the trigger function itself).
    written = {r for (r, p) in out if p in ("INSERT", "UPDATE", "DELETE")}
    cur.execute("""
        SELECT c.relname, p.proname FROM pg_trigger t
          JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_proc p ON p.oid = t.tgfoid
         WHERE NOT t.tgisinternal
           AND c.relnamespace = 'public'::regnamespace""")
    for rel, fn in cur.fetchall():
        if rel in written:
            function_needs(fn, f"trigger on {rel}", set())

    # The sequences behind the defaults of the tables inserted into.
    inserted = sorted(r for (r, p) in out if p == "INSERT")
    cur.execute("""
        SELECT DISTINCT t.relname, s.relname
          FROM pg_attrdef d
          JOIN pg_class t ON t.oid = d.adrelid
          JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass
           AND dep.objid = d.oid AND dep.refclassid = 'pg_class'::regclass
          JOIN pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S'
         WHERE t.relname = ANY (%s)
           AND t.relnamespace = 'public'::regnamespace""", (inserted,))
    for table, seq in cur.fetchall():
        need(seq, "USAGE", f"INSERT INTO {table}")
    return {k: v for k, v in out.items() if v}


def granted(cur, role=APP):
    """{(object, privilege)} that role holds in the public schema, by any
    route (its own grants, PUBLIC, roles it is a member of, columns)."""
    cur.execute("""
        SELECT c.relname, p FROM pg_class c, unnest(%s::text[]) p
         WHERE c.relnamespace = 'public'::regnamespace
           AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
           AND (has_table_privilege(%s, c.oid, p)
                OR (p IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                    AND has_any_column_privilege(%s, c.oid, p)))
        UNION ALL
        SELECT c.relname, p FROM pg_class c,
               unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) p
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
           AND has_sequence_privilege(%s, c.oid, p)
        UNION ALL
        SELECT p.proname, 'EXECUTE' FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace
           AND has_function_privilege(%s, p.oid, 'EXECUTE')""",
                (list(TABLE_PRIVILEGES), role, role, role, role))
    return set(cur.fetchall())


def test_grants_are_what_the_statements_use(db):
    need = needed(db)
    have = granted(db)
    missing = sorted(set(need) - have)
    extra = sorted(have - set(need))
    assert not missing and not extra, "".join(
        [f"\n  missing {p} on {o} (for {', '.join(sorted(need[(o, p)]))})"
         for o, p in missing] +
        [f"\n  {p} on {o} granted, and no statement uses it"
         for o, p in extra]) + \
        "\n(sql/grants.sql grants awards_app what sql/queries uses)"


def test_the_rules_of_spec_7(db):
    """Written out, whatever the statements: the application cannot
    change the audit log or wipe the programme."""
    have = granted(db)
    for table in ("cycles", "users", "decisions", "audit_log"):
        assert (table, "DELETE") not in have, table
    assert [o for o, p in have if p == "TRUNCATE"] == []
    assert sorted(p for o, p in have if o == "audit_log") == \
        ["INSERT", "SELECT"]
    # Read at start by serve and the mailer (SQL_SCHEMA_CHECK), never
    # written: the migrations' record is the owner's.
    assert [p for o, p in have if o == "schema_migrations"] == ["SELECT"]
    assert [(o, p) for o, p in have if p in ("REFERENCES", "TRIGGER")] == []
    # No DDL: the role owns nothing, may create nothing, and is no
    # superuser; nor do new tables of the owner reach it by default.
    db.execute("""
        SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls,
               has_schema_privilege(%s, 'public', 'CREATE'),
               has_database_privilege(%s, current_database(), 'CREATE'),
               (SELECT count(*) FROM pg_class
                 WHERE relowner = r.oid) +
               (SELECT count(*) FROM pg_proc WHERE proowner = r.oid),
               (SELECT count(*) FROM pg_default_acl d,
                       aclexplode(d.defaclacl) a
                 WHERE a.grantee = r.oid)
          FROM pg_roles r WHERE rolname = %s""", (APP, APP, APP))
    assert db.fetchone() == (False, False, False, 0, 0)


def test_every_statement_plans_as_the_application_role(stack, db):
    """PostgreSQL's own check, as a second opinion on the derivation:
    planning a statement (EXPLAIN, which runs nothing) checks the
    privileges on every table it names, so each statement of sql/queries
    plans as awards_app.  (A function's body is checked only when it runs,
    unless the planner inlines it: that part is the derivation's.)"""
    conn = psycopg2.connect(stack.database_url)    # as serve connects
    failures = []
    try:
        cur = conn.cursor()
        cur.execute("SELECT current_user")
        assert cur.fetchone()[0] == APP
        for path, name, sql in statements():
            if path == "migrate.sql" or sql.split()[0].upper() in (
                    "BEGIN", "COMMIT", "ROLLBACK", "SET"):
                continue
            try:
                cur.execute("PREPARE g AS " + sql)
                cur.execute("SELECT cardinality(parameter_types) FROM "
                            "pg_prepared_statements WHERE name = 'g'")
                n = cur.fetchone()[0]
                cur.execute("EXPLAIN EXECUTE g" + (
                    "(" + ", ".join(["NULL"] * n) + ")" if n else ""))
            except psycopg2.Error as e:
                failures.append(f"{name}: {str(e).splitlines()[0]}")
            finally:
                conn.rollback()
                cur.execute("DEALLOCATE ALL")
    finally:
        conn.close()
    assert failures == []


# -- The derivation itself, on the shapes it must get right ----------------

@pytest.mark.parametrize("sql,expected", [
    ("SELECT a FROM cycles y JOIN candidates c ON c.cycle_id = y.id "
     "WHERE y.id = $1 FOR SHARE OF y",
     {("cycles", "SELECT"), ("candidates", "SELECT"),
      ("cycles", "UPDATE")}),
    ("SELECT id FROM outbox WHERE id IN (SELECT id FROM tokens "
     "FOR UPDATE SKIP LOCKED) FOR UPDATE",
     {("outbox", "SELECT"), ("tokens", "SELECT"), ("outbox", "UPDATE"),
      ("tokens", "UPDATE")}),
    ("INSERT INTO decisions (candidate_id) VALUES ($1) "
     "ON CONFLICT (candidate_id) DO UPDATE SET decided_at = now()",
     {("decisions", "INSERT"), ("decisions", "SELECT"),
      ("decisions", "UPDATE")}),
    ("INSERT INTO conflicts (a) VALUES ($1) ON CONFLICT DO NOTHING",
     {("conflicts", "INSERT")}),
    ("WITH old AS (DELETE FROM login_failures) "
     "INSERT INTO login_failures (email) SELECT 'from users' "
     "RETURNING extract(epoch FROM at)",
     {("login_failures", "DELETE"), ("login_failures", "INSERT"),
      ("login_failures", "SELECT")}),
    ("WITH m AS (SELECT 1 FROM member_candidates) "
     "SELECT 1 FROM m, LATERAL (SELECT 1 FROM reviews r) x "
     "LEFT JOIN (candidates c JOIN decisions d ON true) ON true "
     "WHERE a IS DISTINCT FROM b",
     {("member_candidates", "SELECT"), ("reviews", "SELECT"),
      ("candidates", "SELECT"), ("decisions", "SELECT")}),
    ("DELETE FROM tokens t USING nominations n, candidates c "
     "WHERE t.id = n.id RETURNING t.id",
     {("tokens", "DELETE"), ("tokens", "SELECT"), ("nominations", "SELECT"),
      ("candidates", "SELECT")}),
    ("UPDATE cycles SET x = 1 FROM (SELECT $2::jsonb AS j) AS body, "
     "unnest($1) AS p (a, b) WHERE id = $1",
     {("cycles", "UPDATE"), ("cycles", "SELECT")}),
])
def test_the_derivation(sql, expected):
    assert derive(sql)[0] == expected
