"""GET /api/cycles/{id}/export.csv (issue 11): RFC 4180 that Python's csv
module reads back whole, formula cells neutralised, a BOM, streamed."""

import csv
import io

from accounts_util import signed_in
from announce_util import (STATEMENT, add_candidate, add_nomination,
                           decide, make_cycle)


def read_csv(r):
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"].startswith("attachment;")
    assert r.content.startswith(b"\xef\xbb\xbf")
    text = r.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_export_rows_intact_and_neutralised(new_api, db):
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db)
    cat = cy["categories"][0]
    tricky = {
        "formula": '=HYPERLINK("http://x")',
        "plus": "+1 said so, " + STATEMENT,
        "minus": "-2 reasons, " + STATEMENT,
        "at": "@SUM(A1:A2) " + STATEMENT,
        "tab": "\tindented " + STATEMENT,
        "lines": 'Line one, "quoted"\nline two\r\nline three ' + STATEMENT,
        "unicode": "Zoë Ünïcødé 👩‍🔬 — " + STATEMENT,
    }
    nominations = {}
    for key, statement in tricky.items():
        cand = add_candidate(db, cy["id"], cat, f"Nominee {key}")
        if key == "formula":
            # Shorter than a statement may be: the schema's check lets
            # it in only with erased_at set.
            nid = add_nomination(db, cand, "=cmd|' /C calc'!A0",
                                 f"{key}@example.org")
            db.execute("UPDATE nominations SET statement = %s, "
                       "erased_at = now() WHERE id = %s", (statement, nid))
        else:
            nid = add_nomination(db, cand, f"Nominator {key}",
                                 f"{key}@example.org", statement=statement)
        nominations[nid] = (cand, statement)
    assert decide(org, cand, "awardee").status_code == 200
    # A pending nomination is not exported.
    pending = add_candidate(db, cy["id"], cat, "Pending Person")
    add_nomination(db, pending, "P", "p@example.org", status="pending")

    rows = read_csv(org.get(f"/api/cycles/{cy['id']}/export.csv"))
    assert len(rows) == len(tricky)
    assert list(rows[0])[:6] == ["candidate_id", "category_name",
                                 "candidate_name", "candidate_status",
                                 "decision", "nomination_id"]
    for row in rows:
        cand, statement = nominations[int(row["nomination_id"])]
        assert int(row["candidate_id"]) == cand
        assert row["category_name"] == "Students"
        if statement[0] in "=+-@\t\r":
            assert row["statement"] == "'" + statement
        else:
            assert row["statement"] == statement
    by_key = {r["nominator_email"].split("@")[0]: r for r in rows}
    assert by_key["formula"]["statement"] == "'=HYPERLINK(\"http://x\")"
    assert by_key["formula"]["nominator_name"] == "'=cmd|' /C calc'!A0"
    assert by_key["unicode"]["decision"] == "awardee"
    assert by_key["plus"]["decision"] == ""
    db.execute("SELECT user_id IS NOT NULL, detail FROM audit_log "
               "WHERE action = 'cycle.export' AND object_id = %s",
               (cy["id"],))
    assert db.fetchall() == [(True, {"format": "csv"})]


def test_export_many_rows(new_api, db):
    """Rows stream one by one: 5,000 come back whole and in order."""
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db)
    cat = cy["categories"][0]
    cand = add_candidate(db, cy["id"], cat, "Popular Person")
    db.execute(
        "INSERT INTO nominations (cycle_id, category_id, candidate_id, "
        "nominee_name, nominee_email, nominator_name, nominator_email, "
        "statement, status, confirmed_at) SELECT %s, %s, %s, 'Popular', "
        "'p@example.org', 'Nominator ' || g, 'n' || g || '@example.org', "
        "%s || ', number ' || g, 'eligible', now() "
        "FROM generate_series(1, 5000) g", (cy["id"], cat, cand, STATEMENT))
    rows = read_csv(org.get(f"/api/cycles/{cy['id']}/export.csv"))
    assert len(rows) == 5000
    assert [r["nominator_name"] for r in rows[:2]] == ["Nominator 1",
                                                        "Nominator 2"]
    assert rows[-1]["statement"].endswith(", number 5000")


def test_export_unknown_cycle_and_roles(new_api, db, api):
    org = signed_in(new_api, db, "organizer")
    assert org.get("/api/cycles/999999/export.csv").status_code == 404
    cy = make_cycle(db)
    assert api.get(f"/api/cycles/{cy['id']}/export.csv").status_code == 401
    member = signed_in(new_api, db, "committee")
    assert member.get(
        f"/api/cycles/{cy['id']}/export.csv").status_code == 403
    rows = read_csv(org.get(f"/api/cycles/{cy['id']}/export.csv"))
    assert rows == []
