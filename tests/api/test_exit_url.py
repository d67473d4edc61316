"""The address of "Exit this page" per cycle: an organizer sets
exit_url (absolute http or https, nothing that could break out of a URL),
GET /api/cycles/current gives it to the public pages, null brings back
the site's home."""

from cycles_util import build_cycle, organizer


def test_exit_url_set_read_and_cleared(new_api, api, db):
    org = organizer(new_api, db)
    cycle = build_cycle(org)
    assert cycle["exit_url"] is None
    assert api.get("/api/cycles/current").json()["exit_url"] is None

    cid = cycle["id"]
    url = "https://www.example.org/weather?city=Lima#today"
    r = org.patch(f"/api/cycles/{cid}", json={"exit_url": "  " + url})
    assert r.status_code == 200, r.text
    assert r.json()["exit_url"] == url
    assert api.get("/api/cycles/current").json()["exit_url"] == url

    r = org.patch(f"/api/cycles/{cid}", json={"exit_url": None})
    assert r.status_code == 200, r.text
    assert r.json()["exit_url"] is None
    assert api.get("/api/cycles/current").json()["exit_url"] is None


def test_exit_url_refused_unless_http(new_api, db):
    org = organizer(new_api, db)
    cid = build_cycle(org)["id"]
    for bad in ["javascript:alert(1)", "data:text/html,hi",
                "//example.org/", "ftp://example.org/", "https://",
                "https://exa mple.org/", "https://example.org/\r\nX: y",
                "https://example.org/\n", "https://user@evil.example/",
                'https://example.org/"><script>', "http:/example.org",
                "https://example.org/" + "a" * 2000, "example.org"]:
        r = org.patch(f"/api/cycles/{cid}", json={"exit_url": bad})
        assert r.status_code == 422, (bad, r.text)
        assert "exit_url" in r.json()["error"]["fields"], bad
    r = org.patch(f"/api/cycles/{cid}", json={"exit_url": 3})
    assert r.status_code == 400
    r = org.get(f"/api/cycles/{cid}")
    assert r.json()["exit_url"] is None

    r = org.post("/api/cycles", json={"name": "Other",
                                      "exit_url": "HTTP://example.org"})
    assert r.status_code == 201, r.text
    assert r.json()["exit_url"] == "HTTP://example.org"


def test_exit_url_checked_by_the_database_too(db):
    """A row written past the program cannot hold a script address."""
    import psycopg2
    db.execute("INSERT INTO cycles (name) VALUES ('x') RETURNING id")
    cid = db.fetchone()[0]
    for bad in ["javascript:alert(1)", "https://a/\nb", "https://a/ b"]:
        try:
            db.execute("UPDATE cycles SET exit_url = %s WHERE id = %s",
                       (bad, cid))
        except psycopg2.errors.CheckViolation:
            pass
        else:
            raise AssertionError("accepted " + repr(bad))
