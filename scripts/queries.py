"""The one reader of sql/queries/*.sql, the files of statements.

Each statement sits under a "-- name: SQL_X" header; the comment lines
below it say why it is written that way, and two of them are read:

  -- prepare: no        run by `awards migrate` only, unprepared
  -- columns: a, b, c   the names of the columns it returns, for a
                        statement whose select or returning list this
                        module cannot name (see columns() below); a
                        long list goes on as more "-- columns:" lines

scripts/embed-queries (the C tables), scripts/check-columns (the column
names handlers read), the API tests and scripts/bench all read the files
through read(), so that they agree on what a statement is.
"""

import glob
import os
import re

# The project's files of statements, sorted by name.
FILES = sorted(glob.glob(os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "sql", "queries", "*.sql")))

NAME = re.compile(r"^-- name: (\S*)")
PREPARE_NO = re.compile(r"^--[ \t]*prepare:[ \t]*no[ \t]*$")
COLUMNS = re.compile(r"^--[ \t]*columns:(.*)$")
COMMENT = re.compile(r"^[ \t]*--")
GOOD_NAME = re.compile(r"^SQL_[A-Z0-9_]+$")


class QueryError(Exception):
    """A file of statements the build cannot use; the message names the
    file and line."""


class Statement:
    """One statement: where it is, its name, its SQL (comment and blank
    lines dropped, the final semicolon too), whether it is prepared on
    every connection, and the names of the columns it returns: those of
    its "-- columns:" line, else those parsed from the SQL, else None."""

    def __init__(self, path, line, name):
        self.path = path
        self.line = line
        self.name = name
        self.prepare = True
        self.declared = None
        self.lines = []

    @property
    def sql(self):
        return re.sub(r";[ \t\n]*$", "", "\n".join(self.lines))

    @property
    def parsed(self):
        return columns(self.sql)

    @property
    def columns(self):
        return self.declared if self.declared is not None else self.parsed


def read(paths):
    """The statements of the files paths, in order.  Raises QueryError
    for SQL before any header, a bad or repeated name, a statement
    without SQL, or an empty "-- columns:" line."""
    out, seen = [], set()

    def flush(st):
        if st is None:
            return
        if st.sql == "":
            raise QueryError("%s: %s has no SQL" % (st.path, st.name))
        if st.name in seen:
            raise QueryError("%s: %s named twice" % (st.path, st.name))
        seen.add(st.name)
        out.append(st)

    for path in paths:
        current = None
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for number, line in enumerate(text.splitlines(), 1):
            m = NAME.match(line)
            if m:
                flush(current)
                if not GOOD_NAME.match(m.group(1)):
                    raise QueryError("%s:%d: bad name %s" %
                                     (path, number, m.group(1)))
                current = Statement(path, number, m.group(1))
                continue
            if current is not None and PREPARE_NO.match(line):
                current.prepare = False
                continue
            m = COLUMNS.match(line)
            if current is not None and m:
                names = [c.strip() for c in
                         m.group(1).strip().rstrip(",").split(",")]
                if not all(re.match(r"^[a-z_][a-z0-9_]*$", c)
                           for c in names):
                    raise QueryError("%s:%d: bad columns line" %
                                     (path, number))
                current.declared = (current.declared or []) + names
                continue
            if COMMENT.match(line) or line.strip() == "":
                continue
            if current is None:
                raise QueryError("%s:%d: SQL before any -- name:" %
                                 (path, number))
            current.lines.append(line)
        flush(current)
    return out


def find(statements, name):
    """The statement called name, or None."""
    for st in statements:
        if st.name == name:
            return st
    return None


def named(name):
    """The project's statement called name (from FILES), or None."""
    return find(read(FILES), name)


# -- The names of the columns a statement returns ----------------------
#
# PostgreSQL names an output column by its alias, else by the expression
# (FigureColname in its parser): a column reference by its last field, a
# cast by what it casts, a function call by the function's name, CASE as
# "case".  Only those forms are named here; anything else (an operator,
# a literal, "*", a subquery without alias, the SQL-standard functions
# the parser renames, as trim() to btrim) gives None, and the statement
# must then carry a "-- columns:" line.  tests/api/test_queries.py checks
# both against PostgreSQL's own description of every statement.

TOKEN = re.compile(r"""
    (?P<space>\s+|--[^\n]*|/\*.*?\*/)
  | (?P<dollar>\$(?P<tag>[A-Za-z_]*)\$.*?\$(?P=tag)\$)
  | (?P<param>\$\d+)
  | (?P<string>[EeBbXxNn]?'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<ident>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)
  | (?P<cast>::)
  | (?P<punct>[(),;.\[\]])
  | (?P<op>[-+*/<>=~!@\#%^&|`?:]+)
""", re.S | re.X)

# Statements that return no rows.
UTILITY = {"begin", "commit", "rollback", "set", "reset", "create",
           "alter", "drop", "lock", "notify", "listen", "unlisten",
           "truncate", "grant", "revoke", "savepoint", "release",
           "start", "discard", "comment", "analyze", "vacuum", "refresh"}

# The keywords that end a select list at its own depth.
SELECT_END = {"from", "into", "where", "group", "having", "window",
              "order", "limit", "offset", "union", "intersect", "except",
              "for", "fetch", ";"}

# Function-like syntax the parser names otherwise than as written.
RENAMED = {"trim", "cast", "treat", "collation", "user", "session_user",
           "current_role", "localtime", "localtimestamp", "current_time",
           "current_date", "current_timestamp", "current_catalog",
           "current_schema", "interval", "timestamp", "time", "date",
           "true", "false", "null", "not", "array", "row", "exists"}


