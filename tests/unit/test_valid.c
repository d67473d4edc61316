/* Unit tests of valid.c: text, UTF-8, mail addresses, body tables. */
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

static const char *const colours[] = { "red", "green", NULL };

static const struct valid_field inner_fields[] = {
	{ .name = "email", .type = VALID_EMAIL, .required = 1,
	    .min = 3, .max = 254 },
	{ .name = NULL }
};

static const struct valid_field outer_fields[] = {
	{ .name = "name", .type = VALID_TEXT, .required = 1,
	    .min = 1, .max = 5 },
	{ .name = "note", .type = VALID_LONGTEXT, .max = 20 },
	{ .name = "id", .type = VALID_ID },
	{ .name = "k", .type = VALID_INT, .lo = 1, .hi = 50 },
	{ .name = "w", .type = VALID_NUMBER },
	{ .name = "at", .type = VALID_TIME },
	{ .name = "colour", .type = VALID_ENUM, .choices = colours },
	{ .name = "flag", .type = VALID_BOOL },
	{ .name = "secret", .type = VALID_SECRET, .max = 8 },
	{ .name = "inner", .type = VALID_OBJECT, .sub = inner_fields },
	{ .name = NULL }
};

/*
 * One case: a body (JSON text), whether it is malformed (400) and, when
 * not valid, the field and the message expected for it ("" when valid).
 */
static const struct {
	const char	*json;
	int		 malformed;
	const char	*field, *why;
} valid_cases[] = {
	{ "{\"name\":\"Ada\"}", 0, "", "" },
	{ "{\"name\":\"  Ada  \"}", 0, "", "" },
	{ "{}", 0, "name", "is required" },
	{ "{\"name\":\"   \"}", 0, "name", "is required" },
	{ "{\"name\":\"Adaline\"}", 0, "name",
	    "must be 1 to 5 characters (it has 7)" },
	{ "{\"name\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}", 0, "", "" },
	{ "{\"name\":1}", 1, "name", "must be a string" },
	{ "{\"name\":\"a\",\"x\":1}", 1, "x", "unknown field" },
	{ "{\"name\":\"a\\nb\"}", 0, "name",
	    "contains a line break or a control character" },
	{ "{\"name\":\"a\",\"note\":\"a\\nb\\tc\"}", 0, "", "" },
	{ "{\"name\":\"a\",\"id\":0}", 0, "id", "must be a positive integer" },
	{ "{\"name\":\"a\",\"id\":\"3\"}", 1, "id", "must be an integer" },
	{ "{\"name\":\"a\",\"k\":51}", 0, "k", "must be from 1 to 50" },
	{ "{\"name\":\"a\",\"k\":50}", 0, "", "" },
	{ "{\"name\":\"a\",\"w\":0}", 0, "w", "must be a number above 0" },
	{ "{\"name\":\"a\",\"w\":0.5}", 0, "", "" },
	{ "{\"name\":\"a\",\"at\":\"2027-03-01T05:00:00Z\"}", 0, "", "" },
	{ "{\"name\":\"a\",\"at\":\"2027-03-01T05:00:00+01:00\"}", 0, "",
	    "" },
	{ "{\"name\":\"a\",\"at\":\"2027-03-01\"}", 0, "at",
	    "is not a time like 2027-03-01T05:00:00Z" },
	{ "{\"name\":\"a\",\"at\":\"2027-13-01T05:00:00Z\"}", 0, "at",
	    "is not a time like 2027-03-01T05:00:00Z" },
	{ "{\"name\":\"a\",\"colour\":\"green\"}", 0, "", "" },
	{ "{\"name\":\"a\",\"colour\":\"blue\"}", 0, "colour",
	    "is not one of the allowed values" },
	{ "{\"name\":\"a\",\"flag\":\"yes\"}", 1, "flag",
	    "must be true or false" },
	{ "{\"name\":\"a\",\"secret\":\" pass \"}", 0, "", "" },
	{ "{\"name\":\"a\",\"secret\":\"123456789\"}", 0, "secret",
	    "must be at most 8 bytes" },
	{ "{\"name\":\"a\",\"inner\":{\"email\":\"nope\"}}", 0, "inner.email",
	    "is not an email address" },
	{ "{\"name\":\"a\",\"inner\":{\"email\":\"a@b.org\",\"y\":1}}", 1,
	    "inner.y", "unknown field" },
	{ "{\"name\":\"a\",\"inner\":[]}", 1, "inner", "must be an object" },
	{ "{\"name\":\"a\",\"inner\":{}}", 0, "inner.email", "is required" },
};

static void
test_valid_object(void **state)
{
	json_t		*obj, *errors;
	json_error_t	 err;
	size_t		 i;
	int		 malformed, ok;

	(void)state;
	for (i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++) {
		obj = json_loads(valid_cases[i].json, 0, &err);
		assert_non_null(obj);
		errors = json_object();
		malformed = 0;
		ok = valid_object(obj, outer_fields, "", errors, &malformed);
		if (valid_cases[i].field[0] == '\0') {
			if (!ok)
				fail_msg("case %zu refused: %s", i,
				    json_dumps(errors, 0));
		} else {
			assert_false(ok);
			assert_int_equal(malformed, valid_cases[i].malformed);
			assert_string_equal(json_string_value(json_object_get(
			    errors, valid_cases[i].field)),
			    valid_cases[i].why);
		}
		json_decref(errors);
		json_decref(obj);
	}
}

static void
test_trims_single_line_text(void **state)
{
	json_t	*obj, *errors;
	int	 malformed = 0;

	(void)state;
	obj = json_pack("{s:s}", "name", "  Ada ");
	errors = json_object();
	assert_true(valid_object(obj, outer_fields, "", errors, &malformed));
	assert_string_equal(json_string_value(json_object_get(obj, "name")),
	    "Ada");
	json_decref(errors);
	json_decref(obj);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_text),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_valid_object),
		cmocka_unit_test(test_trims_single_line_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
