/*
 * fuzz/mail.c: the mail builder, mail_build() of cgi/mail.c (headers in
 * RFC 2047 encoded-words or folded ASCII, bodies in 7bit or
 * quoted-printable), on any outbox row: names and subjects people typed
 * or organizers wrote, bodies rendered from templates.
 *
 * The input is NUL-separated: the recipient's name, address, subject,
 * body, the sender's display name and the Message-ID; a missing piece
 * takes a plain default.  Beyond "no crash, no overflow, no UB" it
 * asserts, for every message built:
 *
 * - no CR or LF of a value ever reaches a header: the header section
 *   holds exactly the nine fields the builder writes (Date, Message-ID,
 *   From, To, Subject, MIME-Version, Content-Type,
 *   Content-Transfer-Encoding, Auto-Submitted), in that order, every other
 *   line a fold (starting with a space), so nothing like "Bcc:" is ever
 *   smuggled in; a subject or name holding CR or LF is refused;
 * - every line of the message ends in CRLF, with no bare CR or LF;
 *   header lines are printable ASCII, at most 78 characters but for a
 *   line holding an address or Message-ID, which cannot be folded (at
 *   most 998);
 * - the headers decode back to what was given: Subject and the To name
 *   (quoted-string or encoded-words, unfolded) and the To address;
 * - the body decodes back to the text given, with its line ends made
 *   CRLF: 7bit as it is (lines at most 998), quoted-printable through
 *   its decoding (lines at most 76);
 * - a row whose values are all acceptable (UTF-8 names and subject without
 *   control characters, plain addresses, a <left@right> Message-ID) is
 *   always built.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"

#define CHECK(cond)	do { if (!(cond)) abort(); } while (0)

static const char *const fields[] = {
	"Date", "Message-ID", "From", "To", "Subject", "MIME-Version",
	"Content-Type", "Content-Transfer-Encoding", "Auto-Submitted", NULL
};

/* The value of header name in head (unfolded; the caller frees), or NULL. */
static char *
header(const char *head, const char *name)
{
	const char	*p = head, *end;
	struct buf	 b = { 0 };
	char		*out;

	for (;;) {
		if (strncmp(p, name, strlen(name)) == 0 &&
		    p[strlen(name)] == ':')
			break;
		if ((p = strstr(p, "\r\n")) == NULL)
			return NULL;
		p += 2;
	}
	p += strlen(name) + 2;
	buf_add(&b, "", 0);
	for (;;) {
		end = strstr(p, "\r\n");
		buf_add(&b, p, (size_t)(end - p));
		p = end + 2;
		if (*p != ' ')
			break;
	}
	CHECK(buf_finish(&b, &out, NULL) == 0);
	return out;
}

/*
 * Decodes s, encoded-words separated by one space, up to end, into a
 * string the caller frees.
 */
static char *
words(const char *s, const char *end)
{
	struct buf	 b = { 0 };
	unsigned char	 bin[64];
	const char	*q;
	char		*out;
	size_t		 n;

	buf_add(&b, "", 0);
	while (s < end) {
		CHECK(strncmp(s, "=?utf-8?B?", 10) == 0);
		s += 10;
		CHECK((q = strstr(s, "?=")) != NULL && q <= end);
		CHECK(sodium_base642bin(bin, sizeof(bin), s, (size_t)(q - s),
		    NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL) == 0);
		buf_add(&b, (const char *)bin, n);
		s = q + 2;
		if (s < end)
			CHECK(*s++ == ' ');
	}
	CHECK(buf_finish(&b, &out, NULL) == 0);
	return out;
}

