"""Helpers of the account tests: users with passwords, signed-in clients,
links read from the outbox."""

import ctypes
import re

_sodium = ctypes.CDLL("libsodium.so.23")
_sodium.sodium_init()
_sodium.crypto_pwhash_str.argtypes = [
    ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulonglong,
    ctypes.c_ulonglong, ctypes.c_size_t]

# crypto_pwhash_OPSLIMIT_INTERACTIVE and MEMLIMIT_INTERACTIVE (argon2id).
OPSLIMIT = 2
MEMLIMIT = 64 * 1024 * 1024

PASSWORD = "correct horse battery staple"


def pwhash(password, opslimit=OPSLIMIT, memlimit=MEMLIMIT):
    """An argon2id hash string as libsodium's crypto_pwhash_str makes it."""
    out = ctypes.create_string_buffer(128)
    p = password.encode()
    assert _sodium.crypto_pwhash_str(out, p, len(p), opslimit,
                                     memlimit) == 0
    return out.value.decode()


def add_user(db, email, name="A Person", role="committee",
             password=PASSWORD, **kw):
    """Inserts a user (with a password unless None); returns its id."""
    db.execute("INSERT INTO users (email, name, role, password_hash) "
               "VALUES (%s, %s, %s, %s) RETURNING id",
               (email, name, role,
                pwhash(password, **kw) if password else None))
    return db.fetchone()[0]


def login(api, email, password=PASSWORD):
    """Signs api in; returns the response body."""
    r = api.post("/api/session", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    api.csrf = r.json()["csrf_token"]
    return r.json()


def signed_in(new_api, db, role, email=None):
    """A new client signed in as a new user of role."""
    email = email or f"{role}-{id(db)}-{_next()}@example.org"
    add_user(db, email, name=f"The {role}", role=role)
    a = new_api()
    login(a, email)
    return a


_counter = [0]


def _next():
    _counter[0] += 1
    return _counter[0]


# How the subject of each account mail begins (the role follows).
SUBJECTS = {
    "user_invited": "Change-Maker Awards: you are invited as ",
    "login_link": "Change-Maker Awards: your sign-in link",
}


def outbox_link(mailbox, to, event, count=1):
    """(url, token) of the count-th mail of event to address, as the SMTP
    server received it (a sent mail's body is not kept in the outbox)."""
    for total in range(1, 20):
        mails = [m for m in mailbox.wait(count=total, to=to)
                 if m["Subject"].startswith(SUBJECTS[event])]
        if len(mails) >= count:
            text = mails[count - 1].get_body(("plain",)).get_content()
            m = re.search(r"(http\S+/login#token=([0-9a-f]{64}))", text)
            assert m, text
            return m.group(1), m.group(2)
    raise AssertionError(f"no {event} mail number {count} to {to}")


def session_cookie(api):
    return api.http.cookies.get("awards_session")
