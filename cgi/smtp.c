/*
 * smtp.c: sending one message over SMTP with libcurl (SPEC §5, §6).
 *
 * One struct smtp (one CURL handle) per thread, reused from message to
 * message so that libcurl keeps the connection to the server open.  The
 * server's SMTP reply decides what happens to a message: 2xx sent, 5xx
 * permanent, anything else (4xx, no connection, a timeout, TLS or login
 * trouble, which are the operator's to fix) transient.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "awards.h"

#define SMTP_CONNECT_TIMEOUT_MS	10000L
#define SMTP_TIMEOUT_MS		60000L

struct smtp {
	CURL		*curl;
	const char	*data;		/* the message being uploaded */
	size_t		 left;
	char		 errbuf[CURL_ERROR_SIZE];
	char		 reply[256];	/* the server's last 4xx/5xx reply */
	char		 verb[5];	/* the last command sent, such as RCPT */
	char		 reply_to[5];	/* the command that reply answered */
};

/*
 * Opens a client.  Returns NULL when libcurl cannot make a handle.  The
 * caller frees with smtp_close().
 */
struct smtp *
smtp_open(void)
{
	struct smtp	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->curl = curl_easy_init()) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

/* Closes the connection, if any, and frees the client.  Accepts NULL. */
void
smtp_close(struct smtp *s)
{
	if (s == NULL)
		return;
	curl_easy_cleanup(s->curl);
	free(s);
}

/* libcurl's read callback: hands out the rest of the message. */
static size_t
smtp_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct smtp	*s = arg;
	size_t		 n = size * nitems;

	if (n > s->left)
		n = s->left;
	memcpy(buf, s->data, n);
	s->data += n;
	s->left -= n;
	return n;
}

/*
 * libcurl's debug callback.  Of what the client sends it keeps only the
 * first four letters of each command (the verb; AUTH credentials follow
 * it and are never copied).  Of what the server says it keeps the last
 * error reply line, made printable ASCII (it goes into last_error, a text
 * column), and the verb it answered, so that smtp_send() can tell a reply
 * about this message from one about the server or its configuration.
 */
static int
smtp_debug(CURL *curl, curl_infotype type, char *data, size_t size,
    void *arg)
{
	struct smtp	*s = arg;
	size_t		 n, i;

	(void)curl;
	if (type == CURLINFO_HEADER_OUT) {
		for (i = 0; i < 4 && i < size; i++)
			s->verb[i] = (char)toupper((unsigned char)data[i]);
		s->verb[i] = '\0';
		return 0;
	}
	if (type != CURLINFO_HEADER_IN || size < 3 ||
	    (data[0] != '4' && data[0] != '5'))
		return 0;
	n = size < sizeof(s->reply) - 1 ? size : sizeof(s->reply) - 1;
	for (i = 0; i < n && data[i] != '\r' && data[i] != '\n'; i++)
		s->reply[i] = data[i] >= 0x20 && data[i] <= 0x7e ?
		    data[i] : '?';
	s->reply[i] = '\0';
	memcpy(s->reply_to, s->verb, sizeof(s->reply_to));
	return 0;
}

/*
 * Sends message (len bytes, CRLF lines, not dot-stuffed: libcurl does it)
 * from the envelope sender from to the one recipient to, over the server
 * of AWARDS_SMTP_URL.  Returns SMTP_SENT, SMTP_TRANSIENT or SMTP_PERMANENT;
 * on failure answer holds curl's reason and the server's reply, for the
 * outbox's last_error (never a credential).  Nothing is owned.
 */
enum smtp_result
smtp_send(struct smtp *s, const char *from, const char *to,
    const char *message, size_t len, char *answer, size_t answersz)
{
	struct curl_slist *rcpt = NULL;
	char		 mail_from[300], rcpt_to[300];
	long		 code = 0, tls;
	CURLcode	 rc;
	CURL		*c = s->curl;
	enum smtp_result result;

	answer[0] = '\0';
	s->errbuf[0] = '\0';
	s->reply[0] = '\0';
	s->verb[0] = '\0';
	s->reply_to[0] = '\0';
	s->data = message;
	s->left = len;
	snprintf(mail_from, sizeof(mail_from), "<%s>", from);
	snprintf(rcpt_to, sizeof(rcpt_to), "<%s>", to);
	if ((rcpt = curl_slist_append(NULL, rcpt_to)) == NULL) {
		snprintf(answer, answersz, "out of memory");
		return SMTP_TRANSIENT;
	}
	if (strcmp(config.smtp_starttls, "required") == 0)
		tls = CURLUSESSL_ALL;
	else if (strcmp(config.smtp_starttls, "optional") == 0)
		tls = CURLUSESSL_TRY;
	else
		tls = CURLUSESSL_NONE;

	curl_easy_setopt(c, CURLOPT_URL, config.smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL, tls);
	if (config.smtp_user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, config.smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
		    config.smtp_password != NULL ? config.smtp_password : "");
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(c, CURLOPT_READDATA, s);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, SMTP_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, SMTP_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, smtp_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, s);

	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	/* The list must not outlive its use by the handle. */
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);

	if (rc == CURLE_OK) {
		result = SMTP_SENT;
		goto out;
	}
	/*
	 * A 5xx is about this message only when it answered the recipient
	 * (RCPT) or the message itself (DATA and its end).  A 5xx to the
	 * greeting, EHLO, STARTTLS, AUTH or MAIL FROM is about the server or
	 * our configuration, which an operator can fix: if it killed the
	 * message, the whole queue would die of it, so those wait like a
	 * server that is down.
	 */
	if (code >= 500 && code <= 599 && (strcmp(s->reply_to, "RCPT") == 0 ||
	    strcmp(s->reply_to, "DATA") == 0))
		result = SMTP_PERMANENT;
	else
		result = SMTP_TRANSIENT;
	snprintf(answer, answersz, "%s%s%s",
	    s->errbuf[0] != '\0' ? s->errbuf : curl_easy_strerror(rc),
	    s->reply[0] != '\0' ? ": " : "", s->reply);
out:
	s->data = NULL;
	s->left = 0;
	return result;
}
