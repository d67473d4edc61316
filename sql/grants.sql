-- What the application role awards_app may do (SPEC §7): table by table
-- and verb by verb, what the statements of sql/queries use, and nothing
-- more.  Not a numbered migration: `awards migrate` runs this file as the
-- owner role after the migrations, on every run, in one transaction (a
-- running serve never sees the moment between the REVOKEs and the
-- GRANTs).  It states the rights whole, so it can be edited like code;
-- migrations stay as they were applied.
--
-- Adding a statement that reads or writes a table in a way not granted
-- below, or a migration that adds a table, a view or a function the
-- statements use: add the grant here.  tests/api/test_grants.py derives
-- the rights from sql/queries and fails on a missing grant and on one no
-- statement uses (docs/security.md).
--
-- PostgreSQL's rules that decide the lists below: an UPDATE or DELETE
-- with a WHERE, an INSERT with RETURNING or ON CONFLICT (columns), needs
-- SELECT on its table too; any row lock (FOR UPDATE, FOR SHARE) needs
-- UPDATE; a view needs only SELECT on itself (what is under it is checked
-- against its owner), but the functions the statements call run with the
-- caller's rights (all are SECURITY INVOKER), so what they read is
-- granted too.  Foreign-key checks and cascades run as the table's owner
-- and need nothing here.

-- Start from nothing.  0008 granted everything on every table, and by
-- default privileges on every table and sequence made later; migrations
-- are immutable, so its defaults are undone here.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM awards_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM awards_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    REVOKE ALL ON TABLES FROM awards_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    REVOKE ALL ON SEQUENCES FROM awards_app;
-- Every role may run every function unless told otherwise: here, only
-- awards_app, and only the functions its statements call.  New functions
-- of the owner start unrunnable too (granted here when a statement
-- calls one).
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC, awards_app;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO awards_app;

-- Accounts are added (awards user add, invitations) and their passwords
-- set; the application never removes one.
GRANT SELECT, INSERT, UPDATE ON users TO awards_app;

-- Cycles are made, edited, moved through their phases and locked while
-- they move (FOR UPDATE / FOR SHARE); never deleted: purge erases what
-- people wrote, not the cycle.
GRANT SELECT, INSERT, UPDATE ON cycles TO awards_app;

-- A draft cycle's rubric: categories and criteria are added, edited and
-- removed (rubric.c), and a category is locked while its awardees are
-- counted (decision.c).
GRANT SELECT, INSERT, UPDATE, DELETE ON categories, criteria TO awards_app;

-- A candidate is made by its first nomination, renamed, merged,
-- withdrawn and revived; the housekeeping deletes one left without
-- nominations (SQL_CANDIDATE_EXPIRE).
GRANT SELECT, INSERT, UPDATE, DELETE ON candidates TO awards_app;

-- Nominations are submitted, confirmed, corrected, edited, screened,
-- withdrawn, moved by a merge and erased by purge; an unconfirmed one is
-- deleted when its link expires (SQL_NOMINATION_EXPIRE).
GRANT SELECT, INSERT, UPDATE, DELETE ON nominations TO awards_app;

-- One-time links: made, spent, and deleted when replaced, expired or
-- purged.
GRANT SELECT, INSERT, UPDATE, DELETE ON tokens TO awards_app;

-- Sessions are opened, touched and revoked; the sweep deletes old ones.
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO awards_app;

-- Failed logins: counted, one taken back after the right password (its
-- row locked FOR UPDATE SKIP LOCKED, hence UPDATE), swept after a day.
GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures TO awards_app;

-- "Mail me a link": recorded, claimed by the mailer (done_at), forgotten
-- after a day.
GRANT SELECT, INSERT, UPDATE, DELETE ON login_link_requests TO awards_app;

-- Assignments: made, attested, moved by a merge, and removed by an
-- organizer or when a conflict appears.
GRANT SELECT, INSERT, UPDATE, DELETE ON assignments TO awards_app;

-- Conflicts are recorded, moved by a merge and their reasons erased by
-- purge; never deleted.
GRANT SELECT, INSERT, UPDATE, DELETE ON conflicts TO awards_app;

-- Reviews are written, reopened, moved or marked merged, and their
-- comments erased by purge; never deleted.
GRANT SELECT, INSERT, UPDATE ON reviews TO awards_app;

