/* Unit tests of token.c: new tokens, hashes, shapes and links. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "awards.h"

static void
test_hash(void **state)
{
	char	 out[TOKEN_HASH_SIZE];

	(void)state;
	/* SHA-256("abc"), as bytea input. */
	token_hash("abc", out);
	assert_string_equal(out, "\\xba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

static void
test_new_and_shape(void **state)
{
	char	 a[TOKEN_SIZE], b[TOKEN_SIZE], ha[TOKEN_HASH_SIZE];
	char	 hb[TOKEN_HASH_SIZE];

	(void)state;
	token_new(a, ha);
	token_new(b, hb);
	assert_true(token_shape(a));
	assert_string_not_equal(a, b);
	token_hash(a, hb);
	assert_string_equal(ha, hb);
	assert_false(token_shape(""));
	assert_false(token_shape("abc"));
	a[10] = 'G';
	assert_false(token_shape(a));
	a[10] = 'A';		/* upper case is not a shape we make */
	assert_false(token_shape(a));
	assert_false(token_shape("0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0"));
}

static void
test_url(void **state)
{
	char	*url;

	(void)state;
	config.base_url = "https://awards.example.org";
	url = token_url("confirm", "abc");
	assert_string_equal(url, "https://awards.example.org/confirm#token=abc");
	free(url);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_new_and_shape),
		cmocka_unit_test(test_url),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
