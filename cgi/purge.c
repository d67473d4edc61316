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

/*
 * Erases what the retention rule takes from cycle cycle_id, in one
 * transaction with its audit entry, and prints it.  Returns the exit
 * status: 0 done (or nothing to do yet), 1 failure or a cycle that is
 * not announced.
 */
static int
purge_cycle(struct db *db, long long cycle_id, long long days)
{
	static const struct {
		enum sqlstmt	 stmt;
		const char	*name;	/* in the audit detail */
		const char	*what;	/* in the printed line */
	} steps[] = {
		{ SQL_PURGE_OUTBOX, "mails", "mails to those nominators" },
		{ SQL_PURGE_TOKENS, "links", "nomination links" },
		{ SQL_PURGE_NOMINATIONS, "nominations",
		    "nominations (nominator identity, statement)" },
		{ SQL_PURGE_REFEREE_MAILS, "referee_mails",
		    "mails to their referees" },
		{ SQL_PURGE_REFEREES, "referees", "referees and letters" },
		{ SQL_PURGE_SCORES, "scores", "review scores" },
		{ SQL_PURGE_COMMENTS, "comments", "review comments" },
		{ SQL_PURGE_DISCUSSION, "discussion",
		    "discussion comments" },
		{ SQL_PURGE_CONFLICT_REASONS, "conflict_reasons",
		    "conflict reasons" },
	};
	PGresult	*res = NULL;
	json_t		*detail = NULL;
	char		 cycle[24], age[24];
	long long	 n[sizeof(steps) / sizeof(steps[0])];
	size_t		 i;
	int		 rc = 1;

	db_i64(cycle, cycle_id);
	db_i64(age, days);
	if (db_begin(db) == -1 ||
	    (res = DB_EXEC(db, SQL_PURGE_CYCLE, cycle, age)) == NULL)
		goto fail;
	if (PQntuples(res) == 0 ||
	    !phase_allows(ACTION_PURGE, db_text(res, 0, "phase"))) {
		fprintf(stderr, "awards purge: cycle %s is not announced%s\n",
		    cycle, PQntuples(res) == 0 ? " (no such cycle)" : "");
		db_rollback(db);
		goto out;
	}
	if (!db_bool(res, 0, "old_enough")) {
		printf("cycle %s was announced less than %s days ago: "
		    "nothing erased\n", cycle, age);
		db_rollback(db);
		rc = 0;
		goto out;
	}
	detail = json_pack("{s:I}", "older_than_days", (json_int_t)days);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if ((n[i] = purge_rows(db, steps[i].stmt, cycle)) == -1)
			goto fail;
		json_object_set_new(detail, steps[i].name,
		    json_integer(n[i]));
	}
	if (audit_record(db, 0, NULL, "cycle.purge", "cycle", cycle_id,
	    detail) == -1 || db_commit(db) == -1)
		goto fail;
	printf("cycle %s: erased", cycle);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		printf("%s %lld %s", i == 0 ? "" : ",", n[i], steps[i].what);
	printf(" (of candidates not awarded)\n");
	rc = 0;
	goto out;
fail:
	db_rollback(db);
	fprintf(stderr, "awards purge: cycle %s: database failure (%s)\n",
	    cycle, db_sqlstate(db));
out:
	PQclear(res);
	json_decref(detail);
	return rc;
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
