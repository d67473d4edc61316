"""Languages (issue 24, SPEC §9): the nominator's language travels with
the nomination and every mail of it; members get their account's; every
shipped template exists in every language, renders with every
placeholder its event provides, and is what the catalogues say; a
missing one falls back to the cycle's default language; organizers edit
each language's copy."""

import json
import os
import re

from accounts_util import signed_in
from announce_util import add_candidate, add_nomination, make_cycle
from test_nominations import nomination

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
LANGS = ("en", "es", "ar")
PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")


def catalogue(lang):
    with open(os.path.join(ROOT, "web", "i18n", lang + ".json"),
              encoding="utf-8") as f:
        return json.load(f)


def event_placeholders():
    """{event: {placeholder names}} as cgi/event.c provides them."""
    with open(os.path.join(ROOT, "cgi", "event.c"), encoding="utf-8") as f:
        text = f.read()
    out = {}
    for m in re.finditer(r'\[EVENT_[A-Z_]+\] = \{ \.name = "([a-z_]+)",'
                         r'\s*\.names = \{([^}]*)\}', text):
        out[m.group(1)] = set(re.findall(r'"([a-z_]+)"', m.group(2)))
    return out


def shipped(db):
    db.execute("SELECT event, lang, subject, body FROM templates "
               "WHERE cycle_id IS NULL")
    return {(e, lang): (s, b) for e, lang, s, b in db.fetchall()}


def test_every_template_in_every_language_renders(db):
    events = event_placeholders()
    assert len(events) >= 13
    rows = shipped(db)
    for event, names in events.items():
        for lang in LANGS:
            assert (event, lang) in rows, (event, lang)
            subject, body = rows[(event, lang)]
            used = set(PLACEHOLDER.findall(subject + body))
            assert used <= names, (event, lang, used - names)
            # The same facts in every language: a translation that drops
            # a placeholder drops what the reader needs (a link).
            en = rows[(event, "en")]
            assert used == set(PLACEHOLDER.findall(en[0] + en[1])), \
                (event, lang)
            values = {n: "<" + n + ">" for n in names}
            text = PLACEHOLDER.sub(lambda m: values[m.group(1)],
                                   subject + "\n" + body)
            assert "{{" not in text and "}}" not in text
            assert "\r" not in subject and "\n" not in subject
            # A link placeholder stands alone on its line (SPEC §5).
            for line in body.split("\n"):
                for m in re.finditer(r"\{\{([a-z_]+_url)\}\}", line):
                    if m.group(1) == "base_url":
                        assert line.startswith("{{base_url}}")
                    else:
                        assert line.strip() == m.group(0), (event, lang)


def test_catalogues_are_what_is_shipped(db):
    """The catalogues hold every mail's default template and phrase: the
    database ships exactly them (scripts/i18n-mail-sql)."""
    rows = shipped(db)
    db.execute("SELECT lang, name, text FROM mail_phrases")
    phrases = {(lang, n): t for lang, n, t in db.fetchall()}
    for lang in LANGS:
        cat = catalogue(lang)
        for (event, tl), (subject, body) in rows.items():
            if tl != lang:
                continue
            assert cat["mail.%s.subject" % event] == subject, (event, lang)
            assert cat["mail.%s.body" % event] == body, (event, lang)
        for key, text in cat.items():
            if key.startswith("mail.phrase."):
                assert phrases[(lang, key[12:])] == text, (key, lang)


