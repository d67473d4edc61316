/* Unit tests of session.c: the name of the cookie. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "awards.h"

static void
test_cookie_name(void **state)
{
	(void)state;
	config.secure_cookies = 0;
	assert_string_equal(session_cookie_name(), "awards_session");
	/* Over https the __Host- prefix binds it to this host and to /. */
	config.secure_cookies = 1;
	assert_string_equal(session_cookie_name(), "__Host-awards_session");
	config.secure_cookies = 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_name),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
