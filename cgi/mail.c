/*
 * mail.c: building an RFC 5322 message from an outbox row (SPEC §5).
 *
 * Pure functions: no I/O, no global state but the clock value passed in.
 * Headers stay 7-bit: non-ASCII text goes into RFC 2047 encoded-words
 * (B encoding, UTF-8), and every header line stays within 78 characters.
 * The body is sent as it is (7bit) when it is short-lined ASCII, else as
 * UTF-8 quoted-printable, so that lines of any length and any byte survive
 * every relay; all line ends are CRLF.  A CR or LF in
 * a header value, which could smuggle a header such as Bcc, is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "awards.h"

/* RFC 5322 2.1.1: lines SHOULD be at most 78 characters, CRLF excluded. */
#define MAIL_LINE_MAX	78
/*
 * Bytes of text per encoded-word at most: 45 bytes are 60 base64
 * characters, 72 with "=?utf-8?B?" and "?=", under the 75 characters of
 * RFC 2047 section 2.
 */
#define MAIL_WORD_BYTES	45
/* Quoted-printable lines are at most 76 characters (RFC 2045 6.7). */
#define MAIL_QP_MAX	76

/* Whether s is printable ASCII only (space to tilde). */
static int
mail_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

/*
 * Whether s may go into a header at all: well-formed UTF-8 without CR, LF
 * or any other control character (valid.c).  Returns 1 or 0.
 */
int
mail_header_safe(const char *s)
{
	return s != NULL && valid_utf8_text(s, strlen(s), 0);
}

/*
 * Whether s is an address we put in To or an envelope: printable ASCII
 * without spaces, quotes, angle brackets or line breaks, with one @ that
 * is neither first nor last.  Returns 1 or 0.
 */
static int
mail_address_ok(const char *s)
{
	const char	*at;

	if (!mail_ascii(s) || strpbrk(s, " \"<>()[],;:\\") != NULL)
		return 0;
	if ((at = strchr(s, '@')) == NULL || at == s || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL)
		return 0;
	return strlen(s) <= 254;
}

/*
 * Appends text as RFC 2047 B encoded-words, the first right at the
 * current column *col, each next one after a space or, when little room is
 * left on the line, after a fold (CRLF SP).  Each word holds as many bytes
 * as fit in 78 columns and 75 characters, never splits a UTF-8 sequence
 * (RFC 2047 section 5) and, when it can, ends just after a space: some
 * decoders (Python's address parser) read the white space between two
 * encoded-words in a name as a space, which RFC 2047 6.2 says to ignore;
 * split at a space, a long name shows at worst a doubled space there,
 * never a space inside a word.  Updates *col.
 */
