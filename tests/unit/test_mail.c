/*
 * Unit tests of mail.c (header encoding, CRLF, quoted-printable, whole
 * messages).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "awards.h"

/* Whether every CRLF-ended line of s is at most max characters, with no
 * bare CR or LF anywhere. */
static int
lines_within(const char *s, size_t max)
{
	const char	*eol;

	while (*s != '\0') {
		if ((eol = strstr(s, "\r\n")) == NULL)
			return 0;
		if ((size_t)(eol - s) > max || memchr(s, '\n', eol - s) ||
		    memchr(s, '\r', eol - s))
			return 0;
		s = eol + 2;
	}
	return 1;
}

/*
 * Decodes the value of a header made of B encoded-words (after "Name: "),
 * folded or not, into out.  Fails the test on anything else.
 */
static void
decode_words(const char *header, char *out, size_t outsz)
{
	const char	*p = strchr(header, ':') + 1, *end;
	size_t		 len = 0, n;
	char		 b64[128];

	out[0] = '\0';
	for (;;) {
		p += strspn(p, " \r\n");
		if (*p == '\0')
			break;
		assert_memory_equal(p, "=?utf-8?B?", 10);
		p += 10;
		end = strstr(p, "?=");
		assert_non_null(end);
		assert_true(end - p + 12 <= 75);
		memcpy(b64, p, (size_t)(end - p));
		b64[end - p] = '\0';
		assert_int_equal(sodium_base642bin((unsigned char *)out + len,
		    outsz - len - 1, b64, strlen(b64), NULL, &n, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		/* No word splits a UTF-8 sequence. */
		assert_true(valid_utf8_text(out + len, n, 0));
		len += n;
		out[len] = '\0';
		p = end + 2;
	}
}

/* Removes every fold (CRLF before a space) of s in place. */
static void
unfold(char *s)
{
	char	*p;

	while ((p = strstr(s, "\r\n ")) != NULL)
		memmove(p, p + 2, strlen(p + 2) + 1);
}

/* A decoder of quoted-printable for checking round trips. */
static void
qp_decode(const char *s, char *out)
{
	unsigned int	 c;

	while (*s != '\0') {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (*s == '=') {
			assert_int_equal(sscanf(s + 1, "%2X", &c), 1);
			*out++ = (char)c;
			s += 3;
		} else
			*out++ = *s++;
	}
	*out = '\0';
}

static void
test_subject_ascii(void **state)
{
	char		*h;
	char		 copy[512];
	const char	*longer = "Your nomination of Ada Lovelace for the "
	    "Change-Maker Awards 2027 (Staff) is submitted and on its way";

	(void)state;
	assert_int_equal(mail_subject_header("Please confirm", &h), 0);
	assert_string_equal(h, "Subject: Please confirm\r\n");
	free(h);

	assert_int_equal(mail_subject_header(longer, &h), 0);
	assert_non_null(strstr(h, "\r\n "));	/* folded */
	assert_true(lines_within(h, 78));
	snprintf(copy, sizeof(copy), "%s", h);
	unfold(copy);
	assert_true(strncmp(copy, "Subject: ", 9) == 0);
	copy[strlen(copy) - 2] = '\0';
	assert_string_equal(copy + 9, longer);
	free(h);

	/* Text that reads as an encoded-word is itself encoded. */
	assert_int_equal(mail_subject_header("=?utf-8?B?eA==?=", &h), 0);
	decode_words(h, copy, sizeof(copy));
	assert_string_equal(copy, "=?utf-8?B?eA==?=");
	free(h);
}

/*
 * Spaces cannot be folded away: a subject ending in spaces, or with a
 * long run of them, still keeps every line within 78 (then as
 * encoded-words) and decodes back to itself (found by fuzz/mail.c).
 */
static void
test_subject_spaces(void **state)
{
	char		 subject[256], decoded[512];
	char		*h;
	size_t		 i;

	(void)state;
	for (i = 0; i < 2; i++) {
		memset(subject, 0, sizeof(subject));
		if (i == 0) {
			/* "Subject: " + 60 + 1 + 8 is 78, then two spaces. */
			memset(subject, 'a', 60);
			memcpy(subject + 60, " bbbbbbbb  ", 11);
		} else {
			subject[0] = 'a';
			memset(subject + 1, ' ', 100);
			subject[101] = 'b';
		}
		assert_int_equal(mail_subject_header(subject, &h), 0);
		assert_true(lines_within(h, 78));
		if (strstr(h, "=?utf-8?B?") != NULL)
			decode_words(h, decoded, sizeof(decoded));
		else {
			snprintf(decoded, sizeof(decoded), "%s", h + 9);
			unfold(decoded);
			decoded[strlen(decoded) - 2] = '\0';
		}
		assert_string_equal(decoded, subject);
		free(h);
	}
}

static void
test_subject_non_ascii(void **state)
{
	const char	*subjects[] = {
		"Номінацію прийнято",
		"Ваша номінація прийнята — 您的提名已确认 — تم استلام ترشيحك "
		    "— Change-Maker Awards 2027",
		"李小龙李小龙李小龙李小龙李小龙李小龙李小龙李小龙李小龙李小龙"
		    "李小龙李小龙李小龙李小龙李小龙李小龙",
		"emoji 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉",
	};
	char		*h, decoded[1024];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(subjects) / sizeof(*subjects); i++) {
		assert_int_equal(mail_subject_header(subjects[i], &h), 0);
		assert_true(lines_within(h, 78));
		assert_true(strncmp(h, "Subject: =?utf-8?B?", 19) == 0);
		decode_words(h, decoded, sizeof(decoded));
		assert_string_equal(decoded, subjects[i]);
		free(h);
	}
}

static void
test_header_refuses_line_breaks(void **state)
{
	char	*h = (char *)"untouched";

	(void)state;
	assert_int_equal(mail_subject_header("Hi\r\nBcc: x@y.org", &h), -1);
	assert_null(h);
	assert_int_equal(mail_subject_header("Hi\nBcc: x@y.org", &h), -1);
	assert_int_equal(mail_subject_header("Hi\rthere", &h), -1);
	assert_int_equal(mail_subject_header("tab\there", &h), -1);
	assert_int_equal(mail_subject_header("bad \xc3", &h), -1);
	assert_int_equal(mail_to_header("Ada\r\nBcc: x@y.org",
	    "ada@example.org", &h), -1);
	assert_null(h);
	assert_int_equal(mail_to_header("Ada", "ada@example.org\r\nBcc: x@y",
	    &h), -1);
	assert_int_equal(mail_to_header("Ada", "ada@example.org\n", &h), -1);
	assert_int_equal(mail_to_header("Ada", "a da@example.org", &h), -1);
	assert_int_equal(mail_to_header("Ada", "<ada@example.org>", &h), -1);
	assert_int_equal(mail_to_header("Ada", "no-at-sign", &h), -1);
	assert_false(mail_header_safe("a\r\nb"));
	assert_false(mail_header_safe(NULL));
	assert_true(mail_header_safe("Ада"));
}

static void
test_to_header(void **state)
{
	char	*h, decoded[256];

	(void)state;
	assert_int_equal(mail_to_header("", "ada@example.org", &h), 0);
	assert_string_equal(h, "To: ada@example.org\r\n");
	free(h);

	assert_int_equal(mail_to_header("Ada Lovelace", "ada@example.org",
	    &h), 0);
	assert_string_equal(h, "To: \"Ada Lovelace\" <ada@example.org>\r\n");
	free(h);

	assert_int_equal(mail_to_header("Ada \"Countess\" L., Jr\\",
	    "ada@example.org", &h), 0);
	assert_string_equal(h, "To: \"Ada \\\"Countess\\\" L., Jr\\\\\" "
	    "<ada@example.org>\r\n");
	free(h);

	assert_int_equal(mail_to_header("Олена Коваленко", "o@example.org",
	    &h), 0);
	assert_true(lines_within(h, 78));
	*strstr(h, " <o@example.org>\r\n") = '\0';
	decode_words(h, decoded, sizeof(decoded));
	assert_string_equal(decoded, "Олена Коваленко");
	free(h);

	/* A long name folds, and the address goes on a line of its own. */
	assert_int_equal(mail_to_header("Олена Коваленко-Шевчук 李小龙 "
	    "مريم and more", "olena.kovalenko@faculty.example.org", &h), 0);
	assert_true(lines_within(h, 78));
	assert_non_null(strstr(h,
	    "\r\n <olena.kovalenko@faculty.example.org>\r\n"));
	free(h);
}

static void
test_crlf(void **state)
{
	char	*s;

	(void)state;
	assert_int_equal(mail_crlf("a\nb\r\nc\rd", &s), 0);
	assert_string_equal(s, "a\r\nb\r\nc\r\nd\r\n");
	free(s);
	assert_int_equal(mail_crlf("x\r\n", &s), 0);
	assert_string_equal(s, "x\r\n");
	free(s);
	assert_int_equal(mail_crlf("\n\n", &s), 0);
	assert_string_equal(s, "\r\n\r\n");
	free(s);
	assert_int_equal(mail_crlf("", &s), 0);
	assert_string_equal(s, "");
	free(s);
}

static void
test_quoted_printable(void **state)
{
	char	*s, *decoded, line[2101];

	(void)state;
	assert_int_equal(mail_quoted_printable("a=b\n.dot\nend ", &s), 0);
	assert_string_equal(s, "a=3Db\r\n.dot\r\nend=20\r\n");
	free(s);
	assert_int_equal(mail_quoted_printable("é\ttab\t\r\nx", &s), 0);
	assert_string_equal(s, "=C3=A9\ttab=09\r\nx\r\n");
	free(s);
	assert_int_equal(mail_quoted_printable("", &s), 0);
	assert_string_equal(s, "");
	free(s);

	/* A 2,000-character line (with escapes to straddle the breaks). */
	memset(line, 'x', 2000);
	memcpy(line + 70, "=====", 5);
	memcpy(line + 1500, "ééé", 6);
	line[2000] = '\0';
	assert_int_equal(mail_quoted_printable(line, &s), 0);
	assert_true(lines_within(s, 76));
	decoded = malloc(strlen(s) + 1);
	assert_non_null(decoded);
	qp_decode(s, decoded);
	assert_string_equal(decoded, strcat(line, "\r\n"));
	free(decoded);
	free(s);
}

static void
test_from_header(void **state)
{
	char	*s;

	(void)state;
	assert_int_equal(mail_address_header("From", "Change-Maker Awards",
	    "awards@example.org", &s), 0);
	assert_string_equal(s, "From: \"Change-Maker Awards\" "
	    "<awards@example.org>\r\n");
	free(s);
	assert_int_equal(mail_address_header("From", "", "awards@example.org",
	    &s), 0);
	assert_string_equal(s, "From: awards@example.org\r\n");
	free(s);
	assert_int_equal(mail_address_header("From", "Prix \xc3\x89galit\xc3"
	    "\xa9", "awards@example.org", &s), 0);
	assert_true(strncmp(s, "From: =?utf-8?B?", 16) == 0);
	free(s);
	assert_int_equal(mail_address_header("From", "A\r\nBcc: e@x.org",
	    "awards@example.org", &s), -1);
}

/* Issue 14: every mail ends naming whom to write to, whatever its body. */
static void
test_build_contact(void **state)
{
	struct mail	 m = {
		.message_id = "<0123abcd@example.org>",
		.from = "awards@example.org",
		.from_name = "",
		.to_address = "ada@example.org",
		.to_name = "",
		.subject = "Hello",
		.body = "No line end",
		.contact = "team@example.org",
	};
	char		*msg, why[128];
	size_t		 len;

	(void)state;
	assert_int_equal(mail_build(&m, 0, &msg, &len, why, sizeof(why)), 0);
	assert_string_equal(strstr(msg, "\r\n\r\n") + 4, "No line end\r\n"
	    "\r\nQuestions, or something went wrong? Write to the "
	    "organizers:\r\nteam@example.org\r\n");
	free(msg);
	/* A contact that is not one address never reaches a mail. */
	m.contact = "a@b.org\r\nBcc: eve@example.org";
	assert_int_equal(mail_build(&m, 0, &msg, &len, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "bad contact address");
	/* None: the body as it is. */
	m.contact = NULL;
	assert_int_equal(mail_build(&m, 0, &msg, &len, why, sizeof(why)), 0);
	assert_string_equal(strstr(msg, "\r\n\r\n") + 4, "No line end\r\n");
	free(msg);
}

static void
test_build(void **state)
{
	struct mail	 m = {
		.message_id = "<0123abcd@example.org>",
		.from = "awards@example.org",
		.from_name = "Change-Maker Awards",
		.to_address = "ada@example.org",
		.to_name = "Ada Lovelace",
		.subject = "Please confirm your nomination",
		.body = "Hello Ada,\n\n.a line with a dot\nhttps://x/confirm"
		    "#token=T\n",
	};
	const char	*head =
	    "Date: Mon, 01 Mar 2027 05:00:00 +0000\r\n"
	    "Message-ID: <0123abcd@example.org>\r\n"
	    "From: \"Change-Maker Awards\" <awards@example.org>\r\n"
	    "To: \"Ada Lovelace\" <ada@example.org>\r\n"
	    "Subject: Please confirm your nomination\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n";
	char		*msg = (char *)"untouched", why[128], *body;
	size_t		 len;

	(void)state;
	/* 2027-03-01T05:00:00Z, a Monday. */
	assert_int_equal(mail_build(&m, 1803877200, &msg, &len, why,
	    sizeof(why)), 0);
	assert_int_equal(strlen(msg), len);
	assert_true(lines_within(msg, 78));
	assert_true(strncmp(msg, head, strlen(head)) == 0);
	body = strstr(msg, "\r\n\r\n");
	assert_non_null(body);
	/* Short ASCII lines go as they are: links stay greppable. */
	assert_string_equal(body + 4, "Hello Ada,\r\n\r\n.a line with a dot"
	    "\r\nhttps://x/confirm#token=T\r\n");
	free(msg);

	/* Non-ASCII text is quoted-printable. */
	m.body = "Zo\xc3\xab =\n";
	assert_int_equal(mail_build(&m, 0, &msg, &len, why, sizeof(why)), 0);
	assert_non_null(strstr(msg, "Content-Transfer-Encoding: "
	    "quoted-printable\r\n"));
	assert_string_equal(strstr(msg, "\r\n\r\n") + 4,
	    "Zo=C3=AB =3D\r\n");
	free(msg);
	m.body = "Hello Ada,\n";

	m.to_name = "Ada\r\nBcc: eve@example.org";
	assert_int_equal(mail_build(&m, 0, &msg, &len, why, sizeof(why)),
	    -1);
	assert_null(msg);
	assert_string_equal(why, "bad recipient name or address");
	m.to_name = "Ada";
	m.subject = "Hi\nBcc: eve@example.org";
	assert_int_equal(mail_build(&m, 0, &msg, &len, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "bad subject");
	m.subject = "Hi";
	m.message_id = "<x@y>\r\nBcc: eve@example.org";
	assert_int_equal(mail_build(&m, 0, &msg, &len, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "bad Message-ID");
	m.message_id = "<x@y>";
	m.from = "awards@example.org\r\nBcc: eve@example.org";
	assert_int_equal(mail_build(&m, 0, &msg, &len, why, sizeof(why)),
	    -1);
	assert_string_equal(why, "bad From address");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_ascii),
		cmocka_unit_test(test_subject_non_ascii),
		cmocka_unit_test(test_subject_spaces),
		cmocka_unit_test(test_header_refuses_line_breaks),
		cmocka_unit_test(test_to_header),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_from_header),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_build_contact),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
