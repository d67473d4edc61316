/*
 * purge.c: `awards purge`, data retention (SPEC §3).
 *
 *   awards purge --expired
 *	erases unconfirmed nominations whose link expired, and sweeps
 *	sessions that can no longer be used, links spent or expired more
 *	than a day ago and failed logins older than a day.
 *   awards purge --cycle ID --older-than DAYS
 *	on a cycle announced more than DAYS days ago, erases the nominator
 *	identities, statements, screening reasons, review scores and
 *	comments, discussion threads and conflict reasons of every
 *	candidate not awarded, with
 *	the mails to those nominators; keeps the rows (so the counts) and
 *	everything about the awardees; writes one audit entry and prints
 *	what it erased.  A second run erases nothing more.  It also sweeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards.h"
#include "db.h"

/* Runs stmt with the cycle as its parameter; returns the rows or -1. */
static long long
purge_rows(struct db *db, enum sqlstmt stmt, const char *cycle)
{
	PGresult	*res;
	long long	 n;

	if ((res = DB_EXEC(db, stmt, cycle)) == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	return n;
}

/*
 * See awards.h.  Deletes sessions no longer usable, links spent or
 * expired a day ago and failed logins older than a day, each in its own
 * statement; counts[] gets how many of each.  Returns 0 or -1.
 */
int
purge_sweep(struct db *db, long long counts[3])
{
	static const enum sqlstmt stmts[3] = { SQL_SWEEP_SESSIONS,
	    SQL_SWEEP_TOKENS, SQL_SWEEP_LOGIN_FAILURES };
	PGresult	*res;
	int		 i;

	for (i = 0; i < 3; i++) {
		if ((res = DB_EXEC0(db, stmts[i])) == NULL)
			return -1;
		counts[i] = PQntuples(res);
		PQclear(res);
	}
	return 0;
}

/* The steps of a cycle's purge, in order. */
static const struct {
	enum sqlstmt	 stmt;
	const char	*name;	/* in the audit detail and the API */
	const char	*what;	/* in the printed line */
} purge_steps[] = {
	{ SQL_PURGE_OUTBOX, "mails", "mails to those nominators" },
	{ SQL_PURGE_TOKENS, "links", "nomination links" },
	{ SQL_PURGE_NOMINATIONS, "nominations",
	    "nominations (nominator identity, statement)" },
	{ SQL_PURGE_REFEREE_MAILS, "referee_mails",
	    "mails to their referees" },
	{ SQL_PURGE_REFEREES, "referees", "referees and letters" },
	{ SQL_PURGE_SCORES, "scores", "review scores" },
	{ SQL_PURGE_COMMENTS, "comments", "review comments" },
	{ SQL_PURGE_DISCUSSION, "discussion", "discussion comments" },
	{ SQL_PURGE_CONFLICT_REASONS, "conflict_reasons",
	    "conflict reasons" },
};
#define PURGE_STEPS	(sizeof(purge_steps) / sizeof(purge_steps[0]))

/* What purge_erase() found and did; the caller frees detail. */
struct purge {
	enum purge_outcome {
		PURGE_ERASED,		/* done, or counted when dry */
		PURGE_NO_CYCLE,
		PURGE_NOT_ANNOUNCED,	/* phase says which phase it is in */
		PURGE_TOO_RECENT
	}		 outcome;
	char		 phase[32];	/* the cycle's */
	long long	 n[PURGE_STEPS];	/* rows of each step */
	json_t		*detail;	/* the counts, for the audit entry */
};

/*
 * Erases what the retention rule takes from cycle (a decimal id) when
 * it was announced more than days ago, inside the caller's transaction,
 * and says so in *p (see struct purge).  The caller commits, or rolls
 * back for a dry run: the counts are then exactly what a purge would
 * erase.  Returns 0, or -1 on a database failure.
 */
static int
purge_erase(struct db *db, const char *cycle, long long days,
    struct purge *p)
{
	PGresult	*res;
	char		 age[24];
	size_t		 i;

	memset(p, 0, sizeof(*p));
	if ((res = DB_EXEC(db, SQL_PURGE_CYCLE, cycle, db_i64(age,
	    days))) == NULL)
		return -1;
	if (PQntuples(res) == 0)
		p->outcome = PURGE_NO_CYCLE;
	else {
		snprintf(p->phase, sizeof(p->phase), "%s",
		    db_text(res, 0, "phase"));
		if (!phase_allows(ACTION_PURGE, p->phase))
			p->outcome = PURGE_NOT_ANNOUNCED;
		else if (!db_bool(res, 0, "old_enough"))
			p->outcome = PURGE_TOO_RECENT;
		else
			p->outcome = PURGE_ERASED;
	}
	PQclear(res);
	if (p->outcome != PURGE_ERASED)
		return 0;
	p->detail = json_pack("{s:I}", "older_than_days", (json_int_t)days);
	for (i = 0; i < PURGE_STEPS; i++) {
		if ((p->n[i] = purge_rows(db, purge_steps[i].stmt,
		    cycle)) == -1)
			return -1;
		json_object_set_new(p->detail, purge_steps[i].name,
		    json_integer(p->n[i]));
	}
	return 0;
}

/*
 * Erases what the retention rule takes from cycle cycle_id, in one
 * transaction with its audit entry, and prints it.  Returns the exit
 * status: 0 done (or nothing to do yet), 1 failure or a cycle that is
 * not announced.
 */
static int
purge_cycle(struct db *db, long long cycle_id, long long days)
{
	struct purge	 p = { .detail = NULL };
	char		 cycle[24];
	size_t		 i;
	int		 rc = 1;

	db_i64(cycle, cycle_id);
	if (db_begin(db) == -1 || purge_erase(db, cycle, days, &p) == -1)
		goto fail;
	if (p.outcome == PURGE_NO_CYCLE || p.outcome == PURGE_NOT_ANNOUNCED) {
		fprintf(stderr, "awards purge: cycle %s is not announced%s\n",
		    cycle, p.outcome == PURGE_NO_CYCLE ? " (no such cycle)" :
		    "");
		db_rollback(db);
		goto out;
	}
	if (p.outcome == PURGE_TOO_RECENT) {
		printf("cycle %s was announced less than %lld days ago: "
		    "nothing erased\n", cycle, days);
		db_rollback(db);
		rc = 0;
		goto out;
	}
	if (audit_record(db, 0, NULL, "cycle.purge", "cycle", cycle_id,
	    p.detail) == -1 || db_commit(db) == -1)
		goto fail;
	printf("cycle %s: erased", cycle);
	for (i = 0; i < PURGE_STEPS; i++)
		printf("%s %lld %s", i == 0 ? "" : ",", p.n[i],
		    purge_steps[i].what);
	printf(" (of candidates not awarded)\n");
	rc = 0;
	goto out;
fail:
	db_rollback(db);
	fprintf(stderr, "awards purge: cycle %s: database failure (%s)\n",
	    cycle, db_sqlstate(db));
out:
	json_decref(p.detail);
	return rc;
}

/*
 * The purge of the request's cycle from the organizers' page, at once
 * (older than 0 days); dry counts and rolls back.  Answers 200 {"erased"
 * or "would_erase": {step: count}}, 404, 409 wrong_phase or
 * not_announced_yet, or 503.
 */
static void
purge_request(struct req *req, int dry)
{
	struct purge	 p = { .detail = NULL };
	char		 cycle[24];

	db_i64(cycle, (long long)req->ids[0]);
	if (db_begin(req->db) == -1 ||
	    purge_erase(req->db, cycle, 0, &p) == -1)
		goto out;
	if (p.outcome == PURGE_NO_CYCLE) {
		http_error(req, 404, "not_found", "no such cycle", NULL);
		goto out;
	}
	if (p.outcome == PURGE_NOT_ANNOUNCED) {
		db_rollback(req->db);
		phase_guard(req, ACTION_PURGE, p.phase);
		goto out;
	}
	/* Announced, but with no time of announcement on record. */
	if (p.outcome == PURGE_TOO_RECENT) {
		http_error(req, 409, "not_announced_yet", "the cycle's "
		    "announcement has no time on record", NULL);
		goto out;
	}
	if (dry)
		db_rollback(req->db);
	else if (audit_write(req, "cycle.purge", "cycle", req->ids[0],
	    p.detail) == -1 || db_commit(req->db) == -1)
		goto out;
	json_object_del(p.detail, "older_than_days");
	http_json(req, 200, json_pack("{s:O}", dry ? "would_erase" :
	    "erased", p.detail));
out:
	json_decref(p.detail);
}

/*
 * GET /api/cycles/{id}/purge (organizer): what a purge would erase now,
 * counted by running it and rolling back.  200 {"would_erase": {"mails",
 * "links", "nominations", "referee_mails", "referees", "scores",
 * "comments", "discussion", "conflict_reasons"}}; 404; 409 wrong_phase
 * (not announced) or not_announced_yet (no time of announcement); 503.
 */
void
purge_preview(struct req *req)
{
	purge_request(req, 1);
}

/*
 * POST /api/cycles/{id}/purge (organizer): `awards purge --cycle ID
 * --older-than 0`: erases it, with one audit entry.  The body is not
 * read.  200 {"erased": {counts as the GET}}; 404; 409 wrong_phase;
 * 503.
 */
void
purge_post(struct req *req)
{
	purge_request(req, 0);
}

/* Reads a whole non-negative number; returns 0, or -1 if it is not. */
static int
purge_number(const char *s, long long max, long long *v)
{
	char	*end;

	if (*s < '0' || *s > '9')
		return -1;
	*v = strtoll(s, &end, 10);
	return *end == '\0' && *v <= max ? 0 : -1;
}

/*
 * `awards purge --expired` or `awards purge --cycle ID --older-than
 * DAYS` (see the top of this file).  Returns the exit status: 0, 1 on
 * failure, 2 on bad usage.
 */
int
purge_command(int argc, char *argv[])
{
	struct db	*db = NULL;
	long long	 cycle = 0, days = -1, swept[3];
	int		 i, expired = 0, n, rc = 1;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--expired") == 0)
			expired = 1;
		else if (strcmp(argv[i], "--cycle") == 0 && i + 1 < argc &&
		    purge_number(argv[i + 1], 1000000000000000LL,
		    &cycle) == 0 && cycle > 0)
			i++;
		else if (strcmp(argv[i], "--older-than") == 0 &&
		    i + 1 < argc && purge_number(argv[i + 1], 100000,
		    &days) == 0)
			i++;
		else
			goto usage;
	}
	if (expired == (cycle != 0) || (cycle != 0) != (days >= 0))
		goto usage;
	if ((db = db_open(config.database_url)) == NULL)
		return 1;
	if (db_ready(db) == -1) {
		fprintf(stderr, "awards purge: database unavailable\n");
		goto out;
	}
	if (expired) {
		if ((n = nomination_expire(db)) == -1)
			goto fail;
		printf("erased %d unconfirmed nominations\n", n);
	} else if ((rc = purge_cycle(db, cycle, days)) != 0)
		goto out;
	if (purge_sweep(db, swept) == -1)
		goto fail;
	printf("swept %lld sessions, %lld links, %lld failed logins\n",
	    swept[0], swept[1], swept[2]);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "awards purge: failed\n");
	rc = 1;
out:
	db_close(db);
	return rc;
usage:
	fprintf(stderr, "usage: awards purge --expired\n"
	    "       awards purge --cycle ID --older-than DAYS\n");
	return 2;
}
