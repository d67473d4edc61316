/* Unit tests of config.c: secrets read from files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "awards.h"

static char	dir[] = "/tmp/awards-test-config-XXXXXX";

/* Writes len bytes of text to the file name in dir, with mode. */
static const char *
put(const char *name, const char *text, size_t len, mode_t mode)
{
	static char	 path[256];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void
test_secret_one_line(void **state)
{
	char	 out[32], why[256];

	(void)state;
	assert_int_equal(config_read_secret("X_FILE", put("a", "s3cret\n", 7,
	    0600), out, sizeof(out), why, sizeof(why)), 0);
	assert_string_equal(out, "s3cret");
	/* As systemd-creds or printf leave it: no newline, or CRLF. */
	assert_int_equal(config_read_secret("X_FILE", put("b", "s3cret", 6,
	    0400), out, sizeof(out), why, sizeof(why)), 0);
	assert_string_equal(out, "s3cret");
	assert_int_equal(config_read_secret("X_FILE", put("c", "p w\r\n", 5,
	    0640), out, sizeof(out), why, sizeof(why)), 0);
	assert_string_equal(out, "p w");
}

static void
test_secret_refused(void **state)
{
	char		 out[8], why[256];
	const char	*p;

	(void)state;
	p = put("empty", "\n", 1, 0600);
	assert_int_equal(config_read_secret("X_FILE", p, out, sizeof(out),
	    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "is empty"));
	p = put("two", "ab\ncd\n", 6, 0600);
	assert_int_equal(config_read_secret("X_FILE", p, out, sizeof(out),
	    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "one line"));
	assert_null(strstr(why, "ab"));
	assert_string_equal(out, "");
	p = put("nul", "ab\0cd", 5, 0600);
	assert_int_equal(config_read_secret("X_FILE", p, out, sizeof(out),
	    why, sizeof(why)), -1);
	/* 8 bytes do not fit with their NUL; 7 with a newline do. */
	p = put("long", "12345678", 8, 0600);
	assert_int_equal(config_read_secret("X_FILE", p, out, sizeof(out),
	    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "more than"));
	p = put("fits", "1234567\n", 8, 0600);
	assert_int_equal(config_read_secret("X_FILE", p, out, sizeof(out),
	    why, sizeof(why)), -1);
	p = put("fits6", "123456\n", 7, 0600);
	assert_int_equal(config_read_secret("X_FILE", p, out, sizeof(out),
	    why, sizeof(why)), 0);
	assert_string_equal(out, "123456");
	p = put("open", "secret\n", 7, 0644);
	assert_int_equal(config_read_secret("X_FILE", p, out, sizeof(out),
	    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "readable by others"));
	assert_int_equal(config_read_secret("X_FILE", "/nonexistent/x", out,
	    sizeof(out), why, sizeof(why)), -1);
	assert_string_equal(why, "X_FILE: /nonexistent/x: No such file or "
	    "directory");
	assert_int_equal(config_read_secret("X_FILE", dir, out, sizeof(out),
	    why, sizeof(why)), -1);
	assert_non_null(strstr(why, "is not a file"));
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_one_line),
		cmocka_unit_test(test_secret_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
