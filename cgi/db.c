/*
 * db.c: the PostgreSQL connection of one thread, its prepared statements,
 * transactions, reconnection, and the mapping of SQLSTATE to HTTP status.
 *
 * All SQL of the program is in sqls[] below, named by enum sqlstmt (db.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

static const char *const sqls[SQL__MAX] = {
	[SQL_BEGIN] = "BEGIN",
	[SQL_COMMIT] = "COMMIT",
	[SQL_ROLLBACK] = "ROLLBACK",
	[SQL_HEALTH] = "SELECT 1",

	/* The cycle open for nominations, if any. */
	[SQL_CYCLE_CURRENT] =
	    "SELECT id, name, phase, "
	    "to_char(nominations_close_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
	    "FROM cycles WHERE phase = 'nominations_open'",
	[SQL_CATEGORY_LIST] =
	    "SELECT id, name, description, max_awardees "
	    "FROM categories WHERE cycle_id = $1 ORDER BY id",

	/* A live session: not revoked, idle under 2 h, younger than 12 h. */
	[SQL_SESSION_LOAD] =
	    "SELECT s.id, u.id, u.role, u.email, u.name, s.csrf_token, "
	    "s.last_seen_at < now() - interval '1 minute' "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "WHERE s.hash = $1 AND s.revoked_at IS NULL "
	    "AND s.expires_at > now() "
	    "AND s.last_seen_at > now() - interval '2 hours'",
	[SQL_SESSION_TOUCH] =
	    "UPDATE sessions SET last_seen_at = now() WHERE id = $1",

	/* users, sessions, login throttling, audit (session.c, user.c) */

