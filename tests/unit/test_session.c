/* Unit tests of session.c: the cookie's name and the stored hash. */
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

static void
test_hash(void **state)
{
	char	 out[67];

	(void)state;
	/* SHA-256("abc"), as bytea input. */
	session_hash("abc", out);
	assert_string_equal(out, "\\xba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_name),
		cmocka_unit_test(test_hash),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