/* text with every line end made CRLF and a last one added, as sent. */
static char *
crlf(const char *text)
{
	struct buf	 b = { 0 };
	char		*out;

	buf_add(&b, "", 0);
	for (; *text != '\0'; text++) {
		if (*text == '\r' && text[1] == '\n')
			continue;
		buf_add(&b, *text == '\r' || *text == '\n' ? "\r\n" : text,
		    *text == '\r' || *text == '\n' ? 2 : 1);
	}
	if (b.len > 0 && (b.len < 2 || strcmp(b.s + b.len - 2, "\r\n") != 0))
		buf_str(&b, "\r\n");
	CHECK(buf_finish(&b, &out, NULL) == 0);
	return out;
}

/* The quoted-printable body qp decoded (the caller frees). */
static char *
unqp(const char *qp)
{
	struct buf	 b = { 0 };
	const char	*p, *eol;
	char		*out, c;
	unsigned int	 v;

	buf_add(&b, "", 0);
	for (p = qp; *p != '\0'; p = eol + 2) {
		CHECK((eol = strstr(p, "\r\n")) != NULL);
		CHECK(eol - p <= 76);
		for (; p < eol; p++) {
			if (*p != '=') {
				CHECK(*p >= 33 || ((*p == ' ' ||
				    *p == '\t') && p + 1 < eol));
				buf_add(&b, p, 1);
				continue;
			}
			if (p + 1 == eol)
				break;	/* a soft break */
			CHECK(strspn(p + 1, "0123456789ABCDEF") >= 2);
			CHECK(sscanf(p + 1, "%2x", &v) == 1);
			c = (char)v;
			buf_add(&b, &c, 1);
			p += 2;
		}
		if (p == eol)
			buf_str(&b, "\r\n");
	}
	CHECK(buf_finish(&b, &out, NULL) == 0);
	return out;
}

/* Checks the To value: the name (quoted or encoded) and <address>. */
static void
check_to(const char *v, const struct mail *m)
{
	const char	*end;
	char		*name, *o;

	if (*m->to_name == '\0') {
		CHECK(strcmp(v, m->to_address) == 0);
		return;
	}
	CHECK((end = strrchr(v, '<')) != NULL && end > v && end[-1] == ' ');
	CHECK(strncmp(end + 1, m->to_address, strlen(m->to_address)) == 0 &&
	    strcmp(end + 1 + strlen(m->to_address), ">") == 0);
	end--;
	if (*v == '"') {
		CHECK(end[-1] == '"');
		if ((name = malloc((size_t)(end - v))) == NULL)
			abort();
		for (o = name, v++; v < end - 1; v++) {
			if (*v == '\\')
				v++;
			else
				CHECK(*v != '"');
			*o++ = *v;
		}
		*o = '\0';
	} else
		name = words(v, end);
	CHECK(strcmp(name, m->to_name) == 0);
	free(name);
}

/* Whether needle occurs in the line from p to eol. */
static int
within(const char *p, const char *eol, const char *needle)
{
	const char	*q = strstr(p, needle);

	return *needle != '\0' && q != NULL && q + strlen(needle) <= eol;
}

