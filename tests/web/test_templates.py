"""The organizers' template editor in Chromium: each mail per language,
its placeholders, a preview with sample values, the API's 422 at its
field, a fallback notice for a language with no text of its own, focus
on the result after saving; axe-core at 360 and 1280 px."""

from sessions_util import cookie_for


def test_template_editor(browser, db, api, open_cycle):
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('org@example.org', 'Olga Organizer', 'organizer') "
               "RETURNING id")
    cookie = cookie_for(db, db.fetchone()[0])
    cycle = open_cycle["id"]
    out = browser("templates.mjs", cookie, str(cycle), timeout=240)
    assert out.strip().endswith("OK")
    db.execute("SELECT lang, body FROM templates WHERE cycle_id = %s "
               "AND event = 'letter_received'", (cycle,))
    rows = db.fetchall()
    assert [r[0] for r in rows] == ["es"]
    assert "Llegó la carta" in rows[0][1]


def test_fallback_notice(browser, db, open_cycle):
    """A language with no text of its own says whose text its readers
    get: Spanish without its shipped copy falls back to English."""
    db.execute("INSERT INTO users (email, name, role) VALUES "
               "('org2@example.org', 'Otto Organizer', 'organizer') "
               "RETURNING id")
    cookie = cookie_for(db, db.fetchone()[0])
    shipped = "cycle_id IS NULL AND event = 'letter_received' AND " \
        "lang = 'es'"
    db.execute("SELECT subject, body FROM templates WHERE " + shipped)
    subject, body = db.fetchone()
    db.execute("DELETE FROM templates WHERE " + shipped)
    try:
        out = browser("templates_fallback.mjs", cookie,
                      str(open_cycle["id"]), timeout=120)
        assert out.strip().endswith("OK")
    finally:
        db.execute("INSERT INTO templates (cycle_id, event, lang, "
                   "subject, body) VALUES (NULL, 'letter_received', "
                   "'es', %s, %s)", (subject, body))