def tokens(sql):
    """The tokens of sql as (kind, text) pairs, comments and spaces
    dropped, unquoted identifiers in lower case.  Raises ValueError on a
    character it cannot read."""
    out, pos = [], 0
    while pos < len(sql):
        m = TOKEN.match(sql, pos)
        if m is None:
            raise ValueError("cannot read %r" % sql[pos:pos + 20])
        pos = m.end()
        kind = m.lastgroup if m.lastgroup != "tag" else "dollar"
        if m.group("dollar") is not None:
            kind = "dollar"
        if kind == "space":
            continue
        text = m.group(kind)
        if kind == "ident":
            text = text.lower()
        elif kind == "quoted":
            kind, text = "ident", text[1:-1].replace('""', '"')
            out.append(("qident", text))
            continue
        out.append((kind, text))
    return out


def _close(toks, i):
    """The index just past the bracket that closes the one at i."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j][1] in ("(", "["):
            depth += 1
        elif toks[j][1] in (")", "]"):
            depth -= 1
            if depth == 0:
                return j + 1
    raise ValueError("unbalanced brackets")


def _split(toks, i, ends):
    """The items separated by commas at depth 0 from i up to the first
    keyword of ends at depth 0 (IS DISTINCT FROM is no end)."""
    items, item = [], []
    while i < len(toks):
        kind, text = toks[i]
        if kind in ("ident", "punct") and text in ends and \
                not (text == "from" and item and item[-1][1] == "distinct"):
            break
        if text in ("(", "["):
            j = _close(toks, i)
            item.extend(toks[i:j])
            i = j
            continue
        if text == ",":
            items.append(item)
            item = []
        else:
            item.append(toks[i])
        i += 1
    if item or items:
        items.append(item)
    return items


def _is_ident(tok):
    return tok[0] in ("ident", "qident")


def _item_name(item):
    """The name PostgreSQL gives the select item, or None."""
    if len(item) >= 2 and item[-2] == ("ident", "as") and _is_ident(item[-1]):
        return item[-1][1]
    # A cast names what it casts: drop ::type, ::type[], ::numeric(p,s)
    # and the like, but nothing with an operator in it.
    for n, tok in enumerate(item):
        if tok[0] == "cast":
            rest = item[n:]
            if any(t[0] not in ("cast", "ident", "number") and
                   t[1] not in ("(", ")", "[", "]", ",") for t in rest):
                return None
            item = item[:n]
            break
    if not item:
        return None
    if item[0] == ("ident", "case"):
        depth = 0
        for n, tok in enumerate(item):
            if tok[0] != "ident":
                continue
            if tok[1] == "case":
                depth += 1
            elif tok[1] == "end":
                depth -= 1
                if depth == 0:
                    return "case" if n == len(item) - 1 else None
        return None
    # name, a.name, f(...), s.f(...), f(...) FILTER (...) OVER (...)
    n, last = 0, None
    while True:
        if n >= len(item) or not _is_ident(item[n]):
            return None
        last = item[n]
        n += 1
        if n < len(item) and item[n] == ("punct", "."):
            n += 1
            continue
        break
    if n == len(item):
        return None if last == ("ident", "*") else last[1]
    if item[n] != ("punct", "(") or (last[0] == "ident" and
                                     last[1] in RENAMED):
        return None
    n = _close(item, n)
    while n < len(item):
        if item[n] in (("ident", "filter"), ("ident", "over")) and \
                n + 1 < len(item) and item[n + 1] == ("punct", "("):
            n = _close(item, n + 1)
        elif item[n] == ("ident", "over") and n + 1 < len(item) and \
                _is_ident(item[n + 1]):
            n += 2
        else:
            return None
    return last[1]


def _names(items):
    names = [_item_name(item) for item in items]
    return None if None in names else names


def columns(sql):
    """The names of the columns sql returns, in order ([] for a
    statement that returns no rows), or None when they cannot be told
    from its text."""
    try:
        toks = tokens(sql)
        i = 0
        if toks and toks[0] == ("ident", "with"):
            i = 1
            if toks[i] == ("ident", "recursive"):
                i += 1
            while True:
                i += 1		# the name
                if toks[i] == ("punct", "("):
                    i = _close(toks, i)
                i += 1		# AS
                while toks[i][1] in ("not", "materialized"):
                    i += 1
                i = _close(toks, i)
                if toks[i] != ("punct", ","):
                    break
                i += 1
        while toks[i] == ("punct", "("):
            i += 1
        head = toks[i][1]
        if head == "select":
            i += 1
            if toks[i][1] == "all":
                i += 1
            elif toks[i][1] == "distinct":
                i += 1
                if toks[i][1] == "on":
                    i = _close(toks, i + 1)
            return _names(_split(toks, i, SELECT_END))
        if head in ("insert", "update", "delete", "merge"):
            depth = 0
            for j in range(i, len(toks)):
                if toks[j][1] in ("(", "["):
                    depth += 1
                elif toks[j][1] in (")", "]"):
                    depth -= 1
                elif depth == 0 and toks[j] == ("ident", "returning"):
                    return _names(_split(toks, j + 1, {";"}))
            return []
        if head in UTILITY:
            return []
        return None
    except (IndexError, ValueError):
        return None


if __name__ == "__main__":
    import sys
    for st in read(sys.argv[1:]):
        print(st.name, st.columns)
