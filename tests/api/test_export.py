"""The organizers' exports: GET /api/cycles/{id}/export.csv (a row per
candidate) and GET /api/cycles/{id}/nominations.csv (a row per
nomination).  RFC 4180 that Python's csv module reads back whole, words
as the pages show them, formula cells neutralised, a BOM, CRLF,
streamed."""

import csv
import io
import shutil
import subprocess

import pytest

import scoring_util as su
from accounts_util import signed_in
from announce_util import (STATEMENT, add_candidate, add_nomination,
                           decide, make_cycle)


def read_csv(r, kind):
    """The rows of an export answer, as dicts by header."""
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"].startswith("attachment;")
    assert f"-{kind}.csv" in r.headers["Content-Disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")
    # Every line ends in CRLF; a bare LF is only ever inside a quoted cell.
    assert r.content.endswith(b"\r\n")
    text = r.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_nominations_intact_and_neutralised(new_api, db):
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
    assert decide(org, cand, "honorable_mention").status_code == 200
    # A pending nomination is not exported.
    pending = add_candidate(db, cy["id"], cat, "Pending Person")
    add_nomination(db, pending, "P", "p@example.org", status="pending")

    rows = read_csv(org.get(f"/api/cycles/{cy['id']}/nominations.csv"),
                    "nominations")
    assert len(rows) == len(tricky)
    assert list(rows[0])[:5] == ["Nomination ID", "Candidate ID",
                                 "Category", "Candidate",
                                 "Nomination status"]
    for row in rows:
        cand, statement = nominations[int(row["Nomination ID"])]
        assert int(row["Candidate ID"]) == cand
        assert row["Category"] == "Students"
        assert row["Nomination status"] == "Eligible"
        assert row["May contact the nominee"] in ("Yes", "No")
        if statement[0] in "=+-@\t\r":
            assert row["Statement"] == "'" + statement
        else:
            assert row["Statement"] == statement
    by_key = {r["Nominator email"].split("@")[0]: r for r in rows}
    assert by_key["formula"]["Statement"] == "'=HYPERLINK(\"http://x\")"
    assert by_key["formula"]["Nominator name"] == "'=cmd|' /C calc'!A0"

    cands = read_csv(org.get(f"/api/cycles/{cy['id']}/export.csv"),
                     "candidates")
    assert len(cands) == len(tricky)
    by_name = {r["Candidate"]: r for r in cands}
    assert by_name["Nominee unicode"]["Decision"] == "Honourable mention"
    assert by_name["Nominee plus"]["Decision"] == "No decision yet"
    assert by_name["Nominee plus"]["Candidate status"] == "Active"
    assert by_name["Nominee plus"]["Nominations"] == "1"
    assert "Pending Person" not in by_name
    db.execute("SELECT user_id IS NOT NULL, detail FROM audit_log "
               "WHERE action = 'cycle.export' AND object_id = %s "
               "ORDER BY id", (cy["id"],))
    assert db.fetchall() == [(True, {"format": "csv", "rows": "nominations"}),
                             (True, {"format": "csv", "rows": "candidates"})]


def test_candidates_one_row_each_with_reviewers(new_api, db):
    """One row per candidate with its ranking columns, a column per
    reviewer (a name two members share told apart by the address), a
    reviewer's name neutralised like any cell, letters counted."""
    cyc = su.cycle(db, phase="deliberation", categories=("One",),
                   criteria=((1, 0, 10),))
    crit = cyc["criteria"][0]
    a, _ = su.member(new_api, db, name="Same Name")
    b, _ = su.member(new_api, db, name="Same Name")
    c, _ = su.member(new_api, db, name="=Formula Person")
    _, org = su.member(new_api, db, role="organizer")
    ada, _ = su.candidate(db, cyc, cyc["categories"][0], name="Ada",
                          nominators=2)
    bob, _ = su.candidate(db, cyc, cyc["categories"][0], name="Bob")
    out, _ = su.candidate(db, cyc, cyc["categories"][0], name="Out",
                          status="ineligible")
    su.final_review(db, ada, a, {crit: 8})
    su.final_review(db, ada, b, {crit: 6})
    su.final_review(db, bob, c, {crit: 2})
    # A draft is no score yet.
    su.final_review(db, bob, a, {crit: 9}, final=False)
    db.execute("INSERT INTO referees (nomination_id, name, email, "
               "token_hash, letter) SELECT id, 'Ref', 'ref@example.org', "
               "'\\x01'::bytea, %s FROM nominations WHERE candidate_id = %s "
               "LIMIT 1", (STATEMENT, ada))
    rows = read_csv(org.get(f"/api/cycles/{cyc['id']}/export.csv"),
                    "candidates")
    assert [r["Candidate"] for r in rows] == ["Ada", "Bob", "Out"]
    header = list(rows[0])
    db.execute("SELECT id, email FROM users WHERE id IN (%s, %s)", (a, b))
    emails = dict(db.fetchall())
    assert f"Raw score by Same Name <{emails[a]}>" in header
    assert f"Raw score by Same Name <{emails[b]}>" in header
    # The header cell begins with words, so it needs no quote; the
    # reviewer's name inside it is plain text.
    assert "Raw score by =Formula Person" in header
    ada_row, bob_row, out_row = rows
    assert ada_row[f"Raw score by Same Name <{emails[a]}>"] == "80.0"
    assert ada_row[f"Raw score by Same Name <{emails[b]}>"] == "60.0"
    assert ada_row["Raw score by =Formula Person"] == ""
    assert ada_row["Raw"] == "70.0" and ada_row["Reviews"] == "2"
    assert ada_row["Nominations"] == "2" and ada_row["Letters"] == "1"
    assert bob_row[f"Raw score by Same Name <{emails[a]}>"] == ""
    assert bob_row["Raw score by =Formula Person"] == "20.0"
    assert bob_row["Place"] == "2" and ada_row["Place"] == "1"
    assert out_row["Place"] == "" and out_row["Reviews"] == ""
    assert ada_row["Disputed"] == "No"
    assert ada_row["Recognition"] == "Public"


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
    rows = read_csv(org.get(f"/api/cycles/{cy['id']}/nominations.csv"),
                    "nominations")
    assert len(rows) == 5000
    assert [r["Nominator name"] for r in rows[:2]] == ["Nominator 1",
                                                        "Nominator 2"]
    assert rows[-1]["Statement"].endswith(", number 5000")
    cands = read_csv(org.get(f"/api/cycles/{cy['id']}/export.csv"),
                     "candidates")
    assert [r["Nominations"] for r in cands] == ["5000"]