/* A timestamptz column as RFC 3339 UTC text: 2027-03-01T05:00:00Z. */
#define ACCOUNT_TIME(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

	/* A new user; the unique index on lower(email) refuses a twin. */
	[SQL_USER_INSERT] =
	    "INSERT INTO users (email, name, role) VALUES ($1, $2, $3) "
	    "RETURNING id, " ACCOUNT_TIME("created_at"),
	[SQL_USER_LIST] =
	    "SELECT id, email, name, role, password_hash IS NOT NULL, "
	    ACCOUNT_TIME("created_at") " FROM users ORDER BY lower(name), id",
	[SQL_USER_BY_EMAIL] =
	    "SELECT id, role, email, name, password_hash FROM users "
	    "WHERE lower(email) = lower($1)",
	[SQL_USER_SET_PASSWORD] =
	    "UPDATE users SET password_hash = $2, password_changed_at = now() "
	    "WHERE id = $1",
	/* Only if no one changed the password in between. */
	[SQL_USER_REHASH] =
	    "UPDATE users SET password_hash = $2 "
	    "WHERE id = $1 AND password_hash = $3",
	[SQL_TOKEN_INSERT] =
	    "INSERT INTO tokens (hash, purpose, user_id, expires_at) "
	    "VALUES ($1, $2, $3, now() + $4::interval) RETURNING id",
	/* A live login or invitation token, locked until the transaction
	 * ends so that two requests cannot both spend it. */
	[SQL_TOKEN_FIND] =
	    "SELECT t.id, t.purpose, u.id, u.role, u.email, u.name, "
	    "u.password_hash IS NOT NULL "
	    "FROM tokens t JOIN users u ON u.id = t.user_id "
	    "WHERE t.hash = $1 AND t.purpose IN ('login', 'invite') "
	    "AND t.used_at IS NULL AND t.expires_at > now() "
	    "FOR UPDATE OF t",
	[SQL_TOKEN_USE] =
	    "UPDATE tokens SET used_at = now() WHERE id = $1",
	/* A new password spends every link still out for the user. */
	[SQL_TOKEN_USE_ALL] =
	    "UPDATE tokens SET used_at = now() "
	    "WHERE user_id = $1 AND used_at IS NULL",
	/* Login links mailed to a user in the last 15 minutes. */
	[SQL_TOKEN_RECENT] =
	    "SELECT count(*) FROM tokens WHERE user_id = $1 "
	    "AND purpose = 'login' AND created_at > now() - interval '15 minutes'",
	[SQL_SESSION_INSERT] =
	    "INSERT INTO sessions (hash, user_id, csrf_token, address, "
	    "expires_at) VALUES ($1, $2, $3, $4, now() + interval '12 hours') "
	    "RETURNING id",
	[SQL_SESSION_REVOKE] =
	    "UPDATE sessions SET revoked_at = now() "
	    "WHERE id = $1 AND revoked_at IS NULL",
	[SQL_SESSION_REVOKE_USER] =
	    "UPDATE sessions SET revoked_at = now() "
	    "WHERE user_id = $1 AND revoked_at IS NULL",
	/*
	 * Seconds until the account ($1) and the address ($2) both have
	 * fewer than 5 failures in 15 minutes, or NULL when they have now:
	 * the 5th latest failure of each leaves the window 15 minutes after
	 * it happened.
	 */
	/* One login at a time per account, from the count to the failure
	 * recorded, so that tries sent at once get five guesses in all.
	 * Not per address: colleagues behind one NAT sign in side by side
	 * (nginx limit_req bounds how many tries of one address overlap).
	 * A wait over 10 s is a 503. */
	[SQL_LOGIN_LOCK] =
	    "SELECT set_config('lock_timeout', '10s', true), "
	    "pg_advisory_xact_lock(1, hashtext(lower($1)))",
	[SQL_LOGIN_THROTTLED] =
	    "SELECT ceil(extract(epoch FROM greatest("
	    "(SELECT at FROM login_failures WHERE lower(email) = lower($1) "
	    "AND at > now() - interval '15 minutes' "
	    "ORDER BY at DESC OFFSET 4 LIMIT 1), "
	    "(SELECT at FROM login_failures WHERE address = $2 "
	    "AND at > now() - interval '15 minutes' "
	    "ORDER BY at DESC OFFSET 4 LIMIT 1)) "
	    "+ interval '15 minutes' - now()))::integer",
	/* Records a failure and forgets those too old to matter. */
	[SQL_LOGIN_FAILURE_INSERT] =
	    "WITH old AS (DELETE FROM login_failures "
	    "WHERE at < now() - interval '1 day') "
	    "INSERT INTO login_failures (email, address) "
	    "VALUES (lower($1), $2)",
	[SQL_AUDIT_INSERT] =
	    "INSERT INTO audit_log (user_id, action, object_type, object_id, "
	    "address, detail) VALUES (NULLIF($1, '0')::bigint, $2, $3, "
	    "NULLIF($4, '0')::bigint, NULLIF($5, ''), $6::jsonb)",
	/* Newest first; $1 rows from row $2. */
	[SQL_AUDIT_LIST] =
	    "SELECT a.id, " ACCOUNT_TIME("a.at") ", a.user_id, u.name, u.email, "
	    "a.action, a.object_type, a.object_id, a.address, a.detail "
	    "FROM audit_log a LEFT JOIN users u ON u.id = a.user_id "
	    "ORDER BY a.id DESC LIMIT $1 OFFSET $2",
	[SQL_AUDIT_COUNT] =
	    "SELECT count(*) FROM audit_log",

	/* outbox, templates, mailer (outbox.c, template.c, mailer.c) */

	/* The cycle's own template of an event, else the shipped default. */
	[SQL_TEMPLATE_FIND] =
	    "SELECT subject, body FROM templates "
	    "WHERE event = $1 AND (cycle_id = $2 OR cycle_id IS NULL) "
	    "ORDER BY cycle_id NULLS LAST LIMIT 1",
	/* A dedupe key already queued makes this a no-op; the NOTIFY wakes
	 * the mailers when (and only if) the transaction commits. */
	[SQL_OUTBOX_INSERT] =
	    "WITH ins AS (INSERT INTO outbox (event, cycle_id, to_address, "
	    "to_name, subject, body, status, message_id, dedupe_key) "
	    "VALUES ($1, NULLIF($2, '0')::bigint, $3, $4, $5, $6, $7, $8, $9) "
	    "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id) "
	    "SELECT id, pg_notify('awards_outbox', '') FROM ins",
	/*
	 * The mailer's claim of at most $2 due rows for $1 seconds: queued
	 * and due, or left 'sending' by a mailer whose lease ran out.  SKIP
	 * LOCKED lets mailers claim side by side; the lease returned is the
	 * claim's mark, checked before each send and at hand-back.
	 */
	[SQL_OUTBOX_CLAIM] =
	    "WITH claimed AS (UPDATE outbox SET status = 'sending', "
	    "lease_until = now() + $1::integer * interval '1 second' "
	    "WHERE id IN (SELECT id FROM outbox "
	    "WHERE (status = 'queued' AND next_attempt_at <= now()) "
	    "OR (status = 'sending' AND lease_until < now()) "
	    "ORDER BY id FOR UPDATE SKIP LOCKED LIMIT $2::integer) "
	    "RETURNING id, message_id, to_address, to_name, subject, body, "
	    "attempts, lease_until) "
	    /* RETURNING has no order: mails leave in the order queued. */
	    "SELECT * FROM claimed ORDER BY id",
	/* Renews the lease of row $1 if it still carries the claim's $2. */
	[SQL_OUTBOX_RENEW] =
	    "UPDATE outbox SET lease_until = now() + "
	    "$3::integer * interval '1 second' "
	    "WHERE id = $1 AND status = 'sending' "
	    "AND lease_until = $2::timestamptz RETURNING id",
	/* A sent mail's body is erased: it may hold a live link, and
	 * tokens live in the database only as hashes (SPEC §5). */
	[SQL_OUTBOX_SENT] =
	    "UPDATE outbox SET status = 'sent', sent_at = now(), body = '', "
	    "attempts = attempts + 1, lease_until = NULL "
	    "WHERE id = $1 AND status = 'sending'",
	/* A transient failure: try again in $2 milliseconds. */
	[SQL_OUTBOX_RETRY] =
	    "UPDATE outbox SET status = 'queued', attempts = attempts + 1, "
	    "next_attempt_at = now() + $2::bigint * interval '1 millisecond', "
	    "lease_until = NULL, last_error = $3 "
	    "WHERE id = $1 AND status = 'sending'",
	[SQL_OUTBOX_DEAD] =
	    "UPDATE outbox SET status = 'dead', attempts = attempts + 1, "
	    "lease_until = NULL, last_error = $2 "
	    "WHERE id = $1 AND status = 'sending'",
	/* Hands back rows $1 (an array) still held by the claim $2. */
	[SQL_OUTBOX_RELEASE] =
	    "UPDATE outbox SET status = 'queued', lease_until = NULL "
	    "WHERE id = ANY ($1::bigint[]) AND status = 'sending' "
	    "AND lease_until = $2::timestamptz",
	/*
	 * The outbox as organizers see it, newest first: $2 rows from row
	 * $3, of status $1 ('' for all).  The body only of held rows, which
	 * organizers read before releasing them: any other may carry a live
	 * token link.
	 */
	[SQL_OUTBOX_LIST] =
	    "SELECT id, event, cycle_id, to_address, to_name, subject, status, "
	    "attempts, " ACCOUNT_TIME("next_attempt_at") ", last_error, "
	    "message_id, " ACCOUNT_TIME("created_at") ", "
	    ACCOUNT_TIME("sent_at") ", "
	    "CASE WHEN status = 'held' THEN body END "
	    "FROM outbox WHERE $1::text = '' OR status = $1 "
	    "ORDER BY id DESC LIMIT $2 OFFSET $3",
	[SQL_OUTBOX_COUNT] =
	    "SELECT count(*) FROM outbox WHERE $1::text = '' OR status = $1",
	/* Row $1's status, locked until the transaction ends. */
	[SQL_OUTBOX_LOCK] =
	    "SELECT status FROM outbox WHERE id = $1 FOR UPDATE",
	/*
	 * An organizer's retry of a dead row: due now, with its attempts
	 * back to 0 so that it gets the mailer's full 10 tries again (the
	 * last error stays until the next attempt replaces it).  The NOTIFY
	 * wakes the mailers at commit.
	 */
	[SQL_OUTBOX_REQUEUE] =
	    "UPDATE outbox SET status = 'queued', attempts = 0, "
	    "next_attempt_at = now(), lease_until = NULL "
	    "WHERE id = $1 AND status = 'dead' "
	    "RETURNING id, pg_notify('awards_outbox', '')",
	/* Releases the held rows of cycle $1 (0: of every cycle). */
	[SQL_OUTBOX_UNHOLD] =
	    "WITH r AS (UPDATE outbox SET status = 'queued', "
	    "next_attempt_at = now() WHERE status = 'held' "
	    "AND ($1::bigint = 0 OR cycle_id = $1::bigint) RETURNING id) "
	    "SELECT count(*), pg_notify('awards_outbox', '') FROM r",
	/*
	 * Whether cycle $1 exists, with the template of event $2 it uses:
	 * its own (last column true), else the shipped default, else NULLs.
	 */
	[SQL_TEMPLATE_OF_CYCLE] =
	    "SELECT t.subject, t.body, t.cycle_id IS NOT NULL "
	    "FROM cycles c LEFT JOIN LATERAL (SELECT subject, body, cycle_id "
	    "FROM templates WHERE event = $2 "
	    "AND (cycle_id = c.id OR cycle_id IS NULL) "
	    "ORDER BY cycle_id NULLS LAST LIMIT 1) t ON true WHERE c.id = $1",
	/* The cycle's own copy; a missing cycle fails its foreign key. */
	[SQL_TEMPLATE_UPSERT] =
	    "INSERT INTO templates (cycle_id, event, subject, body) "
	    "VALUES ($1, $2, $3, $4) ON CONFLICT (cycle_id, event) "
	    "DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, "
	    "updated_at = now() RETURNING id",

	/* nominations, candidates, tokens (nomination.c) */
	[SQL_NOMINATION_BY_KEY] =
	    "SELECT id, request_hash FROM nominations "
	    "WHERE idempotency_key = $1",
	/* Open?  Cycle name.  Category of this cycle?  Category name. */
	[SQL_NOMINATION_CYCLE] =
	    "SELECT c.phase = 'nominations_open' AND "
	    "now() < coalesce(c.nominations_close_at, 'infinity'), c.name, "
	    "k.id IS NOT NULL, coalesce(k.name, '') "
	    "FROM cycles c LEFT JOIN categories k "
	    "ON k.id = $2 AND k.cycle_id = c.id WHERE c.id = $1",
	/* The candidate (joined or new; a withdrawn one comes back only
	 * when this nomination is confirmed), the nomination and its
	 * confirmation token, in one round trip. */
	[SQL_NOMINATION_INSERT] =
	    "WITH cand AS (INSERT INTO candidates (cycle_id, category_id, "
	    "email_key, nominee_name, nominee_affiliation) "
	    "VALUES ($1, $2, lower(btrim($4)), $3, $5) "
	    "ON CONFLICT (category_id, email_key) WHERE status <> 'merged' "
	    "DO UPDATE SET status = candidates.status RETURNING id), "
	    "nom AS (INSERT INTO nominations (cycle_id, category_id, "
	    "candidate_id, nominee_name, nominee_email, nominee_affiliation, "
	    "nominee_role, nominator_name, nominator_email, "
	    "nominator_affiliation, nominator_relationship, statement, "
	    "consent_contact_nominee, idempotency_key, request_hash) "
	    "SELECT $1, $2, cand.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
	    "$12, $13, $14 FROM cand RETURNING id), "
	    "tok AS (INSERT INTO tokens (hash, purpose, nomination_id, "
	    "expires_at) SELECT $15::bytea, 'confirm', nom.id, "
	    "now() + interval '72 hours' FROM nom) "
	    "SELECT id FROM nom",
	/* Spends a confirmation token; the second column says whether its
	 * cycle still takes confirmations (not once scoring began). */
	[SQL_TOKEN_SPEND_CONFIRM] =
	    "UPDATE tokens t SET used_at = now() "
	    "FROM nominations n JOIN cycles c ON c.id = n.cycle_id "
	    "WHERE t.hash = $1 AND t.purpose = 'confirm' "
	    "AND t.used_at IS NULL AND t.expires_at > now() "
	    "AND n.id = t.nomination_id RETURNING t.nomination_id, "
	    "c.phase IN ('nominations_open', 'nominations_closed')",
	/* Submitted; a candidate withdrawn meanwhile comes back. */
	[SQL_NOMINATION_CONFIRM] =
	    "WITH n AS (UPDATE nominations SET status = 'submitted', "
	    "confirmed_at = now(), updated_at = now() "
	    "WHERE id = $1 AND status = 'pending' "
	    "RETURNING cycle_id, category_id, candidate_id, nominator_name, "
	    "nominator_email, nominee_name), "
	    "c2 AS (UPDATE candidates SET status = 'active' FROM n "
	    "WHERE candidates.id = n.candidate_id "
	    "AND candidates.status = 'withdrawn') "
	    "SELECT n.nominator_name, n.nominator_email, n.nominee_name, "
	    "c.name, k.name, c.id FROM n JOIN cycles c ON c.id = n.cycle_id "
	    "JOIN categories k ON k.id = n.category_id",
	/* The manage link lives until 30 days after the close. */
	[SQL_TOKEN_INSERT_MANAGE] =
	    "INSERT INTO tokens (hash, purpose, nomination_id, expires_at) "
	    "SELECT $1::bytea, 'manage', n.id, greatest(coalesce("
	    "c.nominations_close_at, now()), now()) + interval '30 days' "
	    "FROM nominations n JOIN cycles c ON c.id = n.cycle_id "
	    "WHERE n.id = $2",
	[SQL_TOKEN_FIND_MANAGE] =
	    "SELECT nomination_id FROM tokens WHERE hash = $1 "
	    "AND purpose = 'manage' AND expires_at > now()",
	/* The nomination as its nominator sees it; the last column says
	 * whether it can still change (phase open, before the close). */
	[SQL_NOMINATION_VIEW] =
	    "SELECT n.id, n.status, n.cycle_id, c.name, n.category_id, k.name, "
	    "n.nominee_name, n.nominee_email, n.nominee_affiliation, "
	    "n.nominee_role, coalesce(n.nominator_name, ''), "
	    "coalesce(n.nominator_email, ''), "
	    "coalesce(n.nominator_affiliation, ''), "
	    "coalesce(n.nominator_relationship, ''), "
	    "coalesce(n.statement, ''), n.consent_contact_nominee, "
	    "to_char(n.created_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
	    "c.phase = 'nominations_open' AND "
	    "now() < coalesce(c.nominations_close_at, 'infinity') "
	    "FROM nominations n JOIN cycles c ON c.id = n.cycle_id "
	    "JOIN categories k ON k.id = n.category_id "
	    "WHERE n.id = $1 AND n.erased_at IS NULL",
	[SQL_NOMINATION_EDIT] =
	    "UPDATE nominations SET statement = $2, updated_at = now() "
	    "WHERE id = $1 "
	    "AND status IN ('submitted', 'eligible', 'ineligible')",
	/* Withdraws the nomination, and its candidate when no other live
	 * nomination is left (this statement still sees $1 as live). */
	[SQL_NOMINATION_WITHDRAW] =
	    "WITH w AS (UPDATE nominations SET status = 'withdrawn', "
	    "updated_at = now() WHERE id = $1 "
	    "AND status IN ('submitted', 'eligible', 'ineligible') "
	    "RETURNING candidate_id) "
	    "UPDATE candidates c SET status = 'withdrawn' FROM w "
	    "WHERE c.id = w.candidate_id AND c.status = 'active' "
	    "AND NOT EXISTS (SELECT 1 FROM nominations n "
	    "WHERE n.candidate_id = c.id AND n.id <> $1 "
	    "AND n.status IN ('submitted', 'eligible', 'ineligible'))",
	[SQL_NOMINATION_EXPIRE] =
	    "DELETE FROM nominations WHERE status = 'pending' "
	    "AND created_at < now() - interval '72 hours'",
	[SQL_CANDIDATE_EXPIRE] =
	    "DELETE FROM candidates c WHERE c.status <> 'merged' "
	    "AND NOT EXISTS (SELECT 1 FROM nominations n "
	    "WHERE n.candidate_id = c.id)",

};

