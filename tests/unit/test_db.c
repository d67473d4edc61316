/*
 * Unit tests of db.c's db_json_row() and db_json_rows(): a result made
 * here with libpq's PQsetResultAttrs() and PQsetvalue(), no server.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "awards.h"
#include "db.h"

/* A column of the result made: its name and its type's OID. */
struct column {
	const char	*name;
	Oid		 type;
};

/*
 * A result of one row per entry of rows (n columns each, NULL for SQL
 * NULL), as PostgreSQL would send it in text format.
 */
static PGresult *
result(const struct column *cols, int n, const char *const *rows,
    int nrows)
{
	PGresAttDesc	 desc[16];
	PGresult	*res;
	int		 i, r;

	assert_true(n <= 16);
	res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	assert_non_null(res);
	for (i = 0; i < n; i++) {
		memset(&desc[i], 0, sizeof(desc[i]));
		desc[i].name = (char *)cols[i].name;
		desc[i].typid = cols[i].type;
		desc[i].typlen = -1;
		desc[i].atttypmod = -1;
	}
	assert_true(PQsetResultAttrs(res, n, desc));
	for (r = 0; r < nrows; r++)
		for (i = 0; i < n; i++)
			assert_true(PQsetvalue(res, r, i,
			    (char *)rows[r * n + i], rows[r * n + i] == NULL ?
			    -1 : (int)strlen(rows[r * n + i])));
	return res;
}

/* The compact JSON text of v, which it frees; the caller frees the text. */
static char *
text_of(json_t *v)
{
	char	*s;

	assert_non_null(v);
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(v);
	assert_non_null(s);
	return s;
}

static void
test_types(void **state)
{
	static const struct column cols[] = {
		{ "id", 20 }, { "rank", 23 }, { "small", 21 },
		{ "final", 16 }, { "name", 25 }, { "weight", 701 },
		{ "mean", 1700 }, { "nominee", 114 }, { "scores", 3802 },
		{ "sent_at", 25 }, { "code", 1043 }
	};
	static const char *const rows[] = {
		"42", "-3", "7", "t", "Zoë", "1.5", "2", "{\"name\":\"A\","
		"\"role\":null}", "{\"9\": 4, \"10\": 5}", NULL, "007"
	};
	PGresult	*res;
	char		*s;

	(void)state;
	res = result(cols, 11, rows, 1);
	s = text_of(db_json_row(res, 0));
	/* Keys in the statement's order; numeric and float8 as reals. */
	assert_string_equal(s, "{\"id\":42,\"rank\":-3,\"small\":7,"
	    "\"final\":true,\"name\":\"Zoë\",\"weight\":1.5,\"mean\":2.0,"
	    "\"nominee\":{\"name\":\"A\",\"role\":null},"
	    "\"scores\":{\"9\":4,\"10\":5},\"sent_at\":null,\"code\":\"007\"}");
	free(s);
	PQclear(res);
}

static void
test_false_and_nulls(void **state)
{
	static const struct column cols[] = {
		{ "final", 16 }, { "id", 20 }, { "detail", 3802 },
		{ "weight", 701 }
	};
	static const char *const rows[] = { "f", NULL, NULL, NULL };
	PGresult	*res;
	char		*s;

	(void)state;
	res = result(cols, 4, rows, 1);
	s = text_of(db_json_row(res, 0));
	assert_string_equal(s, "{\"final\":false,\"id\":null,"
	    "\"detail\":null,\"weight\":null}");
	free(s);
	PQclear(res);
}

static void
test_rows(void **state)
{
	static const struct column cols[] = { { "id", 20 }, { "name", 25 } };
	static const char *const rows[] = { "1", "a", "2", "b" };
	PGresult	*res;
	char		*s;

	(void)state;
	res = result(cols, 2, rows, 2);
	s = text_of(db_json_rows(res));
	assert_string_equal(s, "[{\"id\":1,\"name\":\"a\"},"
	    "{\"id\":2,\"name\":\"b\"}]");
	free(s);
	PQclear(res);
	res = result(cols, 2, rows, 0);
	s = text_of(db_json_rows(res));
	assert_string_equal(s, "[]");
	free(s);
	PQclear(res);
}

/* JSON that does not parse is a bug: null, and the request a 500. */
static void
test_bad_json_is_a_misread(void **state)
{
	static const struct column cols[] = { { "scores", 114 } };
	static const char *const rows[] = { "{nope" };
	PGresult	*res;
	char		*s;

	(void)state;
	db_misread_reset();
	res = result(cols, 1, rows, 1);
	s = text_of(db_json_row(res, 0));
	assert_string_equal(s, "{\"scores\":null}");
	assert_true(db_misread());
	db_misread_reset();
	free(s);
	PQclear(res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_false_and_nulls),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_bad_json_is_a_misread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
