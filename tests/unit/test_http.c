/* Unit tests of http.c: reading the query string. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "awards.h"

static int
get(const char *query, const char *name, char *buf, size_t bufsz)
{
	struct req	 req;

	memset(&req, 0, sizeof(req));
	req.query = query;
	return http_query_get(&req, name, buf, bufsz);
}

static void
test_query_get(void **state)
{
	char	 buf[16];

	(void)state;
	assert_int_equal(get("", "status", buf, sizeof(buf)), 0);
	assert_int_equal(get("status=dead", "status", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "dead");
	assert_int_equal(get("page=2&status=held", "status", buf,
	    sizeof(buf)), 1);
	assert_string_equal(buf, "held");
	assert_int_equal(get("xstatus=held", "status", buf, sizeof(buf)), 0);
	assert_int_equal(get("status", "status", buf, sizeof(buf)), 0);
	assert_int_equal(get("q=a+b%21", "q", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "a b!");
	assert_int_equal(get("q=%zz", "q", buf, sizeof(buf)), -1);
	assert_int_equal(get("q=%2", "q", buf, sizeof(buf)), -1);
	assert_int_equal(get("q=%00", "q", buf, sizeof(buf)), -1);
	assert_int_equal(get("q=0123456789abcdefX", "q", buf, sizeof(buf)),
	    -1);
}

static void
test_query_int(void **state)
{
	struct req	 req;
	json_t		*fields;
	long long	 v;

	(void)state;
	memset(&req, 0, sizeof(req));
	fields = json_object();
	req.query = "";
	assert_int_equal(http_query_int(&req, "page", 1, 100, &v, fields), 0);
	assert_int_equal(v, 1);
	req.query = "page=7";
	assert_int_equal(http_query_int(&req, "page", 1, 100, &v, fields), 0);
	assert_int_equal(v, 7);
	req.query = "page=0";
	assert_int_equal(http_query_int(&req, "page", 1, 100, &v, fields),
	    -1);
	req.query = "page=101";
	assert_int_equal(http_query_int(&req, "page", 1, 100, &v, fields),
	    -1);
	req.query = "page=1e3";
	assert_int_equal(http_query_int(&req, "page", 1, 100, &v, fields),
	    -1);
	assert_string_equal(json_string_value(json_object_get(fields,
	    "page")), "must be from 1 to 100");
	json_decref(fields);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_get),
		cmocka_unit_test(test_query_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
