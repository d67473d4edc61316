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

/*
 * Addresses as SPEC §7 has them: local@domain, a domain name of at least
 * two labels of letters, digits and inner hyphens; no IP literal, no
 * quoted local part, no % or ! routing.  One row per form.
 */
static const struct {
	const char	*address;
	int		 valid;
} addresses[] = {
	{ "ada@example.org", 1 },
	{ "first.last+tag@sub.example.co.uk", 1 },
	{ "o'brien@example.ie", 1 },
	{ "x_y-z=1@a1.b2", 1 },
	{ "ADA@EXAMPLE.ORG", 1 },
	{ "a@x-y.org", 1 },
	{ "a@xn--bcher-kva.example", 1 },
	{ "no-at-sign", 0 },
	{ "@example.org", 0 },
	{ "ada@", 0 },
	{ "ada@localhost", 0 },			/* one label */
	{ "a@b@example.org", 0 },
	{ "ada @example.org", 0 },
	{ "ada@example.org\r\nBcc: x@y.org", 0 },
	{ "<ada@example.org>", 0 },
	{ "ada..b@example.org", 0 },
	{ ".ada@example.org", 0 },
	{ "ada.@example.org", 0 },
	{ "ada@exa_mple.org", 0 },
	{ "ada@-example.org", 0 },
	{ "ada@example.org-", 0 },
	{ "a@x-.org", 0 },			/* hyphen ends a label */
	{ "a@example.-org", 0 },
	{ "a@example..org", 0 },
	{ "a@example.org.", 0 },
	{ "a@.example.org", 0 },
	{ "root@127.0.0.1", 0 },		/* IP address */
	{ "root@[127.0.0.1]", 0 },		/* IP literal */
	{ "root@[IPv6:::1]", 0 },
	{ "root@10.1", 0 },
	{ "\"root\"@example.org", 0 },		/* quoted local part */
	{ "\"a b\"@example.org", 0 },
	{ "postmaster%internal@example.org", 0 },	/* % routing */
	{ "u!internal!root@example.org", 0 },	/* ! routing */
	{ "a\\b@example.org", 0 },
	{ "a,b@example.org", 0 },
	{ "caf\xc3\xa9@example.org", 0 },		/* non-ASCII */
	{ "a@ex\xc3\xa4mple.org", 0 },
	{ "a@b.c", 1 },
};

static void
test_email(void **state)
{
	size_t	 i, wrong = 0;
	char	 longlabel[80], longaddr[300];

	(void)state;
	for (i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++)
		if (valid_email(addresses[i].address) != addresses[i].valid) {
			print_message("valid_email(\"%s\") should be %d\n",
			    addresses[i].address, addresses[i].valid);
			wrong++;
		}
	assert_int_equal(wrong, 0);
	/* A label of 64 characters, an address of 255. */
	memset(longlabel, 'a', 64);
	strcpy(longlabel + 64, ".org");
	snprintf(longaddr, sizeof(longaddr), "a@%s", longlabel);
	assert_false(valid_email(longaddr));
	memset(longaddr, 'b', 250);
	strcpy(longaddr + 64, "@");
	memset(longaddr + 65, 'c', 180);
	strcpy(longaddr + 245, ".example.org");
	assert_int_equal(strlen(longaddr), 257);
	assert_false(valid_email(longaddr));
}

/* Text cut by a fixed buffer, or holding stray bytes, becomes UTF-8. */
static void
test_utf8_repair(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "caf\xc3", "caf" },			/* cut inside \xc3\xa9 */
		{ "a\xe2\x82", "a" },			/* cut inside the euro */
		{ "a\xf0\x9f\x98", "a" },
		{ "a\xc3x", "a?x" },			/* stray lead byte */
		{ "a\xa9" "b", "a?b" },			/* stray continuation */
		{ "\xc0\xaf" "z", "??z" },			/* overlong */
		{ "\xed\xa0\x80" "z", "???z" },		/* surrogate */
		{ "\xff", "?" },
	};
	char	 buf[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].in);
		assert_string_equal(util_utf8_repair(buf), cases[i].out);
		assert_true(text(buf, 0));
	}
}

/*
 * Names refuse bidirectional controls and invisible characters (SPEC §7):
 * each of these between two Latin letters, and at either end.
 */
