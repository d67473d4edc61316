/* Unit tests of export.c: one CSV cell, quoted and neutralised. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "awards.h"

/* The cell export_cell() makes of s. */
static void
cell_is(const char *s, const char *want)
{
	struct buf	 b = { 0 };
	char		*out = NULL;

	assert_int_equal(export_cell(&b, s), 0);
	assert_int_equal(buf_finish(&b, &out, NULL), 0);
	assert_string_equal(out, want);
	free(out);
}

static void
test_quoting(void **state)
{
	(void)state;
	cell_is("", "\"\"");
	cell_is("Ada Lovelace", "\"Ada Lovelace\"");
	cell_is("a, b", "\"a, b\"");
	cell_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	cell_is("\"", "\"\"\"\"");
	cell_is("line\r\nnext", "\"line\r\nnext\"");
	cell_is("Zoë 👩‍🔬", "\"Zoë 👩‍🔬\"");
}

static void
test_formulas_neutralised(void **state)
{
	(void)state;
	cell_is("=HYPERLINK(\"http://x\")",
	    "\"'=HYPERLINK(\"\"http://x\"\")\"");
	cell_is("+1", "\"'+1\"");
	cell_is("-2+3", "\"'-2+3\"");
	cell_is("-A1", "\"'-A1\"");
	cell_is("-", "\"'-\"");
	cell_is("-1.", "\"'-1.\"");
	cell_is("-1.2.3", "\"'-1.2.3\"");
	/* A plain negative number (a normalised score) is no formula. */
	cell_is("-2", "\"-2\"");
	cell_is("-0.1089", "\"-0.1089\"");
	cell_is("@SUM(A1)", "\"'@SUM(A1)\"");
	cell_is("\tx", "\"'\tx\"");
	cell_is("\rx", "\"'\rx\"");
	/* Only the first character counts. */
	cell_is("a=1", "\"a=1\"");
	cell_is(" =1", "\" =1\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_formulas_neutralised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
