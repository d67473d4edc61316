/* Unit tests of password.c and the pure parts of user.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "awards.h"

static void
test_valid(void **state)
{
	const char	*why;
	char		 huge[PASSWORD_MAX + 2];

	(void)state;
	assert_true(password_valid("twelve chars", &why));
	assert_null(why);
	assert_false(password_valid("eleven char", &why));
	assert_string_equal(why, "must be at least 12 characters");
	/* Characters, not bytes: 11 two-byte characters are too few. */
	assert_false(password_valid("ääääääääääää" + 2, &why));
	assert_true(password_valid("ääääääääääää", &why));
	assert_false(password_valid("tab\tin a password", &why));
	assert_false(password_valid("new\nline in a password", &why));
	assert_false(password_valid("\xff\xfe not utf-8 at all", &why));
	memset(huge, 'x', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	assert_false(password_valid(huge, &why));
	huge[PASSWORD_MAX] = '\0';
	assert_true(password_valid(huge, &why));
}

static void
test_hash_verify(void **state)
{
	char	 hash[PASSWORD_HASH_MAX], weak[PASSWORD_HASH_MAX];
	int	 rehash;

	(void)state;
	assert_int_equal(password_hash("correct horse battery", hash), 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_int_equal(password_verify("correct horse battery", hash,
	    &rehash), 1);
	assert_int_equal(rehash, 0);
	assert_int_equal(password_verify("correct horse battery!", hash,
	    &rehash), 0);
	/* No user: never a match, whatever the password. */
	assert_int_equal(password_verify("correct horse battery", NULL,
	    &rehash), 0);
	/* A hash of weaker parameters matches and asks for a rehash. */
	assert_int_equal(crypto_pwhash_str(weak, "correct horse battery",
	    21, 1, 8192 * 1024), 0);
	assert_int_equal(password_verify("correct horse battery", weak,
	    &rehash), 1);
	assert_int_equal(rehash, 1);
	assert_int_equal(password_verify("wrong horse battery", weak,
	    &rehash), 0);
	assert_int_equal(rehash, 0);
}

static void
test_roles(void **state)
{
	(void)state;
	assert_int_equal(user_role_parse("organizer"), ROLE_ORGANIZER);
	assert_int_equal(user_role_parse("committee"), ROLE_MEMBER);
	assert_int_equal(user_role_parse("admin"), ROLE__MAX);
	assert_int_equal(user_role_parse("Organizer"), ROLE__MAX);
	assert_string_equal(user_role_text(ROLE_ORGANIZER), "organizer");
	assert_string_equal(user_role_text(ROLE_MEMBER), "committee");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_roles),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
