"""Journeys of issue 14, second part, at phone and desktop width: a
nominator corrects a mistyped address from "Check your email" (the first
address gets one mail whose link then fails; the corrected one confirms,
and the tab lets its draft go); a failed link names the organizers'
contact address; an organizer invites with the keyboard alone and meets
an error that is tied to its field and announced."""

import os
import subprocess

import pytest
from harness import settle
from sessions_util import cookie_for

HERE = os.path.dirname(os.path.abspath(__file__))
SHOTS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "build",
                     "screenshots")

WIDTHS = (360, 1280)
CONTACT = "team@awards.example.org"


@pytest.mark.parametrize("width", WIDTHS)
def test_correct_a_mistyped_address(stack, api, db, mailbox, open_cycle,
                                    browser, width):
    db.execute("UPDATE cycles SET contact_email = %s", (CONTACT,))
    wrong, right = "rosa@exampel.org", "rosa@example.org"
    os.makedirs(SHOTS, exist_ok=True)
    p = subprocess.Popen(
        ["node", os.path.join(HERE, "journeys2.mjs"), stack.base_url,
         "fix", str(width), wrong, right, SHOTS], cwd=HERE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
        assert line.strip() == "FIXED", line + p.stderr.read()
        old = mailbox.link_token(wrong, "confirm")
        new = mailbox.link_token(right, "confirm")
        r = api.post("/api/nominations/confirm", json={"token": old})
        assert r.status_code == 404, r.text
        r = api.post("/api/nominations/confirm", json={"token": new})
        assert r.status_code == 200, r.text
        out, err = p.communicate(timeout=90)
        assert p.returncode == 0, out + err
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    settle(db, mailbox)
    assert len([m for m in mailbox.messages if wrong in m["to"]]) == 1
    db.execute("SELECT status, nominator_email FROM nominations")
    assert db.fetchall() == [("submitted", right)]
    # The failed link of the first address names whom to write to.
    browser("journeys2.mjs", "oldlink", str(width), old, CONTACT)


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_invite_with_a_bad_address(browser, db, mailbox, width):
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('org@example.org', 'Olga Organizer', 'organizer') "
               "RETURNING id")
    org = db.fetchone()[0]
    cookie = cookie_for(db, org)
    browser("journeys2.mjs", "invite", str(width), cookie)
    mailbox.wait(to="mia@example.org")
