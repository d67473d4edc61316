"""A review's saves that meet something in between, in Chromium (issue
22): a second tab's save over a newer version (409 stale, both reviews
shown, the member chooses), and a session that ended mid-review (the
text kept, a sign-in in place, the save with the new CSRF token)."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "api"))
import scoring_util as su  # noqa: E402
from accounts_util import PASSWORD, add_user  # noqa: E402
from conftest import HERE, SHOTS  # noqa: E402
from sessions_util import cookie_for  # noqa: E402


def review_setup(db, email):
    cyc = su.cycle(db)
    c1, c2 = cyc["criteria"]
    uid = add_user(db, email, name="Mia Member")
    cand, _ = su.candidate(db, cyc, cyc["categories"][0])
    su.assign(db, cand, uid, attested=True)
    return uid, cand, c1, c2


def test_stale_save_shows_both_and_lets_the_member_choose(browser, stack,
                                                         db):
    uid, cand, c1, c2 = review_setup(db, "mia@example.org")
    browser("review_saves.mjs", "stale", cookie_for(db, uid), str(cand),
            str(c1), str(c2), timeout=120)
    db.execute("SELECT comment, final, version FROM reviews WHERE "
               "user_id = %s", (uid,))
    assert db.fetchone() == ("From the second tab.", False, 2)


def test_session_ending_mid_review_keeps_the_text(stack, db):
    uid, cand, c1, c2 = review_setup(db, "mia@example.org")
    os.makedirs(SHOTS, exist_ok=True)
    p = subprocess.Popen(
        ["node", os.path.join(HERE, "review_saves.mjs"), stack.base_url,
         "session", cookie_for(db, uid), str(cand), str(c1), str(c2),
         "mia@example.org", PASSWORD, SHOTS], cwd=HERE, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    try:
        assert p.stdout.readline().strip() == "typed", p.stderr.read()
        db.execute("DELETE FROM sessions WHERE user_id = %s", (uid,))
        p.stdin.write("go\n")
        p.stdin.flush()
        out, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 0, out + err
    db.execute("SELECT comment, final FROM reviews WHERE user_id = %s",
               (uid,))
    assert db.fetchone() == ("Typed before the session ended.", False)
    db.execute("SELECT count(*) FROM sessions WHERE user_id = %s", (uid,))
    assert db.fetchone()[0] == 1
