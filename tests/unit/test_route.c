/* Unit tests of route.c: matching a path against a route pattern. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "awards.h"

static int
match(const char *pattern, const char *path, int64_t ids[2], char *seg)
{
	ids[0] = ids[1] = 0;
	seg[0] = '\0';
	return route_match(pattern, path, ids, seg);
}

static void
test_route_match(void **state)
{
	int64_t	 ids[2];
	char	 seg[ROUTE_SEGMENT_MAX];

	(void)state;
	assert_true(match("/api/health", "/api/health", ids, seg));
	assert_false(match("/api/health", "/api/healthz", ids, seg));
	assert_false(match("/api/health", "/api/health/", ids, seg));
	assert_false(match("/api/health", "/api", ids, seg));
	assert_true(match("/api/cycles/{id}", "/api/cycles/42", ids, seg));
	assert_int_equal(ids[0], 42);
	assert_false(match("/api/cycles/{id}", "/api/cycles/0", ids, seg));
	assert_false(match("/api/cycles/{id}", "/api/cycles/042", ids, seg));
	assert_false(match("/api/cycles/{id}", "/api/cycles/-1", ids, seg));
	assert_false(match("/api/cycles/{id}", "/api/cycles/4x", ids, seg));
	assert_false(match("/api/cycles/{id}", "/api/cycles/", ids, seg));
	assert_false(match("/api/cycles/{id}", "/api/cycles/1234567890123456",
	    ids, seg));
	assert_true(match("/api/cycles/{id}", "/api/cycles/123456789012345",
	    ids, seg));
	assert_true(match("/api/a/{id}/b/{id}", "/api/a/7/b/9", ids, seg));
	assert_int_equal(ids[0], 7);
	assert_int_equal(ids[1], 9);
	assert_true(match("/api/cycles/{id}/templates/{name}",
	    "/api/cycles/3/templates/login_link", ids, seg));
	assert_string_equal(seg, "login_link");
	assert_false(match("/api/cycles/{id}/templates/{name}",
	    "/api/cycles/3/templates/Login", ids, seg));
	assert_false(match("/api/cycles/{id}/templates/{name}",
	    "/api/cycles/3/templates/", ids, seg));
	assert_false(match("/api/x/{name}", "/api/x/"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ids, seg));
	assert_false(match("/api/x/{name}", "/api/x/a%2e", ids, seg));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
