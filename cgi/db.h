/*
 * db.h: every SQL statement of the program, by name.  The text of each is
 * in sqls[] in db.c; each is prepared once per connection under its name.
 */
#ifndef DB_H
#define DB_H

#include <libpq-fe.h>

enum sqlstmt {
	SQL_BEGIN,
	SQL_COMMIT,
	SQL_ROLLBACK,
	SQL_HEALTH,
	SQL_CYCLE_CURRENT,
	SQL_CATEGORY_LIST,
	SQL_SESSION_LOAD,
	SQL_SESSION_TOUCH,

	/* users, sessions, login throttling, audit (session.c, user.c) */
	SQL_USER_INSERT,
	SQL_USER_LIST,
	SQL_USER_BY_EMAIL,
	SQL_USER_SET_PASSWORD,
	SQL_USER_REHASH,
	SQL_TOKEN_INSERT,
	SQL_TOKEN_FIND,
	SQL_TOKEN_USE,
	SQL_TOKEN_USE_ALL,
	SQL_TOKEN_RECENT,
	SQL_SESSION_INSERT,
	SQL_SESSION_REVOKE,
	SQL_SESSION_REVOKE_USER,
	SQL_LOGIN_LOCK,
	SQL_LOGIN_THROTTLED,
	SQL_LOGIN_FAILURE_INSERT,
	SQL_AUDIT_INSERT,
	SQL_AUDIT_LIST,
	SQL_AUDIT_COUNT,

	/* outbox, templates, mailer (outbox.c, template.c, mailer.c) */
	SQL_TEMPLATE_FIND,
	SQL_OUTBOX_INSERT,
	SQL_OUTBOX_CLAIM,
	SQL_OUTBOX_RENEW,
	SQL_OUTBOX_SENT,
	SQL_OUTBOX_RETRY,
	SQL_OUTBOX_DEAD,
	SQL_OUTBOX_RELEASE,
	SQL_OUTBOX_LIST,
	SQL_OUTBOX_COUNT,
	SQL_OUTBOX_LOCK,
	SQL_OUTBOX_REQUEUE,
	SQL_OUTBOX_UNHOLD,
	SQL_TEMPLATE_OF_CYCLE,
	SQL_TEMPLATE_UPSERT,

	/* nominations, candidates, tokens (nomination.c) */
	SQL_NOMINATION_BY_KEY,
	SQL_NOMINATION_CYCLE,
	SQL_NOMINATION_INSERT,
	SQL_TOKEN_SPEND_CONFIRM,
	SQL_NOMINATION_CONFIRM,
	SQL_TOKEN_INSERT_MANAGE,
	SQL_TOKEN_FIND_MANAGE,
	SQL_NOMINATION_VIEW,
	SQL_NOMINATION_EDIT,
	SQL_NOMINATION_WITHDRAW,
	SQL_NOMINATION_EXPIRE,
	SQL_CANDIDATE_EXPIRE,

	SQL__MAX
};

struct db;

struct db	*db_open(const char *url);
void		 db_close(struct db *);
int		 db_ready(struct db *);
PGresult	*db_exec(struct db *, enum sqlstmt, int nparams,
		    const char *const *params);
int		 db_command(struct db *, enum sqlstmt, int nparams,
		    const char *const *params);
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
const char	*db_sqlstate(const struct db *);
int		 db_status(const struct db *);
const char	*db_i64(char buf[24], long long);
PGconn		*db_conn(struct db *);

/* Shorthand: DB_EXEC(db, SQL_X, p1, p2) with string parameters. */
#define DB_ARGS(...)	((const char *const []){ __VA_ARGS__ })
#define DB_NARGS(...)	((int)(sizeof(DB_ARGS(__VA_ARGS__)) / sizeof(char *)))
#define DB_EXEC(db, stmt, ...) \
	db_exec((db), (stmt), DB_NARGS(__VA_ARGS__), DB_ARGS(__VA_ARGS__))
#define DB_EXEC0(db, stmt)	db_exec((db), (stmt), 0, NULL)

#endif
