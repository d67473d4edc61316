/* Unit tests of buf.c: a JSON string written without jansson. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "awards.h"

/* The text buf_json_str() appends for s. */
static char *
json_str(const char *s)
{
	struct buf	 b = { 0 };
	char		*out = NULL;

	buf_json_str(&b, s);
	assert_int_equal(buf_finish(&b, &out, NULL), 0);
	return out;
}

static void
json_str_is(const char *s, const char *want)
{
	char	*out = json_str(s);

	assert_string_equal(out, want);
	free(out);
}

static void
test_escapes(void **state)
{
	(void)state;
	json_str_is("", "\"\"");
	json_str_is("Ada Lovelace", "\"Ada Lovelace\"");
	json_str_is("say \"hi\"", "\"say \\\"hi\\\"\"");
	json_str_is("a\\b", "\"a\\\\b\"");
	json_str_is("line\nnext\ttab\r", "\"line\\u000anext\\u0009tab\\u000d\"");
	json_str_is("\x01\x1f", "\"\\u0001\\u001f\"");
	/* UTF-8 and the characters JSON does not require escaped pass. */
	json_str_is("Zoë 👩‍🔬 </script> \x7f", "\"Zoë 👩‍🔬 </script> \x7f\"");
}

/* Every byte a string may hold, and some UTF-8: jansson reads back the
 * string that went in. */
static void
test_reads_back(void **state)
{
	char		 s[256], *out;
	json_t		*v;
	json_error_t	 err;
	int		 i;

	(void)state;
	for (i = 1; i < 128; i++)
		s[i - 1] = (char)i;
	strcpy(s + 127, "é—😀");
	out = json_str(s);
	v = json_loads(out, JSON_DECODE_ANY, &err);
	assert_non_null(v);
	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), s);
	json_decref(v);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_reads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
