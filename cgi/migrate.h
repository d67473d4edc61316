/* migrate.h: the migrations embedded from sql/ by scripts/embed-sql. */
#ifndef MIGRATE_H
#define MIGRATE_H

struct migration {
	const char	*name;	/* NNNN_what, from the file name */
	const char	*sql;
};

/* In order, ending with { NULL, NULL }. */
extern const struct migration migrations[];

#endif
