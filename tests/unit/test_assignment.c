/* Unit tests of assignment.c: the plan of an automatic assignment run. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "awards.h"

/* max - min of the loads. */
static long long
spread(const struct assign_member *m, size_t nm)
{
	long long	 lo = m[0].load, hi = m[0].load;
	size_t		 i;

	for (i = 1; i < nm; i++) {
		if (m[i].load < lo)
			lo = m[i].load;
		if (m[i].load > hi)
			hi = m[i].load;
	}
	return hi - lo;
}

/* 30 candidates, 7 members, 3 each, three conflicts: balanced, none of
 * the refused pairs, no member twice on a candidate. */
static void
test_plan_balanced_with_conflicts(void **state)
{
	struct assign_member	 m[7];
	struct assign_candidate	 c[30];
	struct assign_pair	 p[3] = { { 4, 1 }, { 8, 2 }, { 11, 3 } };
	int64_t			 oc[90], ou[90];
	size_t			 i, j, n;

	(void)state;
	memset(m, 0, sizeof(m));
	memset(c, 0, sizeof(c));
	for (i = 0; i < 7; i++)
		m[i].id = (int64_t)i + 1;
	for (i = 0, j = 0; i < 30; i++) {
		c[i].id = (int64_t)i + 1;
		c[i].need = 3;
		c[i].taken = j;
		while (j < 3 && p[j].candidate == c[i].id)
			j++;
		c[i].ntaken = j - c[i].taken;
	}
	assert_int_equal(assign_plan(m, 7, c, 30, p, oc, ou, &n), 0);
	assert_int_equal(n, 90);
	assert_true(spread(m, 7) <= 1);
	for (i = 0; i < n; i++) {
		for (j = 0; j < 3; j++)
			assert_false(oc[i] == p[j].candidate &&
			    ou[i] == p[j].user);
		for (j = i + 1; j < n; j++)
			assert_false(oc[i] == oc[j] && ou[i] == ou[j]);
	}
	for (i = 0; i < 30; i++)
		assert_int_equal(c[i].need, 0);
}

/* Uneven loads to start with: the least loaded are filled first. */
static void
test_plan_tops_up_the_least_loaded(void **state)
{
	struct assign_member	 m[3] = { { 1, 5, 0 }, { 2, 0, 0 },
				    { 3, 0, 0 } };
	struct assign_candidate	 c[4];
	int64_t			 oc[4], ou[4];
	size_t			 i, n;

	(void)state;
	memset(c, 0, sizeof(c));
	for (i = 0; i < 4; i++) {
		c[i].id = (int64_t)i + 1;
		c[i].need = 1;
	}
	assert_int_equal(assign_plan(m, 3, c, 4, NULL, oc, ou, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(m[0].added, 0);
	assert_int_equal(m[1].load, 2);
	assert_int_equal(m[2].load, 2);
}

/* More reviewers wanted than members free of conflict: as many as can
 * be, and the rest stays in need. */
static void
test_plan_short_of_members(void **state)
{
	struct assign_member	 m[2] = { { 1, 0, 0 }, { 2, 0, 0 } };
	struct assign_candidate	 c[1] = { { 9, 3, 0, 1 } };
	struct assign_pair	 p[1] = { { 9, 2 } };
	int64_t			 oc[3], ou[3];
	size_t			 n;

	(void)state;
	assert_int_equal(assign_plan(m, 2, c, 1, p, oc, ou, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ou[0], 1);
	assert_int_equal(c[0].need, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_balanced_with_conflicts),
		cmocka_unit_test(test_plan_tops_up_the_least_loaded),
		cmocka_unit_test(test_plan_short_of_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