static void
test_invisible(void **state)
{
	static const char *const bad[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad",
		"\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",
		"\xe2\x81\xa9", "\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d",
		"\xe2\x80\x8e", "\xe2\x80\x8f", "\xef\xbb\xbf", "\xe2\x81\xa0",
		"\xd8\x9c",		/* U+061C ARABIC LETTER MARK */
		"\xe2\x81\xa1",	/* U+2061 FUNCTION APPLICATION */
		"\xe2\x81\xa2",	/* U+2062 INVISIBLE TIMES */
		"\xe2\x81\xa3",	/* U+2063 INVISIBLE SEPARATOR */
		"\xe2\x81\xa4",	/* U+2064 INVISIBLE PLUS */
		"\xe2\x81\xa5",	/* U+2065, unassigned, default-ignorable */
		"\xc2\xad",		/* U+00AD SOFT HYPHEN */
		"\xe1\xa0\x8e",	/* U+180E MONGOLIAN VOWEL SEPARATOR */
		"\xe3\x85\xa4",	/* U+3164 HANGUL FILLER */
		"\xe1\x85\x9f",	/* U+115F HANGUL CHOSEONG FILLER */
		"\xe1\x85\xa0",	/* U+1160 HANGUL JUNGSEONG FILLER */
		"\xef\xbe\xa0",	/* U+FFA0 HALFWIDTH HANGUL FILLER */
		"\xcd\x8f",		/* U+034F COMBINING GRAPHEME JOINER */
		"\xf3\xa0\x80\x81",	/* U+E0001 LANGUAGE TAG */
		"\xf3\xa0\x81\x81",	/* U+E0041 TAG LATIN CAPITAL LETTER A */
		"\xf3\xa0\x81\xbf",	/* U+E007F CANCEL TAG */
		"\xef\xb8\x8f",	/* U+FE0F VARIATION SELECTOR-16 */
		"\xd8\x80",		/* U+0600 ARABIC NUMBER SIGN, Cf */
		"\xf0\x9d\x85\xb3",	/* U+1D173 MUSICAL SYMBOL BEGIN BEAM */
	};
	char	 buf[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "Ada%sLovelace", bad[i]);
		if (!valid_has_invisible(buf))
			fail_msg("bad[%zu] passed between letters", i);
		snprintf(buf, sizeof(buf), "%sAda", bad[i]);
		if (!valid_has_invisible(buf))
			fail_msg("bad[%zu] passed at the start", i);
		snprintf(buf, sizeof(buf), "Ada%s", bad[i]);
		if (!valid_has_invisible(buf))
			fail_msg("bad[%zu] passed at the end", i);
	}
	assert_false(valid_has_invisible(""));
	assert_false(valid_has_invisible("Ada Lovelace"));
	assert_false(valid_has_invisible("Zo\xc3\xab \xe2\x80\x94 "
	    "\xe2\x80\x99"));
	/* U+202F NARROW NO-BREAK SPACE: a space one sees. */
	assert_false(valid_has_invisible("\xe2\x80\xaf"));
	assert_false(valid_has_invisible("\xe2"));
}

/*
 * ZWNJ (U+200C) and ZWJ (U+200D) pass only between two letters of a
 * script that writes with them: Persian, Arabic, the Indic scripts,
 * Sinhala; never between Latin letters, beside a space or digit, at an
 * end, or two in a row.
 */