static void
mail_encoded_words(struct buf *b, size_t *col, const char *text)
{
	char		 b64[4 * MAIL_WORD_BYTES / 3 + 8];
	const unsigned char *p = (const unsigned char *)text;
	size_t		 left = strlen(text), n, room, start, i;
	int		 first = 1;

	while (left > 0) {
		start = first ? *col : *col + 1;
		room = start + 12 + 4 * 4 < MAIL_LINE_MAX ?
		    (MAIL_LINE_MAX - start - 12) / 4 * 3 : 0;
		if (room < 12 && !first) {
			buf_str(b, "\r\n");
			*col = 0;
			start = 1;
			room = (MAIL_LINE_MAX - start - 12) / 4 * 3;
		}
		if (room > MAIL_WORD_BYTES)
			room = MAIL_WORD_BYTES;
		if (room < 3)
			room = 3;
		n = left > room ? room : left;
		/* Back off to the start of a UTF-8 sequence... */
		while (n > 0 && n < left && (p[n] & 0xc0) == 0x80)
			n--;
		if (n == 0)
			n = left > room ? room : left;
		/* ...and, in the second half of the word, to after a space. */
		for (i = n; n < left && i > n / 2; i--)
			if (p[i - 1] == ' ') {
				n = i;
				break;
			}
		sodium_bin2base64(b64, sizeof(b64), p, n,
		    sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			buf_str(b, " ");
		buf_str(b, "=?utf-8?B?");
		buf_str(b, b64);
		buf_str(b, "?=");
		*col = start + 12 + strlen(b64);
		p += n;
		left -= n;
		first = 0;
	}
}

/*
 * Appends printable ASCII text as it is, folding before a space wherever
 * the line would pass column 78.  Folding only inserts CRLF before
 * existing white space, so unfolding gives back the text exactly.
 */
static void
mail_folded_ascii(struct buf *b, size_t *col, const char *text)
{
	const char	*p = text, *q;
	size_t		 n;

	while (*p != '\0') {
		/* One token: its leading spaces and the word after them. */
		q = p;
		while (*q == ' ')
			q++;
		while (*q != '\0' && *q != ' ')
			q++;
		n = (size_t)(q - p);
		if (p != text && *p == ' ' && *col + n > MAIL_LINE_MAX &&
		    q[-1] != ' ') {
			buf_str(b, "\r\n");
			*col = 0;
		}
		buf_add(b, p, n);
		*col += n;
		p = q;
	}
}

/* Whether no word of s is too long to fold within 78 columns. */
static int
mail_words_fit(const char *s, size_t room)
{
	size_t	 n;

	while (*s != '\0') {
		n = strcspn(s, " ");
		if (n > room)
			return 0;
		s += n;
		s += strspn(s, " ");
	}
	return 1;
}

/* Whether every line of s (CRLF-separated) is at most 78 characters. */
static int
mail_lines_fit(const char *s)
{
	size_t	 n;

	for (;;) {
		n = strcspn(s, "\r");
		if (n > MAIL_LINE_MAX)
			return 0;
		if (s[n] == '\0')
			return 1;
		s += n + 2;
	}
}

/*
 * Formats "Subject: ...\r\n": plain ASCII folded at spaces when it can be,
 * else encoded-words (non-ASCII text, a word too long to fold, spaces
 * that folding would leave past column 78, or text that would read as an
 * encoded-word).  On success returns 0 and sets *out
 * to a string the caller frees; returns -1 for a subject with a line break
 * or control character or invalid UTF-8, or when out of memory.
 */
int
mail_subject_header(const char *subject, char **out)
{
	struct buf	 b = { NULL, 0, 0, 0 };
	size_t		 col = strlen("Subject: ");
	int		 plain;

	*out = NULL;
	if (!mail_header_safe(subject))
		return -1;
	buf_str(&b, "Subject: ");
	plain = mail_ascii(subject) && strstr(subject, "=?") == NULL &&
	    mail_words_fit(subject, MAIL_LINE_MAX - col - 1);
	if (plain) {
		mail_folded_ascii(&b, &col, subject);
		/*
		 * Spaces are never folded away: trailing ones, or a long
		 * run of them, may still pass column 78.  Encode instead.
		 */
		plain = b.failed || mail_lines_fit(b.s);
		if (!plain) {
			buf_free(&b);
			buf_str(&b, "Subject: ");
			col = strlen("Subject: ");
		}
	}
	if (!plain)
		mail_encoded_words(&b, &col, subject);
	buf_str(&b, "\r\n");
	return buf_finish(&b, out, NULL);
}

/*
 * Formats "<field>: ...\r\n" (To or From) for one address: the bare
 * address when name is empty, an ASCII name as a quoted-string, a
 * non-ASCII (or very long) name as encoded-words; the <address> is folded
 * onto its own line when it would pass column 78.  On success returns 0
 * and sets *out to a string the caller frees; returns -1 for a name or
 * address with a line break or control character, an address that is not
 * a plain address, or OOM.
 */
int
mail_address_header(const char *field, const char *name,
    const char *address, char **out)
{
	struct buf	 b = { NULL, 0, 0, 0 };
	size_t		 col = strlen(field) + 2, quoted;
	const char	*p;

	*out = NULL;
	if (!mail_header_safe(name) || !mail_address_ok(address))
		return -1;
	buf_str(&b, field);
	buf_str(&b, ": ");
	if (*name == '\0') {
		buf_str(&b, address);
		buf_str(&b, "\r\n");
		return buf_finish(&b, out, NULL);
	}
	quoted = strlen(name) + 2;
	for (p = name; *p != '\0'; p++)
		if (*p == '"' || *p == '\\')
			quoted++;
	if (mail_ascii(name) && strstr(name, "=?") == NULL &&
	    col + quoted <= MAIL_LINE_MAX) {
		buf_str(&b, "\"");
		for (p = name; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_str(&b, "\\");
			buf_add(&b, p, 1);
		}
		buf_str(&b, "\"");
		col += quoted;
	} else
		mail_encoded_words(&b, &col, name);
	if (col + 3 + strlen(address) > MAIL_LINE_MAX) {
		buf_str(&b, "\r\n");
		col = 0;
	}
	buf_str(&b, " <");
	buf_str(&b, address);
	buf_str(&b, ">\r\n");
	return buf_finish(&b, out, NULL);
}

/* The To header of one recipient (see mail_address_header()). */
int
mail_to_header(const char *name, const char *address, char **out)
{
	return mail_address_header("To", name, address, out);
}

/*
 * Copies text with every line end (CRLF, a lone LF, a lone CR) made CRLF,
 * and a final CRLF added when the text does not end with one.  On success
 * returns 0 and sets *out to a string the caller frees; -1 on OOM.
 */
int
mail_crlf(const char *text, char **out)
{
	struct buf	 b = { NULL, 0, 0, 0 };
	const char	*p = text;
	size_t		 n;

	*out = NULL;
	buf_add(&b, "", 0);
	while (*p != '\0') {
		n = strcspn(p, "\r\n");
		buf_add(&b, p, n);
		p += n;
		if (*p == '\0')
			break;
		if (p[0] == '\r' && p[1] == '\n')
			p++;
		p++;
		buf_str(&b, "\r\n");
	}
	if (b.len > 0 && (b.len < 2 || strcmp(b.s + b.len - 2, "\r\n") != 0))
		buf_str(&b, "\r\n");
	return buf_finish(&b, out, NULL);
}

/*
 * Encodes text as quoted-printable (RFC 2045 6.7) with CRLF line ends:
 * any line end of text (CRLF, LF or CR) is a hard line break; printable
 * ASCII but "=" stays as it is; a space or tab at the end of a line, "="
 * and every other byte become =XX; soft breaks ("=" CRLF) keep each line
 * at most 76 characters.  On success returns 0 and sets *out to a string
 * the caller frees; -1 on OOM.
 */
int
mail_quoted_printable(const char *text, char **out)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf	 b = { NULL, 0, 0, 0 };
	const unsigned char *p = (const unsigned char *)text;
	char		 enc[4];
	size_t		 col = 0, n;
	int		 eol;

	*out = NULL;
	buf_add(&b, "", 0);
	while (*p != '\0') {
		if (*p == '\r' || *p == '\n') {
			if (p[0] == '\r' && p[1] == '\n')
				p++;
			p++;
			buf_str(&b, "\r\n");
			col = 0;
			continue;
		}
		eol = p[1] == '\0' || p[1] == '\r' || p[1] == '\n';
		if ((*p >= 33 && *p <= 126 && *p != '=') ||
		    ((*p == ' ' || *p == '\t') && !eol)) {
			enc[0] = (char)*p;
			n = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 0x0f];
			n = 3;
		}
		/* The last character of a line may use the 76th column. */
		if (col + n > (eol ? MAIL_QP_MAX : MAIL_QP_MAX - 1)) {
			buf_str(&b, "=\r\n");
			col = 0;
		}
		buf_add(&b, enc, n);
		col += n;
		p++;
	}
	if (b.len > 0 && (b.len < 2 ||
	    strcmp(b.s + b.len - 2, "\r\n") != 0))
		buf_str(&b, "\r\n");
	return buf_finish(&b, out, NULL);
}