def test_spanish_nomination_mails_in_spanish(api, db, mailbox, open_cycle):
    r = api.post("/api/nominations", json=nomination(open_cycle, lang="es"))
    assert r.status_code == 202, r.text
    nid = r.json()["id"]
    db.execute("SELECT lang FROM nominations WHERE id = %s", (nid,))
    assert db.fetchone()[0] == "es"
    msg = mailbox.wait(to="charles@example.org")[0]
    assert msg["Subject"] == \
        "Change-Maker Awards 2027: confirme su nominación"
    text = msg.get_body(("plain",)).get_content()
    assert "confírmela en un plazo de 72 horas" in text
    assert "Escriba a la organización" in text
    token = mailbox.link_token("charles@example.org", "confirm")
    mailbox.clear()
    r = api.post("/api/nominations/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    msg = mailbox.wait(to="charles@example.org")[0]
    assert msg["Subject"] == \
        "Change-Maker Awards 2027: su nominación está enviada"
    assert "puede leerla, editarla o retirarla" in \
        msg.get_body(("plain",)).get_content()
    mailbox.clear()
    # Fresh links, asked for by address: in the nomination's language.
    r = api.post("/api/nominations/links",
                 json={"email": "charles@example.org"})
    assert r.status_code == 202
    msg = mailbox.wait(to="charles@example.org")[0]
    text = msg.get_body(("plain",)).get_content()
    assert msg["Subject"] == \
        "Change-Maker Awards 2027: sus enlaces de nominación"
    assert "Su nominación de Ada Lovelace (Students). Léala" in text
    db.execute("SELECT DISTINCT lang FROM outbox")
    assert db.fetchall() == [("es",)]


def test_arabic_nomination_and_default_english(api, db, mailbox,
                                               open_cycle):
    r = api.post("/api/nominations", json=nomination(open_cycle, lang="ar"))
    assert r.status_code == 202, r.text
    msg = mailbox.wait(to="charles@example.org")[0]
    assert msg["Subject"] == "Change-Maker Awards 2027: يُرجى تأكيد ترشيحك"
    text = msg.get_body(("plain",)).get_content()
    assert "راسل المنظمين" in text
    mailbox.clear()
    body = nomination(open_cycle)
    body["nominator"] = dict(body["nominator"], email="ann@example.org")
    assert api.post("/api/nominations", json=body).status_code == 202
    msg = mailbox.wait(to="ann@example.org")[0]
    assert msg["Subject"] == \
        "Change-Maker Awards 2027: please confirm your nomination"


def test_bad_lang_refused(api, db, open_cycle):
    for bad in ("fr", "EN", "", "es-ES"):
        r = api.post("/api/nominations",
                     json=nomination(open_cycle, lang=bad))
        assert r.status_code == 422, bad
        assert "lang" in r.json()["error"]["fields"]
    r = api.post("/api/nominations", json=nomination(open_cycle, lang=3))
    assert r.status_code == 400
    db.execute("SELECT count(*) FROM nominations")
    assert db.fetchone()[0] == 0


def test_announcement_outcome_in_the_nominators_language(new_api, db):
    org = signed_in(new_api, db, "organizer")
    cy = make_cycle(db, phase="decided")
    ada = add_candidate(db, cy["id"], cy["categories"][0], "Ada Lovelace")
    bob = add_candidate(db, cy["id"], cy["categories"][0], "Bob Builder")
    n1 = add_nomination(db, ada, "Carla", "carla@example.org")
    n2 = add_nomination(db, bob, "Dan", "dan@example.org")
    db.execute("UPDATE nominations SET lang = 'es' WHERE id = %s", (n1,))
    db.execute("UPDATE nominations SET lang = 'ar' WHERE id = %s", (n2,))
    db.execute("INSERT INTO decisions (candidate_id, decision) VALUES "
               "(%s, 'awardee'), (%s, 'not_selected')", (ada, bob))
    r = org.post(f"/api/cycles/{cy['id']}/announce", json={"hold": True})
    assert r.status_code == 200, r.text
    db.execute("SELECT event, to_address, lang, subject, body FROM outbox "
               "WHERE cycle_id = %s ORDER BY id", (cy["id"],))
    mails = {row[1]: row for row in db.fetchall()}
    event, _, lang, subject, body = mails["carla@example.org"]
    assert (event, lang) == ("announcement_nominator", "es")
    assert "- Ada Lovelace (Students): elegida para un premio" in body
    assert subject == "Se anuncian las personas premiadas de los Awards 2027"
    event, _, lang, subject, body = mails["dan@example.org"]
    assert (event, lang) == ("announcement_thanks", "ar")
    assert "- Bob Builder (Students): لم يقع عليه الاختيار هذه المرة" in body
    # The awardee hears in the language of the nomination that named them.
    awardee = [m for m in mails.values() if m[0] == "announcement_awardee"]
    assert awardee[0][2] == "es" and "¡Enhorabuena!" in awardee[0][4]
    # The list has no reader: the cycle's default language.
    assert mails["list@example.org"][2] == "en"


def test_missing_language_falls_back_to_the_cycles_default(api, db,
                                                           mailbox,
                                                           open_cycle):
    db.execute("UPDATE cycles SET default_lang = 'es' WHERE id = %s",
               (open_cycle["id"],))
    db.execute("DELETE FROM templates WHERE lang = 'ar' "
               "AND event = 'nomination_created'")
    r = api.post("/api/nominations", json=nomination(open_cycle, lang="ar"))
    assert r.status_code == 202, r.text
    msg = mailbox.wait(to="charles@example.org")[0]
    assert msg["Subject"] == \
        "Change-Maker Awards 2027: confirme su nominación"
    db.execute("SELECT lang FROM outbox")
    assert db.fetchone()[0] == "es"
    # Neither: English, never a blank.
    db.execute("DELETE FROM templates WHERE lang = 'es' "
               "AND event = 'nomination_created'")
    body = nomination(open_cycle, lang="ar")
    body["nominator"] = dict(body["nominator"], email="ann@example.org")
    assert api.post("/api/nominations", json=body).status_code == 202
    msg = mailbox.wait(to="ann@example.org")[0]
    assert msg["Subject"] == \
        "Change-Maker Awards 2027: please confirm your nomination"


def test_member_mail_in_the_accounts_language(new_api, db, mailbox):
    org = signed_in(new_api, db, "organizer")
    r = org.post("/api/users", json={"email": "eva@example.org",
                                     "name": "Eva", "role": "committee",
                                     "lang": "es"})
    assert r.status_code == 201, r.text
    msg = mailbox.wait(to="eva@example.org")[0]
    assert msg["Subject"] == \
        "Premios Change-Maker: le invitan como miembro del comité"
    assert org.post("/api/users", json={
        "email": "fay@example.org", "name": "Fay", "role": "committee",
        "lang": "xx"}).status_code == 422


def test_templates_per_language(new_api, db, open_cycle):
    org = signed_in(new_api, db, "organizer")
    base = f"/api/cycles/{open_cycle['id']}/templates/nomination_confirmed"
    r = org.get(base)
    assert r.status_code == 200
    assert r.json()["lang"] == "en" and not r.json()["custom"]
    r = org.get(base + "?lang=es")
    assert r.json()["subject"] == "{{cycle_name}}: su nominación está enviada"
    assert r.json()["lang"] == "es" and not r.json()["fallback"]
    body = catalogue("ar")["mail.nomination_confirmed.body"]
    r = org.put(base + "?lang=ar", json={"subject": "{{cycle_name}}: شكرًا",
                                         "body": body})
    assert r.status_code == 200, r.text
    assert r.json()["custom"] and r.json()["lang"] == "ar"
    r = org.put(base, json={"subject": "Hecho", "body": body, "lang": "es"})
    assert r.status_code == 200 and r.json()["lang"] == "es"
    db.execute("SELECT lang, subject FROM templates WHERE cycle_id = %s "
               "ORDER BY lang", (open_cycle["id"],))
    assert db.fetchall() == [("ar", "{{cycle_name}}: شكرًا"),
                             ("es", "Hecho")]
    # English untouched; a language without a template of its own shows
    # what its readers get instead.
    assert not org.get(base).json()["custom"]
    db.execute("DELETE FROM templates WHERE cycle_id IS NULL AND lang = "
               "'es' AND event = 'nomination_created'")
    r = org.get(f"/api/cycles/{open_cycle['id']}/templates/"
                "nomination_created?lang=es")
    assert r.json()["fallback"] and r.json()["fallback_lang"] == "en"
    assert org.get(base + "?lang=fr").status_code == 422
    assert org.put(base + "?lang=fr", json={
        "subject": "x", "body": "y"}).status_code == 422
    assert org.put(base, json={"subject": "x", "body": "{{manage_url}}",
                               "lang": "fr"}).status_code == 422
