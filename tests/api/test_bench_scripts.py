"""The pgbench scripts `make bench` sets beside the application are the
application's statements with a value for each parameter: run once here
against the test database, so that a statement gaining a parameter fails
`make check` rather than a later `make bench` (the submission took 21
parameters in the bench after it had grown to 23)."""

import importlib.machinery
import importlib.util
import os
import secrets

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def load_bench():
    loader = importlib.machinery.SourceFileLoader(
        "bench", os.path.join(ROOT, "scripts", "bench"))
    spec = importlib.util.spec_from_loader("bench", loader)
    bench = importlib.util.module_from_spec(spec)
    loader.exec_module(bench)
    return bench


def test_submission_script_submits(stack, open_cycle, db, tmp_path):
    bench = load_bench()
    script = bench.submit_pgbench(str(tmp_path))
    result = bench.pgbench(stack, script, {
        "cycle": open_cycle["id"], "category": open_cycle["categories"][0],
        "run": secrets.randbits(62), "n": 0}, transactions=3)
    assert result["count"] == 3
    db.execute("SELECT count(*), count(DISTINCT nominee_email) FROM "
               "nominations WHERE nominator_email LIKE 'pg-nominator-%%'")
    assert db.fetchone() == (3, 3)


def test_member_reads_scripts_run(stack, tmp_path):
    bench = load_bench()
    cookie, hexhash, user, cycle, cand = bench.member_fixture(stack)
    reads = bench.member_reads(str(tmp_path), hexhash, user, cand)
    assert [what for what, _, _ in reads] == [
        "GET /api/me/assignments", "GET /api/candidates/{id}"]
    for what, path, script in reads:
        assert bench.pgbench(stack, *script, transactions=2)["count"] == 2


def test_a_missing_parameter_names_the_statement(tmp_path):
    bench = load_bench()
    try:
        bench.pgbench_of(str(tmp_path), "x", [("SQL_ME_ASSIGNMENTS", {})])
    except SystemExit as e:
        assert "SQL_ME_ASSIGNMENTS takes parameters [1]" in str(e)
    else:
        raise AssertionError("a statement without its parameter was written")
