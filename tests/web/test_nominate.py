"""The nomination pages in Chromium: a nominator at 360 px fills the form,
meets an error of the page and one of the server beside the field, sends
it over a connection that drops the answer (one nomination all the same),
confirms from the link in the mail, then reads, edits and withdraws it on
the manage page."""


STATEMENT = ("She set up a peer-support line for survivors on campus, "
             "trained forty volunteers to answer it with care, and rewrote "
             "the reporting policy with them. Zo\u00eb says it changed "
             "lives \U0001f49c")
EDITED = STATEMENT + "\n\nShe also mentored the next team."


def test_nominate_confirm_manage(browser, db, mailbox, open_cycle):
    browser("nominate.mjs", "form")

    db.execute("SELECT status, nominee_email, nominator_email, statement, "
               "consent_contact_nominee, category_id FROM nominations")
    rows = db.fetchall()
    assert len(rows) == 1, "a retry made no second nomination"
    assert rows[0] == ("pending", "ada@example.org", "charles@example.org",
                       STATEMENT, True, open_cycle["categories"][0])

    token = mailbox.link_token("charles@example.org", "confirm")
    browser("nominate.mjs", "confirm", token)
    db.execute("SELECT status FROM nominations")
    assert db.fetchone()[0] == "submitted"
    browser("nominate.mjs", "spent", token)

    manage = mailbox.link_token("charles@example.org", "manage")
    browser("nominate.mjs", "manage", manage)
    db.execute("SELECT status, statement FROM nominations")
    assert db.fetchone() == ("withdrawn", EDITED)


def test_nominate_when_closed(browser, db, open_cycle):
    db.execute("UPDATE cycles SET nominations_close_at = now() - "
               "interval '1 minute'")
    browser("nominate.mjs", "closed")


def test_nominate_without_cycle(browser, stack):
    browser("nominate.mjs", "closed")