/* Checks a message built from m (see the invariants above). */
static void
check(const char *msg, size_t len, const struct mail *m)
{
	const char	*p, *eol, *sep, *body;
	char		*v, *want, *got;
	size_t		 i = 0;
	int		 qp;

	CHECK(strlen(msg) == len);
	CHECK((sep = strstr(msg, "\r\n\r\n")) != NULL);
	body = sep + 4;
	/* Every line ends in CRLF, none holds a bare CR or LF. */
	for (p = msg; *p != '\0'; p = eol + 2) {
		CHECK((eol = strstr(p, "\r\n")) != NULL);
		CHECK(memchr(p, '\r', (size_t)(eol - p)) == NULL &&
		    memchr(p, '\n', (size_t)(eol - p)) == NULL);
		if (p > sep)
			continue;
		/* A header line: printable ASCII, within 78 (998). */
		for (v = (char *)p; v < eol; v++)
			CHECK(*v >= 0x20 && *v <= 0x7e);
		CHECK(eol - p <= 998);
		if (eol - p > 78)
			CHECK(within(p, eol, m->to_address) ||
			    within(p, eol, m->from) ||
			    within(p, eol, m->message_id));
		if (*p == ' ') {
			CHECK(i > 0);
			continue;
		}
		CHECK(fields[i] != NULL);
		CHECK(strncmp(p, fields[i], strlen(fields[i])) == 0 &&
		    strncmp(p + strlen(fields[i]), ": ", 2) == 0);
		i++;
	}
	CHECK(fields[i] == NULL);

	v = header(msg, "Subject");
	if (strncmp(v, "=?utf-8?B?", 10) == 0) {
		got = words(v, v + strlen(v));
		CHECK(strcmp(got, m->subject) == 0);
		free(got);
	} else
		CHECK(strcmp(v, m->subject) == 0);
	free(v);
	v = header(msg, "To");
	check_to(v, m);
	free(v);

	v = header(msg, "Content-Transfer-Encoding");
	qp = strcmp(v, "quoted-printable") == 0;
	CHECK(qp || strcmp(v, "7bit") == 0);
	free(v);
	want = crlf(m->body);
	if (qp) {
		got = unqp(body);
		CHECK(strcmp(got, want) == 0);
		free(got);
	} else {
		CHECK(strcmp(body, want) == 0);
		for (p = body; *p != '\0'; p = eol + 2)
			CHECK((eol = strstr(p, "\r\n")) - p <= 998);
	}
	free(want);
}

/* Whether s is a plain address as the builder wants one. */
static int
address_ok(const char *s)
{
	const char	*at = strchr(s, '@');
	size_t		 i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f ||
		    strchr("\"<>()[],;:\\", s[i]) != NULL)
			return 0;
	return at != NULL && at != s && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL && i <= 254;
}

/* Whether s is printable ASCII without spaces. */
static int
graphic(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s <= 0x20 || *s >= 0x7f)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const defaults[] = {
		"Ada Lovelace", "ada@example.org", "Your sign-in link",
		"Hello,\n\nhttp://localhost:8080/login#token=abc\n",
		"Change-Maker Awards", "<0123abcd@localhost>"
	};
	const char	*piece[6];
	struct mail	 m;
	char		*in, *msg, why[128];
	size_t		 off = 0, i, len, idlen;
	int		 ok, should;

	if (size > 64 * 1024)
		return 0;
	if ((in = malloc(size + 1)) == NULL)
		abort();
	memcpy(in, data, size);
	in[size] = '\0';
	for (i = 0; i < 6; i++) {
		piece[i] = off <= size ? in + off : defaults[i];
		if (off <= size)
			off += strlen(in + off) + 1;
	}
	memset(&m, 0, sizeof(m));
	m.to_name = piece[0];
	m.to_address = piece[1];
	m.subject = piece[2];
	m.body = piece[3];
	m.from_name = piece[4];
	m.message_id = piece[5];
	m.from = "awards@localhost";

	ok = mail_build(&m, (time_t)1800000000, &msg, &len, why,
	    sizeof(why)) == 0;
	if (ok) {
		check(msg, len, &m);
		free(msg);
	} else
		CHECK(msg == NULL);
	idlen = strlen(m.message_id);
	should = mail_header_safe(m.to_name) && mail_header_safe(m.subject) &&
	    mail_header_safe(m.from_name) && address_ok(m.to_address) &&
	    idlen >= 5 && idlen <= 200 && m.message_id[0] == '<' &&
	    strchr(m.message_id, '>') == m.message_id + idlen - 1 &&
	    strchr(m.message_id + 1, '<') == NULL &&
	    strchr(m.message_id, '@') != NULL && graphic(m.message_id);
	if (should)
		CHECK(ok);
	if (strpbrk(m.to_name, "\r\n") != NULL ||
	    strpbrk(m.subject, "\r\n") != NULL ||
	    strpbrk(m.from_name, "\r\n") != NULL)
		CHECK(!ok);
	free(in);
	return 0;
}
