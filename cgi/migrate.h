/* migrate.h: the migrations and grants embedded from sql/ by
 * scripts/embed-sql. */
#ifndef MIGRATE_H
#define MIGRATE_H

struct migration {
	const char	*name;	/* NNNN_what, from the file name */
	const char	*sql;
};

/* In order, ending with { NULL, NULL }. */
extern const struct migration migrations[];

/* sql/grants.sql: the application role's rights, applied on every run. */
extern const char grants_sql[];

#endif
