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

/*
 * sql/functions/NN_what.sql, in order, ending with { NULL, NULL }: the
 * live definition of each function and view, applied after the
 * migrations whenever its text changes.
 */
extern const struct migration function_files[];

/* sql/grants.sql: the application role's rights, applied on every run. */
extern const char grants_sql[];

#endif
