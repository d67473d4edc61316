/* Unit tests of valid.c: text, UTF-8 and mail addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "awards.h"

static int
text(const char *s, int multiline)
{
	return valid_utf8_text(s, strlen(s), multiline);
}

static void
test_utf8_text(void **state)
{
	(void)state;
	assert_true(text("Ada Lovelace", 0));
	assert_true(text("Σωκράτης 李小龙 مريم", 0));
	assert_true(text("line one\nline two\tand a tab", 1));
	assert_false(text("line one\nline two", 0));
	assert_false(text("bell \a", 1));
	assert_false(text("carriage\rreturn", 1));
	assert_false(text("del \x7f", 0));
	assert_false(text("\xc3", 0));			/* truncated */
	assert_false(text("\xc0\xaf", 0));		/* overlong '/' */
	assert_false(text("\xed\xa0\x80", 0));		/* surrogate */
	assert_false(text("\xf4\x90\x80\x80", 0));	/* past U+10FFFF */
	assert_false(text("\xc2\x85", 1));		/* NEL, a C1 control */
	assert_false(text("\xe2\x80\xa8", 1));		/* LINE SEPARATOR */
	assert_false(valid_utf8_text("a\0b", 3, 1));
}

static void
test_email(void **state)
{
	(void)state;
	assert_true(valid_email("ada@example.org"));
	assert_true(valid_email("first.last+tag@sub.example.co.uk"));
	assert_false(valid_email("no-at-sign"));
	assert_false(valid_email("@example.org"));
	assert_false(valid_email("ada@"));
	assert_false(valid_email("ada@localhost"));
	assert_false(valid_email("a@b@example.org"));
	assert_false(valid_email("ada @example.org"));
	assert_false(valid_email("ada@example.org\r\nBcc: x@y.org"));
	assert_false(valid_email("<ada@example.org>"));
	assert_false(valid_email("ada..b@example.org"));
	assert_false(valid_email("ada@exa_mple.org"));
	assert_false(valid_email("ada@-example.org"));
	assert_false(valid_email("ada@example.org-"));
}

static void
test_known_fields(void **state)
{
	const char *const names[] = { "a", "b", NULL };
	json_t		*obj, *unknown;

	(void)state;
	obj = json_pack("{s:i, s:i}", "a", 1, "b", 2);
	assert_true(valid_known_fields(obj, names, &unknown));
	assert_null(unknown);
	json_object_set_new(obj, "c", json_true());
	assert_false(valid_known_fields(obj, names, &unknown));
	assert_non_null(json_object_get(unknown, "c"));
	json_decref(unknown);
	json_decref(obj);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_text),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_known_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