static void
test_joiners(void **state)
{
	static const char *const good[] = {
		/* Persian "mi<ZWNJ>khaham", I want */
		"\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87"
		    "\xd9\x85",
		/* Arabic MEEM, KASRA (a mark of no script), ZWNJ, KHAH */
		"\xd9\x85\xd9\x90\xe2\x80\x8c\xd8\xae",
		/* Devanagari KA, VIRAMA, ZWJ, SSA: a half form */
		"\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7",
		/* Devanagari KA, VIRAMA, ZWNJ, SSA */
		"\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8c\xe0\xa4\xb7",
		/* Sinhala KA, AL-LAKUNA, ZWJ, YA: a yansaya */
		"\xe0\xb6\x9a\xe0\xb7\x8a\xe2\x80\x8d\xe0\xb6\xba",
		/* Malayalam NA, VIRAMA, ZWJ, then a space and a word */
		"\xe0\xb4\xa8\xe0\xb5\x8d\xe2\x80\x8d\xe0\xb4\xa8 Ada",
	};
	static const char *const bad[] = {
		"ab\xe2\x80\x8d" "cd",			/* ZWJ, Latin */
		"ab\xe2\x80\x8c" "cd",			/* ZWNJ, Latin */
		"\xc3\xa9\xe2\x80\x8c\xc3\xa9",	/* e-acute, Latin */
		"e\xcc\x81\xe2\x80\x8c\xcc\x81" "e",	/* marks on Latin */
		"\xd9\x85\xe2\x80\x8c" "a",		/* Arabic, Latin */
		"a\xe2\x80\x8c\xd9\x85",		/* Latin, Arabic */
		"\xd9\x85\xe2\x80\x8c",		/* at the end */
		"\xe2\x80\x8c\xd9\x85",		/* at the start */
		"\xd9\x85 \xe2\x80\x8c\xd9\x85",	/* after a space */
		"\xd9\x85\xe2\x80\x8c\xd9\xa1",	/* before a digit */
		"\xd9\x85\xe2\x80\x8c\xe2\x80\x8d\xd9\x85",	/* two */
		"\xd9\x85\xe2\x80\x8c\xe2\x80\x8c\xd9\x85",
		"\xd9\x85\xe2\x80\x8b\xd9\x85",	/* ZWSP: never */
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (valid_has_invisible(good[i]))
			fail_msg("good[%zu] refused", i);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!valid_has_invisible(bad[i]))
			fail_msg("bad[%zu] passed", i);
}

