/*
 * db.h: the database layer.  Every SQL statement of the program is named
 * by enum sqlstmt, generated from the files of sql/queries; results are read by
 * column name through the typed readers below.
 */
#ifndef DB_H
#define DB_H

#include <stdint.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "queries.h"	/* enum sqlstmt, generated from sql/queries */

struct db;

PGconn		*db_connect(const char *url, const char *password);
struct db	*db_open(const char *url);
void		 db_close(struct db *);
int		 db_ready(struct db *);
PGresult	*db_exec(struct db *, enum sqlstmt, int nparams,
		    const char *const *params);
int		 db_command(struct db *, enum sqlstmt, int nparams,
		    const char *const *params);

/* One call of db_pipeline(): a statement and its text parameters. */
struct db_call {
	enum sqlstmt		 stmt;
	int			 nparams;
	const char *const	*params;
};
int		 db_pipeline(struct db *, size_t n, const struct db_call *,
		    PGresult **res);

struct req;
PGresult	*db_begin_find(struct req *, enum sqlstmt, const char *what);
/* http.c: a list answered a page at a time, straight from statements. */
void		 http_page_list(struct req *, enum sqlstmt list,
		    enum sqlstmt count, const char *name);
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
const char	*db_sqlstate(const struct db *);
int		 db_status(const struct db *);
const char	*db_i64(char buf[24], long long);
PGconn		*db_conn(struct db *);

/*
 * Columns are read by name; scripts/check-columns fails the build on a
 * name that the statement does not return.  One it could not follow, or
 * a name held in a variable, is found at run time: db_column() answers
 * -1 and logs it, the reader reads NULL, and db_misread() turns the
 * request's answer into a 500.
 */
int		 db_column(const PGresult *, const char *col);
int		 db_misread(void);
void		 db_misread_reset(void);
const char	*db_text(const PGresult *, int row, const char *col);
int		 db_isnull(const PGresult *, int row, const char *col);
long long	 db_int(const PGresult *, int row, const char *col);
int		 db_bool(const PGresult *, int row, const char *col);
double		 db_float(const PGresult *, int row, const char *col);
json_t		*db_json_text(const PGresult *, int row, const char *col);
json_t		*db_json_int(const PGresult *, int row, const char *col);
/* A row, or every row, as JSON keyed by the column names (db.c). */
json_t		*db_json_row(const PGresult *, int row);
json_t		*db_json_rows(const PGresult *);

/* Shorthand: DB_EXEC(db, SQL_X, p1, p2) with string parameters. */
#define DB_ARGS(...)	((const char *const []){ __VA_ARGS__ })
#define DB_NARGS(...)	((int)(sizeof(DB_ARGS(__VA_ARGS__)) / sizeof(char *)))
#define DB_EXEC(db, stmt, ...) \
	db_exec((db), (stmt), DB_NARGS(__VA_ARGS__), DB_ARGS(__VA_ARGS__))
#define DB_EXEC0(db, stmt)	db_exec((db), (stmt), 0, NULL)

/*
 * A column's name in a table of names: col, which scripts/check-columns
 * checks is a column that stmt returns.
 */
#define DB_COLUMN(stmt, col)	(col)

#endif
