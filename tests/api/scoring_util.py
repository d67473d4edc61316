"""Helpers of the scoring tests: a cycle in phase scoring with categories,
criteria, candidates with eligible nominations, committee members with
sessions and assignments, all made in SQL (the cycle, screening and
assignment endpoints belong to another issue)."""

import secrets

from accounts_util import add_user
from sessions_util import new_session

STATEMENT = ("She organised the bystander training for the whole "
             "department and stood by every person who came forward. ")


def session_for(new_api, db, uid):
    """A client signed in as user uid (session row made in SQL)."""
    api = new_api()
    cookie, csrf = new_session(db, uid)
    api.http.cookies.set("awards_session", cookie)
    api.csrf = csrf
    return api


def member(new_api, db, name=None, role="committee"):
    """(user id, client) of a new signed-in user."""
    n = secrets.token_hex(4)
    uid = add_user(db, f"{role}-{n}@example.org", name=name or f"M {n}",
                   role=role, password=None)
    return uid, session_for(new_api, db, uid)


def cycle(db, phase="scoring", blind=True, criteria=((2, 1, 5), (1, 1, 5)),
          categories=("Students", "Staff")):
    """A cycle in phase with categories and criteria ((weight, min, max)
    each); returns {"id", "categories": [ids], "criteria": [ids]}."""
    db.execute(
        "INSERT INTO cycles (name, phase, blind, nominations_open_at, "
        "nominations_close_at, scoring_close_at) VALUES "
        "('Awards 2027', %s, %s, now() - interval '30 days', "
        "now() - interval '1 day', now() + interval '20 days') "
        "RETURNING id", (phase, blind))
    cid = db.fetchone()[0]
    cats, crits = [], []
    for name in categories:
        db.execute("INSERT INTO categories (cycle_id, name) VALUES (%s, %s) "
                   "RETURNING id", (cid, name))
        cats.append(db.fetchone()[0])
    for i, (w, lo, hi) in enumerate(criteria):
        db.execute("INSERT INTO criteria (cycle_id, name, description, "
                   "weight, min_score, max_score) VALUES (%s, %s, %s, %s, "
                   "%s, %s) RETURNING id",
                   (cid, f"Criterion {i + 1}", f"What {i + 1} means", w, lo,
                    hi))
        crits.append(db.fetchone()[0])
    return {"id": cid, "categories": cats, "criteria": crits}


def candidate(db, cyc, category, name="Ada Nominee", nominators=1,
              status="eligible", nominee_email=None):
    """A candidate with nominations of status, in one statement (the
    mailer's housekeeping erases a candidate left without nominations);
    returns (candidate id, [(nominator name, nominator email)])."""
    email = nominee_email or f"nominee-{secrets.token_hex(4)}@example.org"
    who, texts = [], []
    for i in range(nominators):
        n = secrets.token_hex(4)
        who.append((f"Nominator Zed{n}", f"zed{n}@nominators.example.org"))
        texts.append(su_statement(i))
    db.execute(
        "WITH c AS (INSERT INTO candidates (cycle_id, category_id, "
        "email_key, nominee_name, nominee_affiliation) VALUES (%s, %s, %s, "
        "%s, 'Uni of Somewhere') RETURNING id) "
        "INSERT INTO nominations (cycle_id, category_id, candidate_id, "
        "nominee_name, nominee_email, nominee_role, nominator_name, "
        "nominator_email, nominator_affiliation, nominator_relationship, "
        "statement, status, confirmed_at) "
        "SELECT %s, %s, c.id, %s, %s, 'Lecturer', x.nm, x.ne, "
        "'Nominator Affil', 'colleague', x.st, %s, now() "
        "FROM c, unnest(%s::text[], %s::text[], %s::text[]) AS x(nm, ne, st)"
        " RETURNING candidate_id",
        (cyc["id"], category, email.lower(), name, cyc["id"], category, name,
         email, status, [w[0] for w in who], [w[1] for w in who], texts))
    return db.fetchone()[0], who


def su_statement(i):
    return STATEMENT + f"Statement number {i}."


def assign(db, cand, uid, attested=False):
    db.execute("INSERT INTO assignments (candidate_id, user_id, attested_at)"
               " VALUES (%s, %s, CASE WHEN %s THEN now() END) RETURNING id",
               (cand, uid, attested))
    return db.fetchone()[0]


def conflict(db, cand, uid, source="automatic"):
    db.execute("INSERT INTO conflicts (candidate_id, user_id, source) "
               "VALUES (%s, %s, %s)", (cand, uid, source))


def final_review(db, cand, uid, scores, final=True, comment=""):
    """A review written in SQL: scores {criterion id: n}."""
    db.execute("INSERT INTO reviews (candidate_id, user_id, comment, final) "
               "VALUES (%s, %s, %s, %s) RETURNING id",
               (cand, uid, comment, final))
    rid = db.fetchone()[0]
    for crit, n in scores.items():
        db.execute("INSERT INTO review_scores (review_id, criterion_id, "
                   "score) VALUES (%s, %s, %s)", (rid, crit, n))
    return rid


def set_phase(db, cyc, phase):
    db.execute("UPDATE cycles SET phase = %s WHERE id = %s",
               (phase, cyc["id"]))