/* Names people have pass: accented, Greek, Cyrillic, Arabic, CJK... */
static void
test_visible_names(void **state)
{
	static const char *const names[] = {
		"Ada Lovelace",
		"Zo\xc3\xab Fran\xc3\xa7oise O'Brien-M\xc3\xbcller",
		"e\xcc\x81milie",		/* a combining acute */
		/* Greek */
		"\xce\xa3\xcf\x89\xce\xba\xcf\x81\xce\xac\xcf\x84"
		    "\xce\xb7\xcf\x82",
		/* Cyrillic */
		"\xd0\x9b\xd0\xb5\xd0\xb2 \xd0\xa2\xd0\xbe\xd0\xbb"
		    "\xd1\x81\xd1\x82\xd0\xbe\xd0\xb9",
		/* Arabic */
		"\xd9\x85\xd8\xb1\xd9\x8a\xd9\x85 \xd8\xa7\xd9\x84"
		    "\xd8\xb9\xd9\x84\xd9\x8a",
		"\xd7\x93\xd7\x95\xd7\x93",		/* Hebrew */
		"\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99",	/* Chinese */
		/* Japanese */
		"\xe5\xb1\xb1\xe7\x94\xb0 \xe3\x81\x95\xe3\x81\x8f"
		    "\xe3\x82\x89",
		"\xea\xb9\x80\xec\xa7\x80\xec\x98\x81",	/* Korean */
		/* Devanagari */
		"\xe0\xa4\xb8\xe0\xa5\x81\xe0\xa4\xb0\xe0\xa5\x87"
		    "\xe0\xa4\xb6",
		"\xf0\xa0\x80\x80",		/* U+20000, CJK extension B */
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_true(text(names[i], 0));
		if (valid_has_invisible(names[i]))
			fail_msg("names[%zu] refused", i);
	}
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
	{ .name = "w", .type = VALID_NUMBER, .hi = 100 },
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
	{ "{\"name\":\"a\\u061cb\"}", 0, "name",
	    "contains an invisible or text-direction control character" },
	{ "{\"name\":\"a\\u200db\"}", 0, "name",
	    "contains an invisible or text-direction control character" },
	/* Persian: MEEM, YEH, ZWNJ, KHAH, WAW. */
	{ "{\"name\":\"\\u0645\\u06cc\\u200c\\u062e\\u0648\"}", 0, "",
	    "" },
	/* Long text keeps its marks: a statement may need them. */
	{ "{\"name\":\"a\",\"note\":\"a\\u200fb\\u061c\"}", 0, "", "" },
	{ "{\"name\":\"a\",\"id\":0}", 0, "id", "must be a positive integer" },
	{ "{\"name\":\"a\",\"id\":\"3\"}", 1, "id", "must be an integer" },
	{ "{\"name\":\"a\",\"k\":51}", 0, "k", "must be from 1 to 50" },
	{ "{\"name\":\"a\",\"k\":50}", 0, "", "" },
	{ "{\"name\":\"a\",\"w\":0}", 0, "w", "must be a number above 0 "
	    "and at most 100, with at most two decimals" },
	{ "{\"name\":\"a\",\"w\":100.01}", 0, "w", "must be a number above "
	    "0 and at most 100, with at most two decimals" },
	{ "{\"name\":\"a\",\"w\":2.555}", 0, "w", "must be a number above "
	    "0 and at most 100, with at most two decimals" },
	{ "{\"name\":\"a\",\"w\":0.5}", 0, "", "" },
	{ "{\"name\":\"a\",\"w\":99.99}", 0, "", "" },
	{ "{\"name\":\"a\",\"w\":100}", 0, "", "" },
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
	{ "{\"name\":\"a\",\"inner\":{\"email\":\"jos\u00e9@ex\u00e4mple.org\"}}",
	    0, "inner.email", "is not an email address we can use: accented "
	    "and non-Latin letters are not supported in addresses yet" },
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

/*
 * A NUL inside a time or an enum value (http_body_json() lets NUL
 * through, for the validators to refuse) is refused, not cut there:
 * "draft\u0000x" is not "draft" (found by fuzz/valid.c).
 */
static void
test_nul_in_time_and_enum(void **state)
{
	static const struct {
		const char	*json, *field, *why;
	} cases[] = {
		{ "{\"name\":\"a\",\"colour\":\"green\\u0000x\"}", "colour",
		    "is not one of the allowed values" },
		{ "{\"name\":\"a\",\"colour\":\"red\\u0000\"}", "colour",
		    "is not one of the allowed values" },
		{ "{\"name\":\"a\",\"at\":\"2027-03-01T05:00:00Z\\u0000z\"}",
		    "at", "is not a time like 2027-03-01T05:00:00Z" },
	};
	json_t		*obj, *errors;
	json_error_t	 err;
	size_t		 i;
	int		 malformed;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		obj = json_loads(cases[i].json, JSON_ALLOW_NUL, &err);
		assert_non_null(obj);
		errors = json_object();
		malformed = 0;
		assert_false(valid_object(obj, outer_fields, "", errors,
		    &malformed));
		assert_int_equal(malformed, 0);
		assert_string_equal(json_string_value(json_object_get(errors,
		    cases[i].field)), cases[i].why);
		json_decref(errors);
		json_decref(obj);
	}
}

/* The exit address of a cycle: absolute http(s), nothing else. */
static void
test_url(void **state)
{
	static const struct {
		const char	*url;
		int		 valid;
	} urls[] = {
		{ "https://www.example.org/", 1 },
		{ "http://example.org", 1 },
		{ "HTTPS://example.org/a?b=c&d=%20#e", 1 },
		{ "https://[2001:db8::1]:8443/x", 1 },
		{ "javascript:alert(1)", 0 },
		{ "data:text/html,x", 0 },
		{ "//example.org/", 0 },
		{ "ftp://example.org/", 0 },
		{ "https://", 0 },
		{ "https:///path", 0 },
		{ "https://user@example.org/", 0 },
		{ "https://example.org/ x", 0 },
		{ "https://example.org/\r\nLocation: x", 0 },
		{ "https://example.org/\"><b>", 0 },
		{ "https://example.org/\\x", 0 },
		{ "https://ex\xc3\xa4mple.org/", 0 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
		if (valid_url(urls[i].url) != urls[i].valid)
			fail_msg("valid_url(\"%s\") != %d", urls[i].url,
			    urls[i].valid);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_text),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_valid_object),
		cmocka_unit_test(test_trims_single_line_text),
		cmocka_unit_test(test_nul_in_time_and_enum),
		cmocka_unit_test(test_utf8_repair),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_joiners),
		cmocka_unit_test(test_visible_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