/*
 * Whether text can travel as 7bit (RFC 2045 2.7): ASCII only, no control
 * character but line ends and tabs, no line over 998 octets.  Such a body
 * stays readable as it is, links included, in any file or pager.
 */
static int
mail_7bit(const char *text)
{
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 col = 0;

	for (; *p != '\0'; p++) {
		if (*p == '\r' || *p == '\n') {
			col = 0;
			continue;
		}
		if (*p >= 0x7f || (*p < 0x20 && *p != '\t') || ++col > 998)
			return 0;
	}
	return 1;
}

/* Formats t as an RFC 5322 date in UTC, whatever the locale. */
static void
mail_date(time_t t, char *buf, size_t bufsz)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(buf, bufsz, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Whether id is a Message-ID as outbox.c makes them: <left@right>. */
static int
mail_message_id_ok(const char *id)
{
	size_t	 n = strlen(id);

	return n >= 5 && n <= 200 && id[0] == '<' && id[n - 1] == '>' &&
	    mail_ascii(id) && strchr(id, ' ') == NULL &&
	    strchr(id, '@') != NULL && strpbrk(id + 1, "<") == NULL &&
	    strchr(id, '>') == id + n - 1;
}

/*
 * The body of m as it is sent: its text, then, whatever the template
 * said, a last line naming whom to write to (m->contact, when there is
 * one) after the words of m->contact_line in the mail's language (a
 * phrase of the database; without one, English), so that no edited
 * template can leave a person without a contact.  Sets *out (the
 * caller frees it); returns 0, or -1 with *out NULL on a contact that is
 * not one address or on OOM.
 */
static int
mail_body_with_contact(const struct mail *m, char **out)
{
	struct buf	 b = { NULL, 0, 0, 0 };
	size_t		 n = strlen(m->body);

	*out = NULL;
	if (m->contact != NULL && *m->contact != '\0' &&
	    (!mail_header_safe(m->contact) || !mail_address_ok(m->contact)))
		return -1;
	buf_str(&b, m->body);
	if (m->contact != NULL && *m->contact != '\0') {
		if (n > 0 && m->body[n - 1] != '\n')
			buf_str(&b, "\n");
		buf_str(&b, "\n");
		buf_str(&b, m->contact_line != NULL &&
		    *m->contact_line != '\0' ? m->contact_line :
		    "Questions, or something went wrong? Write to the "
		    "organizers:");
		buf_str(&b, "\n");
		buf_str(&b, m->contact);
		buf_str(&b, "\n");
	}
	return buf_finish(&b, out, NULL);
}

/*
 * Builds the whole message of m, dated date, with CRLF line ends, ready
 * for SMTP DATA (libcurl does the dot-stuffing).  On success returns 0 and
 * sets *out (the caller frees it) and *outlen.  On failure returns -1 with
 * *out NULL and the reason in why: a header value with a line break or
 * control character, an address or Message-ID that is not one, or OOM.
 * The reason never quotes the body.
 */
int
mail_build(const struct mail *m, time_t date, char **out, size_t *outlen,
    char *why, size_t whysz)
{
	struct buf	 b = { NULL, 0, 0, 0 };
	char		 stamp[64];
	char		*from = NULL, *to = NULL, *subject = NULL, *body = NULL;
	char		*text = NULL;
	int		 rc = -1, plain;

	*out = NULL;
	*outlen = 0;
	if (!mail_message_id_ok(m->message_id)) {
		snprintf(why, whysz, "bad Message-ID");
		goto out;
	}
	if (mail_address_header("From", m->from_name != NULL ? m->from_name :
	    "", m->from, &from) == -1) {
		snprintf(why, whysz, "bad From address");
		goto out;
	}
	if (mail_to_header(m->to_name, m->to_address, &to) == -1) {
		snprintf(why, whysz, "bad recipient name or address");
		goto out;
	}
	if (mail_subject_header(m->subject, &subject) == -1) {
		snprintf(why, whysz, "bad subject");
		goto out;
	}
	if (mail_body_with_contact(m, &text) == -1) {
		snprintf(why, whysz, "bad contact address");
		goto out;
	}
	plain = mail_7bit(text);
	if ((plain ? mail_crlf(text, &body) :
	    mail_quoted_printable(text, &body)) == -1) {
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	mail_date(date, stamp, sizeof(stamp));
	buf_str(&b, "Date: ");
	buf_str(&b, stamp);
	buf_str(&b, "\r\nMessage-ID: ");
	buf_str(&b, m->message_id);
	buf_str(&b, "\r\n");
	buf_str(&b, from);
	buf_str(&b, to);
	buf_str(&b, subject);
	buf_str(&b, "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: ");
	buf_str(&b, plain ? "7bit" : "quoted-printable");
	buf_str(&b, "\r\nAuto-Submitted: auto-generated\r\n\r\n");
	buf_str(&b, body);
	if (buf_finish(&b, out, outlen) == -1) {
		snprintf(why, whysz, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(b.s);
	free(from);
	free(to);
	free(subject);
	free(body);
	free(text);
	return rc;
}