/* One connection, owned by one thread. */
struct db {
	PGconn		*conn;
	char		*url;
	int		 prepared;	/* every statement prepared */
	char		 sqlstate[6];	/* of the last failure, or "" */
	int		 down;		/* the last failure lost the server */
};

/*
 * Opens a handle for url; the server may be down, in which case the first
 * db_ready() tries again.  Returns NULL only when out of memory.  The caller
 * frees with db_close().
 */
struct db *
db_open(const char *url)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->url = strdup(url)) == NULL) {
		free(db);
		return NULL;
	}
	return db;
}

/* Closes the connection and frees the handle.  Accepts NULL. */
void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->url);
	free(db);
}

PGconn *
db_conn(struct db *db)
{
	return db->conn;
}

/* Prepares every statement of sqls[] on a fresh connection. */
static int
db_prepare_all(struct db *db)
{
	char		 name[16];
	PGresult	*res;
	int		 i, ok;

	for (i = 0; i < SQL__MAX; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		res = PQprepare(db->conn, name, sqls[i], 0, NULL);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			log_error("db: prepare %d: %s", i,
			    PQresultErrorMessage(res));
		PQclear(res);
		if (!ok)
			return -1;
	}
	db->prepared = 1;
	return 0;
}

/*
 * Makes the connection usable: connects or reconnects when it was lost
 * (statements are prepared again, since a new backend knows none of them),
 * and rolls back a transaction that a failed request left open.
 * Returns 0, or -1 when the database cannot be reached.
 */
