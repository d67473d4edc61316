"""The nominator's pages in three languages, and referees from the page:
a nomination sent from /nominate in Spanish gets its mails in Spanish
(its confirmation, its referees' requests); /nominate reads right to
left in Arabic; the switch is kept from page to page; the manage page
shows each referee's letter "asked", then "received" once written, and
lets the nominator replace one."""

import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHOTS = os.path.join(ROOT, "build", "screenshots")
LETTER = ("Ada has been the steadiest support our students have had; "
          "she listens, and she acts.")


def catalogue(lang):
    with open(os.path.join(ROOT, "web", "i18n", lang + ".json"),
              encoding="utf-8") as f:
        return json.load(f)


def test_spanish_nomination_with_referees(stack, api, db, mailbox,
                                          open_cycle, browser):
    db.execute("UPDATE cycles SET letters_max = 2")
    os.makedirs(SHOTS, exist_ok=True)
    p = subprocess.run(["node", os.path.join(HERE, "lang2.mjs"),
                        stack.base_url, "form-es", SHOTS], cwd=HERE,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "SENT" in p.stdout, p.stdout + p.stderr

    db.execute("SELECT lang, nominee_email FROM nominations")
    assert db.fetchall() == [("es", "ada@example.org")]
    db.execute("SELECT name, email, relationship FROM referees "
               "ORDER BY id")
    assert db.fetchall() == [("Rita Referee", "rita@example.org", "Colega"),
                             ("Sam Second", "sam@example.org", "")]

    # The confirmation mail speaks Spanish.
    es = catalogue("es")
    mail = mailbox.wait(to="carlos@example.org")[0]
    want = es["mail.nomination_created.subject"].replace(
        "{{cycle_name}}", "Change-Maker Awards 2027")
    assert str(mail["Subject"]) == want
    assert es["mail.nomination_created.body"].split("\n")[0] in \
        mail.get_body(("plain",)).get_content()

    token = mailbox.link_token("carlos@example.org", "confirm")
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    manage = mailbox.link_token("carlos@example.org", "manage")
    # The referees are asked in the nomination's language.
    request = mailbox.wait(to="rita@example.org")[0]
    assert str(request["Subject"]) == \
        es["mail.letter_requested.subject"].replace(
            "{{cycle_name}}", "Change-Maker Awards 2027")

    browser("lang2.mjs", "manage", manage, "asked", timeout=120)
    db.execute("SELECT email FROM referees ORDER BY id")
    assert [r[0] for r in db.fetchall()] == ["rita@example.org",
                                             "tess@example.org"]

    for who in ("rita@example.org", "tess@example.org"):
        letter = mailbox.link_token(who, "letter")
        r = api.post("/api/letters", json={"token": letter,
                                           "letter": LETTER})
        assert r.status_code == 200, r.text
    browser("lang2.mjs", "manage", manage, "received", timeout=120)


def test_arabic_and_the_switch(stack, open_cycle, browser):
    browser("lang2.mjs", "form-ar", timeout=120)
    browser("lang2.mjs", "switch", timeout=120)
