/* Unit tests of render.c: {{placeholder}} rendering and checking. */
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
test_render_template(void **state)
{
	json_t	*values;
	char	*out = (char *)"untouched", why[128];

	(void)state;
	values = json_pack("{s:s, s:s}", "name", "Ada", "url",
	    "https://x/confirm#token=T");
	assert_int_equal(render_template("Hello {{name}}, open {{url}}. "
	    "{{name}}!", values, &out, why, sizeof(why)), 0);
	assert_string_equal(out, "Hello Ada, open https://x/confirm#token=T. "
	    "Ada!");
	free(out);

	assert_int_equal(render_template("no placeholder", values, &out, why,
	    sizeof(why)), 0);
	assert_string_equal(out, "no placeholder");
	free(out);

	out = (char *)"untouched";
	assert_int_equal(render_template("Hello {{nominee_name}}", values,
	    &out, why, sizeof(why)), -1);
	assert_null(out);
	assert_string_equal(why, "no value for {{nominee_name}}");
	assert_int_equal(render_template("Hello {{name", values, &out, why,
	    sizeof(why)), -1);
	assert_int_equal(render_template("Hello {{}}", values, &out, why,
	    sizeof(why)), -1);

	/* A value that is not a string is no value. */
	json_object_set_new(values, "count", json_integer(3));
	assert_int_equal(render_template("{{count}}", values, &out, why,
	    sizeof(why)), -1);
	json_decref(values);
}

static void
test_render_check(void **state)
{
	const char *const names[] = { "name", "url", NULL };
	char	 why[128];

	(void)state;
	assert_true(render_check("{{name}} {{url}}", names, why,
	    sizeof(why)));
	assert_false(render_check("{{name}} {{token}}", names, why,
	    sizeof(why)));
	assert_string_equal(why, "unknown placeholder {{token}}");
	assert_false(render_check("{{name", names, why, sizeof(why)));
}

static void
test_every_event_renders_its_shipped_names(void **state)
{
	json_t	*values;
	char	*out, why[128], tpl[512];
	size_t	 i;
	int	 e;

	(void)state;
	/* Every placeholder an event declares renders when given. */
	for (e = 0; e < EVENT__MAX; e++) {
		values = json_object();
		tpl[0] = '\0';
		for (i = 0; mail_events[e].names[i] != NULL; i++) {
			json_object_set_new(values, mail_events[e].names[i],
			    json_string("v"));
			strcat(tpl, "{{");
			strcat(tpl, mail_events[e].names[i]);
			strcat(tpl, "}}");
		}
		assert_true(render_check(tpl, mail_events[e].names, why,
		    sizeof(why)));
		assert_int_equal(render_template(tpl, values, &out, why,
		    sizeof(why)), 0);
		assert_int_equal(strlen(out), i);
		free(out);
		json_decref(values);
		assert_int_equal(event_parse(mail_events[e].name), e);
	}
	assert_int_equal(event_parse("no_such_event"), -1);
}

/* A link placeholder stands alone on its line (issue 12, defect 11). */
static void
test_links_alone(void **state)
{
	static const struct {
		const char	*tpl;
		int		 ok;
	} cases[] = {
		{ "Hello,\n\n{{confirm_url}}\n\nBye\n", 1 },
		{ "{{manage_url}}", 1 },
		{ "Open:\n  {{login_url}}\n", 1 },
		{ "{{base_url}}/awardees/{{cycle_id}}\n", 1 },
		{ "{{base_url}}/\n", 1 },
		{ "Hello {{nominator_name}},\n", 1 },
		{ "Click <{{confirm_url}}>\n", 0 },
		{ "https://evil.example/?u={{manage_url}}\n", 0 },
		{ "{{manage_url}}&x=1\n", 0 },
		{ "{{login_url}} now\n", 0 },
		{ "see {{base_url}}/committee\n", 0 },
		{ "{{confirm_url}}{{confirm_url}}\n", 0 },
	};
	char	 why[96];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (render_links_alone(cases[i].tpl, why, sizeof(why)) !=
		    cases[i].ok)
			fail_msg("render_links_alone(\"%s\") should be %d",
			    cases[i].tpl, cases[i].ok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_template),
		cmocka_unit_test(test_render_check),
		cmocka_unit_test(test_every_event_renders_its_shipped_names),
		cmocka_unit_test(test_links_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