int
db_ready(struct db *db)
{
	PGresult	*res;

	db->sqlstate[0] = '\0';
	db->down = 0;
	if (db->conn != NULL && PQstatus(db->conn) != CONNECTION_OK) {
		PQfinish(db->conn);
		db->conn = NULL;
	}
	if (db->conn == NULL) {
		db->prepared = 0;
		db->conn = PQconnectdb(db->url);
		if (PQstatus(db->conn) != CONNECTION_OK) {
			PQfinish(db->conn);
			db->conn = NULL;
			db->down = 1;
			return -1;
		}
		log_info("db: connected");
	}
	if (!db->prepared && db_prepare_all(db) == -1) {
		PQfinish(db->conn);
		db->conn = NULL;
		db->down = 1;
		return -1;
	}
	if (PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
		res = PQexec(db->conn, "ROLLBACK");
		PQclear(res);
	}
	return 0;
}

/*
 * Runs a prepared statement with text parameters.  Returns the result,
 * which the caller clears with PQclear(), or NULL on failure, with the
 * SQLSTATE kept for db_status().
 */
PGresult *
db_exec(struct db *db, enum sqlstmt stmt, int nparams,
    const char *const *params)
{
	char		 name[16];
	PGresult	*res;
	ExecStatusType	 st;
	const char	*state;
	int		 idle;

	db->sqlstate[0] = '\0';
	db->down = 0;
	if (db->conn == NULL) {
		db->down = 1;
		return NULL;
	}
	snprintf(name, sizeof(name), "s%d", (int)stmt);
	idle = PQtransactionStatus(db->conn) == PQTRANS_IDLE;
	res = PQexecPrepared(db->conn, name, nparams, params, NULL, NULL, 0);
	st = PQresultStatus(res);
	/*
	 * A connection that died while idle (the server restarted) is only
	 * found out now: reconnect and try once more, which is safe because
	 * no transaction of ours was open.
	 */
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && idle &&
	    PQstatus(db->conn) != CONNECTION_OK) {
		PQclear(res);
		log_info("db: connection lost, reconnecting");
		if (db_ready(db) == -1)
			return NULL;
		res = PQexecPrepared(db->conn, name, nparams, params, NULL,
		    NULL, 0);
		st = PQresultStatus(res);
	}
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state != NULL)
		snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", state);
	if (PQstatus(db->conn) != CONNECTION_OK || state == NULL ||
	    strncmp(db->sqlstate, "08", 2) == 0 ||
	    strncmp(db->sqlstate, "57P", 3) == 0)
		db->down = 1;
	else if (db_status(db) == 500)
		log_error("db: statement %d: %s", (int)stmt,
		    PQresultErrorMessage(res));
	PQclear(res);
	return NULL;
}