-- A review's scores are replaced whole at each save (DELETE, INSERT) and
-- erased by purge; never updated in place.
GRANT SELECT, INSERT, DELETE ON review_scores TO awards_app;

-- One decision per candidate, set and set again (INSERT ... ON CONFLICT DO
-- UPDATE); never deleted.
GRANT SELECT, INSERT, UPDATE ON decisions TO awards_app;

-- A cycle's own copy of a mail template is written over (ON CONFLICT DO
-- UPDATE); never deleted.
GRANT SELECT, INSERT, UPDATE ON templates TO awards_app;

-- The words of a mail outside its template, per language (0060): read.
GRANT SELECT ON mail_phrases TO awards_app;

-- The outbox: mails are queued, claimed, leased, sent, retried, held and
-- released (UPDATE), and deleted when the nomination they confirm
-- expires or is corrected, and by purge.
GRANT SELECT, INSERT, UPDATE, DELETE ON outbox TO awards_app;

-- Each mailer writes over its host's row at every round; health and
-- metrics read them (migration 0040).
GRANT SELECT, INSERT, UPDATE ON mailer_heartbeats TO awards_app;

-- A candidate's discussion thread: written, edited and deleted by its
-- author within 15 minutes, erased by purge.
GRANT SELECT, INSERT, UPDATE, DELETE ON comments TO awards_app;

-- The meeting of a cycle: set (an upsert) by the organizer, followed.
GRANT SELECT, INSERT, UPDATE ON meetings TO awards_app;

-- The history is append-only: written and read, never changed (its
-- trigger refuses UPDATE, DELETE and TRUNCATE to anyone as well).
GRANT SELECT, INSERT ON audit_log TO awards_app;

-- The migrations' record is the owner's to write; serve and the mailer
-- read it at start (SQL_SCHEMA_CHECK) to refuse a database that lacks
-- or changed a migration they carry.
GRANT SELECT ON schema_migrations TO awards_app;

-- "Mail me my links": the request records (INSERT under its cap), the
-- mailer claims and answers (UPDATE), housekeeping and the expiry erase.
GRANT SELECT, INSERT, UPDATE, DELETE ON nomination_link_requests
    TO awards_app;

-- The count of confirmation mails per address: recorded, counted, and
-- erased past the window.
GRANT SELECT, INSERT, DELETE ON confirm_mails TO awards_app;

-- Referees and their letters: named and renamed, asked,
-- reminded, written to, replaced by their nominator (DELETE) and erased
-- by purge.
GRANT SELECT, INSERT, UPDATE, DELETE ON referees TO awards_app;

-- Views the statements read.
GRANT SELECT ON member_candidates, cycle_rubrics, candidate_conflicts,
    live_sessions
    TO awards_app;

-- nextval() for the ids of the tables the statements insert into
-- (decisions and review_scores have no sequence).
GRANT USAGE ON SEQUENCE
    assignments_id_seq, audit_log_id_seq, candidates_id_seq,
    categories_id_seq, conflicts_id_seq, criteria_id_seq, cycles_id_seq,
    login_failures_id_seq, login_link_requests_id_seq, nominations_id_seq,
    outbox_id_seq, reviews_id_seq, sessions_id_seq, templates_id_seq,
    nomination_link_requests_id_seq, referees_id_seq, comments_id_seq,
    tokens_id_seq, users_id_seq
    TO awards_app;

-- The functions the statements call.  Their bodies read candidates,
-- categories, conflicts, criteria, nominations, reviews and review_scores
-- (review_raw_scores, candidate_rankings), candidates, categories and
-- cycles (candidate_json), tokens, referees, candidates and cycles
-- (outbox_link_expires_at) and cycles (contact_address), all granted
-- SELECT above.  Each is defined in sql/functions, applied before this
-- file.
GRANT EXECUTE ON FUNCTION
    rfc3339(timestamptz),
    contact_address(bigint),
    outbox_link_expires_at(text, text, timestamptz),
    review_raw_scores(bigint),
    candidate_rankings(bigint, bigint),
    candidate_json(bigint),
    confirm_window(),
    address_key(text),
    mail_phrase(text, text),
    letters_close_at(timestamptz, timestamptz),
    comment_editable_until(timestamptz),
    meeting_etag(text, bigint, timestamptz, boolean),
    outbox_dedupe_key(text, text),
    outbox_dedupe_id(text)
    TO awards_app;