def test_blind_cycle_export_names_nominators(new_api, db):
    """A blind cycle hides nominators from the committee, not from the
    organizers: their export carries them, as it always did."""
    cyc = su.cycle(db, phase="scoring", blind=True)
    _, org = su.member(new_api, db, role="organizer")
    _, who = su.candidate(db, cyc, cyc["categories"][0])
    rows = read_csv(org.get(f"/api/cycles/{cyc['id']}/nominations.csv"),
                    "nominations")
    assert [(r["Nominator name"], r["Nominator email"]) for r in rows] == who


def test_export_unknown_cycle_and_roles(new_api, db, api):
    org = signed_in(new_api, db, "organizer")
    member = signed_in(new_api, db, "committee")
    cy = make_cycle(db)
    for kind, path in (("candidates", "export.csv"),
                       ("nominations", "nominations.csv")):
        assert org.get(f"/api/cycles/999999/{path}").status_code == 404
        assert api.get(f"/api/cycles/{cy['id']}/{path}").status_code == 401
        assert member.get(
            f"/api/cycles/{cy['id']}/{path}").status_code == 403
        assert read_csv(org.get(f"/api/cycles/{cy['id']}/{path}"),
                        kind) == []


def test_libreoffice_reads_both(new_api, db, tmp_path):
    """A spreadsheet opens both exports: LibreOffice converts each,
    headless, and its own CSV of the sheet has the same cells (make deps
    installs it)."""
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db)
    cand = add_candidate(db, cy["id"], cy["categories"][0], "Zoë Ünïcødé")
    add_nomination(db, cand, "=Formula", "f@example.org",
                   statement='Line "one"\nline two, ' + STATEMENT)
    office = shutil.which("libreoffice") or shutil.which("soffice")
    for kind, path in (("candidates", "export.csv"),
                       ("nominations", "nominations.csv")):
        r = org.get(f"/api/cycles/{cy['id']}/{path}")
        want = read_csv(r, kind)
        src = tmp_path / f"{kind}.csv"
        src.write_bytes(r.content)
        out = tmp_path / "out"
        subprocess.run(
            [office, "--headless", f"-env:UserInstallation=file://"
             f"{tmp_path}/profile", "--infilter=CSV:44,34,76,1",
             "--convert-to", "ods", "--outdir", str(out), str(src)],
            check=True, timeout=120, capture_output=True)
        subprocess.run(
            [office, "--headless", f"-env:UserInstallation=file://"
             f"{tmp_path}/profile", "--convert-to", "csv:Text - txt - csv "
             "(StarCalc):44,34,76,1,,0,true,true", "--outdir",
             str(out / "back"), str(out / f"{kind}.ods")],
            check=True, timeout=120, capture_output=True)
        back = (out / "back" / f"{kind}.csv").read_text("utf-8-sig")
        got = list(csv.DictReader(io.StringIO(back, newline="")))
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert g["Candidate"] == w["Candidate"]
            if kind == "nominations":
                assert g["Nominator name"] == "'=Formula"
                assert g["Statement"].replace("\r\n", "\n") == \
                    w["Statement"].replace("\r\n", "\n")