/* Runs a statement whose rows do not matter.  Returns 0 or -1. */
int
db_command(struct db *db, enum sqlstmt stmt, int nparams,
    const char *const *params)
{
	PGresult	*res;

	if ((res = db_exec(db, stmt, nparams, params)) == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_begin(struct db *db)
{
	return db_command(db, SQL_BEGIN, 0, NULL);
}

int
db_commit(struct db *db)
{
	return db_command(db, SQL_COMMIT, 0, NULL);
}

/* Rolls back, keeping the failure that led here for db_status(). */
void
db_rollback(struct db *db)
{
	char		 state[6];
	int		 down;
	PGresult	*res;

	if (db->conn == NULL ||
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return;
	memcpy(state, db->sqlstate, sizeof(state));
	down = db->down;
	res = PQexec(db->conn, "ROLLBACK");
	PQclear(res);
	memcpy(db->sqlstate, state, sizeof(state));
	db->down = down;
}

const char *
db_sqlstate(const struct db *db)
{
	return db->sqlstate;
}

/*
 * The HTTP status that the last failure deserves: 503 when the database is
 * out of reach or asks to retry, 409 for a uniqueness or exclusion clash,
 * 422 for a value the constraints refuse, 404 for a missing referenced row,
 * 500 for anything else (a bug).
 */
int
db_status(const struct db *db)
{
	const char	*s = db->sqlstate;

	if (db->down)
		return 503;
	if (strcmp(s, "23505") == 0 || strcmp(s, "23P01") == 0)
		return 409;
	if (strcmp(s, "23503") == 0)
		return 404;
	if (strcmp(s, "23514") == 0 || strcmp(s, "23502") == 0 ||
	    strncmp(s, "22", 2) == 0)
		return 422;
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 ||
	    strcmp(s, "55P03") == 0)
		return 503;
	return 500;
}

/* Formats an integer as a statement parameter into buf. */
const char *
db_i64(char buf[24], long long v)
{
	snprintf(buf, 24, "%lld", v);
	return buf;
}
