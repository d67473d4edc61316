-- The last round of the mailer on each host, which GET /api/health and
-- GET /api/metrics report: a mailer that stopped draining the outbox (a
-- hung SMTP relay, a dead process) shows as an age that keeps growing.
-- One row per host, written over at most every few seconds (mailer.c).
CREATE TABLE mailer_heartbeats (
	host	text PRIMARY KEY,
	pid	integer NOT NULL,
	at	timestamptz NOT NULL DEFAULT now()
);
