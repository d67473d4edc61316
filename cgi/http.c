/*
 * http.c: reading a request from FastCGI (parameters, a capped body, the
 * query string, cookies) and writing responses: JSON, the error JSON of
 * SPEC §4, and the request's log line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "awards.h"
#include "db.h"

static const char *const methods[METHOD__MAX] = {
	[METHOD_GET] = "GET",
	[METHOD_POST] = "POST",
	[METHOD_PUT] = "PUT",
	[METHOD_PATCH] = "PATCH",
	[METHOD_DELETE] = "DELETE",
};

/* The name of a method, such as "GET"; "-" for none. */
const char *
http_method_name(enum method m)
{
	return m < METHOD__MAX ? methods[m] : "-";
}

static const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

/* A FastCGI parameter, or "" when absent. */
const char *
http_param(const struct req *req, const char *name)
{
	const char	*v = FCGX_GetParam(name, req->fcgi->envp);

	return v != NULL ? v : "";
}

/* Reads and throws away whatever the client sent that we will not use. */
static void
http_drain(struct req *req)
{
	char	 scratch[8192];

	while (FCGX_GetStr(scratch, sizeof(scratch), req->fcgi->in) > 0)
		continue;
}

/*
 * Fills req from the FastCGI request, reading the body (at most
 * HTTP_BODY_MAX bytes).  Returns 0, or -1 when a response (400, 405, 413)
 * has already been written.  The caller calls http_request_end() either way.
 */
int
http_request_begin(struct req *req, FCGX_Request *fcgi, struct db *db)
{
	const char	*m, *uri, *cl;
	char		*end;
	long long	 length;
	int		 i, got;
	size_t		 have;

	memset(req, 0, sizeof(*req));
	clock_gettime(CLOCK_MONOTONIC, &req->start);
	req->fcgi = fcgi;
	req->db = db;
	req->method = METHOD__MAX;
	req->route = -1;
	db_misread_reset();
	/* nginx's $request_id, in every log line of this request. */
	log_request_id(http_param(req, "REQUEST_ID"));
	m = http_param(req, "REQUEST_METHOD");
	for (i = 0; i < METHOD__MAX; i++)
		if (strcmp(m, methods[i]) == 0)
			req->method = (enum method)i;
	uri = http_param(req, "DOCUMENT_URI");
	if (*uri == '\0')
		uri = http_param(req, "SCRIPT_NAME");
	req->path = uri;
	req->query = http_param(req, "QUERY_STRING");
	req->remote_addr = http_param(req, "REMOTE_ADDR");

	if (req->method == METHOD__MAX) {
		http_drain(req);
		http_error(req, 405, "method_not_allowed",
		    "method not allowed", NULL);
		return -1;
	}
	cl = http_param(req, "CONTENT_LENGTH");
	length = *cl == '\0' ? 0 : strtoll(cl, &end, 10);
	if (*cl != '\0' && (*end != '\0' || length < 0)) {
		http_drain(req);
		http_error(req, 400, "bad_request",
		    "Content-Length is not a number", NULL);
		return -1;
	}
	if (length > HTTP_BODY_MAX) {
		http_drain(req);
		http_error(req, 413, "body_too_large",
		    "the body is larger than 128 KiB", NULL);
		return -1;
	}
	if ((req->body = malloc((size_t)length + 1)) == NULL) {
		http_drain(req);
		http_internal(req, "out of memory");
		return -1;
	}
	for (have = 0; have < (size_t)length; have += (size_t)got) {
		got = FCGX_GetStr(req->body + have, (int)(length - have),
		    fcgi->in);
		if (got <= 0)
			break;
	}
	req->body[have] = '\0';
	req->bodylen = have;
	if (have < (size_t)length) {
		http_error(req, 400, "body_incomplete",
		    "the body is shorter than its Content-Length", NULL);
		return -1;
	}
	http_drain(req);
	return 0;
}

/* Writes the log line and frees what the request holds. */
void
http_request_end(struct req *req)
{
	double	 ms = util_elapsed_ms(&req->start);

	log_info("%s %s %d %.2fms", http_method_name(req->method),
	    req->path != NULL ? req->path : "-", req->status, ms);
	metrics_request(req->route, req->status, ms);
	log_request_id(NULL);
	free(req->body);
	req->body = NULL;
}

/*
 * Writes a whole response: the status, extra header lines (each ending in
 * \r\n, or NULL) and a body of len bytes.  A request that read a column
 * its result lacks answers 500 instead (db_misread()): what it would have
 * sent holds "" or 0 where a value belonged.
 */
void
http_raw(struct req *req, int status, const char *headers, const char *body,
    size_t len)
{
	if (db_misread() && status < 500) {
		db_misread_reset();
		http_internal(req, "a column read is missing (see above)");
		return;
	}
	req->status = status;
	FCGX_FPrintF(req->fcgi->out, "Status: %d %s\r\n%s"
	    "Cache-Control: no-store\r\n\r\n", status, http_reason(status),
	    headers != NULL ? headers : "");
	if (len > 0)
		FCGX_PutStr(body, (int)len, req->fcgi->out);
}

/*
 * Writes obj as the JSON body, with extra header lines.  Steals the
 * reference to obj, on every path.
 */
void
http_json_headers(struct req *req, int status, const char *headers,
    json_t *obj)
{
	char	*text = NULL;
	char	 all[2048];

	if (obj != NULL)
		text = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(obj);
	if (text == NULL) {
		http_raw(req, 500, "Content-Type: application/json\r\n",
		    "{\"error\":{\"code\":\"internal\",\"message\":"
		    "\"internal error\"}}", 49);
		return;
	}
	snprintf(all, sizeof(all), "Content-Type: application/json\r\n%s",
	    headers != NULL ? headers : "");
	http_raw(req, status, all, text, strlen(text));
	free(text);
}

/* Writes obj as the JSON body.  Steals the reference to obj. */
void
http_json(struct req *req, int status, json_t *obj)
{
	http_json_headers(req, status, NULL, obj);
}

/*
 * Writes the JSON text that b holds (built by the caller, or by
 * PostgreSQL) as the body, and empties b; 500 when b ran out of memory.
 */
void
http_json_buf(struct req *req, int status, struct buf *b)
{
	char	*text;
	size_t	 len;

	if (buf_finish(b, &text, &len) == -1) {
		http_internal(req, "out of memory");
		return;
	}
	http_raw(req, status, "Content-Type: application/json\r\n", text,
	    len);
	free(text);
}

/*
 * Answers 200 with the JSON text in column answer of res's one row: an
 * answer its statement wrote whole, sent as PostgreSQL wrote it.  404
 * "no such <what>" when res has no row.  Clears res; NULL for res (its
 * statement failed) answers nothing: the dispatcher does.
 */
void
http_json_answer(struct req *req, PGresult *res, const char *what)
{
	const char	*text;

	if (res == NULL)
		return;
	if (http_row_found(req, res, what)) {
		text = db_text(res, 0, "answer");
		http_raw(req, 200, "Content-Type: application/json\r\n", text,
		    strlen(text));
	}
	PQclear(res);
}

/*
 * Writes the error JSON of SPEC §4:
 * {"error": {"code", "message", "fields"}}.  Steals the reference to
 * fields (may be NULL).
 */
void
http_error(struct req *req, int status, const char *code, const char *message,
    json_t *fields)
{
	http_error_extra(req, status, code, message, fields == NULL ? NULL :
	    json_pack("{s:o}", "fields", fields));
}

/*
 * Like http_error(), with the members of extra (stolen; may be NULL)
 * beside "code" and "message" in the error object, as the phase
 * refusal's "phase" and "allowed".
 */
void
http_error_extra(struct req *req, int status, const char *code,
    const char *message, json_t *extra)
{
	json_t	*err;
	char	 text[512];

	/* A message quoting input (jansson's) may end inside a character. */
	snprintf(text, sizeof(text), "%s", message);
	err = json_pack("{s:s, s:s}", "code", code, "message",
	    util_utf8_repair(text));
	if (err != NULL && extra != NULL)
		json_object_update(err, extra);
	json_decref(extra);
	http_json(req, status, json_pack("{s:o*}", "error", err));
}

/*
 * Answers 500 with an error id that is also in the log beside what went
 * wrong, so a report can be matched to its cause without leaking it.
 */
void
http_internal(struct req *req, const char *what)
{
	char	 id[17];
	json_t	*err;

	util_random_hex(id, 8);
	log_error("error %s: %s %s: %s", id, http_method_name(req->method),
	    req->path, what);
	err = json_pack("{s:s, s:s, s:s}", "code", "internal",
	    "message", "internal error", "id", id);
	http_json(req, 500, json_pack("{s:o*}", "error", err));
}

/*
 * Answers for the database failure that db_status() describes: 503 when
 * the database is unavailable, 409 or 422 for refused data, else 500.
 * The transaction the failure aborted is rolled back first.
 */
void
http_db_error(struct req *req)
{
	int	 status;

	db_rollback(req->db);
	status = db_status(req->db);

	switch (status) {
	case 503:
		http_json_headers(req, 503, "Retry-After: 1\r\n",
		    json_pack("{s:{s:s, s:s}}", "error", "code", "unavailable",
		    "message", "the database is unavailable; try again"));
		break;
	case 409:
		http_error(req, 409, "conflict",
		    "this conflicts with existing data", NULL);
		break;
	case 422:
		http_error(req, 422, "invalid", "a value was refused", NULL);
		break;
	case 404:
		http_error(req, 404, "not_found", "not found", NULL);
		break;
	default:
		http_internal(req, db_sqlstate(req->db));
		break;
	}
}

/*
 * Whether res (the lookup of the resource a request names) has a row: 1,
 * or 0 after answering 404 not_found "no such <what>".
 */
int
http_row_found(struct req *req, const PGresult *res, const char *what)
{
	char	 message[64];

	if (PQntuples(res) > 0)
		return 1;
	snprintf(message, sizeof(message), "no such %s", what);
	http_error(req, 404, "not_found", message, NULL);
	return 0;
}

/*
 * Parses the body as a JSON object.  Returns it (the caller decrefs), or
 * NULL after answering 415 (not application/json), 400 (not JSON, not an
 * object, duplicate keys, invalid UTF-8).
 */
json_t *
http_body_json(struct req *req)
{
	const char	*ct = http_param(req, "CONTENT_TYPE");
	json_error_t	 err;
	json_t		*obj;
	size_t		 n = strlen("application/json");
	char		 msg[256];

	if (strncasecmp(ct, "application/json", n) != 0 ||
	    (ct[n] != '\0' && ct[n] != ';' && ct[n] != ' ')) {
		http_error(req, 415, "unsupported_media_type",
		    "send Content-Type: application/json", NULL);
		return NULL;
	}
	/*
	 * NUL inside strings is let through here so that the validators can
	 * refuse it naming the field; every string is checked with its
	 * length (valid_utf8_text), never only up to a NUL.
	 */
	obj = json_loadb(req->body, req->bodylen,
	    JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
	if (obj == NULL) {
		snprintf(msg, sizeof(msg), "malformed JSON: %s", err.text);
		http_error(req, 400, "malformed_json", msg, NULL);
		return NULL;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		http_error(req, 400, "malformed_json",
		    "the body must be a JSON object", NULL);
		return NULL;
	}
	return obj;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Copies the percent-decoded value of query parameter name into buf.
 * Returns 1 when found, 0 when absent, -1 when malformed or too long.
 */
int
http_query_get(const struct req *req, const char *name, char *buf,
    size_t bufsz)
{
	const char	*p = req->query, *amp;
	size_t		 nlen = strlen(name), o;
	int		 hi, lo;

	while (*p != '\0') {
		amp = strchr(p, '&');
		if (amp == NULL)
			amp = p + strlen(p);
		if ((size_t)(amp - p) > nlen && strncmp(p, name, nlen) == 0 &&
		    p[nlen] == '=') {
			p += nlen + 1;
			for (o = 0; p < amp; p++) {
				if (o + 1 >= bufsz)
					return -1;
				if (*p == '+')
					buf[o++] = ' ';
				else if (*p == '%') {
					if (amp - p < 3)
						return -1;
					hi = hexval(p[1]);
					lo = hexval(p[2]);
					if (hi < 0 || lo < 0 || hi + lo == 0)
						return -1;
					buf[o++] = (char)(hi * 16 + lo);
					p += 2;
				} else
					buf[o++] = *p;
			}
			buf[o] = '\0';
			return 1;
		}
		p = *amp == '&' ? amp + 1 : amp;
	}
	return 0;
}

/*
 * Reads query parameter name as an integer from 1 to max into *v (def
 * when absent).  Returns 0, or -1 after adding a message for name to
 * fields (the caller answers 422).
 */
int
http_query_int(const struct req *req, const char *name, long long def,
    long long max, long long *v, json_t *fields)
{
	char		 buf[24], why[64], *end;
	int		 got;

	*v = def;
	if ((got = http_query_get(req, name, buf, sizeof(buf))) == 0)
		return 0;
	if (got == 1) {
		*v = strtoll(buf, &end, 10);
		if (buf[0] >= '1' && buf[0] <= '9' && *end == '\0' &&
		    *v <= max)
			return 0;
	}
	if (max >= 1000000000LL)
		snprintf(why, sizeof(why), "must be a positive integer");
	else
		snprintf(why, sizeof(why), "must be from 1 to %lld", max);
	json_object_set_new(fields, name, json_string(why));
	return -1;
}

/*
 * Reads ?page= (from 1) and ?per_page= (from 1 to 200, default 50), the
 * paging every list shares.  fields (stolen; NULL for none) may already
 * hold the caller's own bad query parameters.  On any bad value answers
 * 422 naming each and returns -1; else fills pg (limit and offset ready as
 * statement parameters) and returns 0.
 */
int
http_page(struct req *req, struct page *pg, json_t *fields)
{
	int	 bad;

	if (fields == NULL)
		fields = json_object();
	bad = json_object_size(fields) > 0;

	bad |= http_query_int(req, "page", 1, 1000000000LL, &pg->page,
	    fields);
	bad |= http_query_int(req, "per_page", HTTP_PER_PAGE,
	    HTTP_PER_PAGE_MAX, &pg->per_page, fields);
	if (bad) {
		http_error(req, 422, "invalid", "bad query parameters",
		    fields);
		return -1;
	}
	json_decref(fields);
	db_i64(pg->limit, pg->per_page);
	db_i64(pg->offset, (pg->page - 1) * pg->per_page);
	return 0;
}

/*
 * The answer of a paged list: {"<name>": items, "page", "per_page",
 * "total"}.  Steals items.
 */
json_t *
http_page_json(const struct page *pg, const char *name, json_t *items,
    long long total)
{
	return json_pack("{s:o, s:I, s:I, s:I}", name, items,
	    "page", (json_int_t)pg->page, "per_page", (json_int_t)pg->per_page,
	    "total", (json_int_t)total);
}

/*
 * Answers a list without filters, a page at a time: list gives the rows
 * of the page (its parameters: limit and offset), as db_json_rows()
 * makes them, and count their total (its column total).  200
 * http_page_json() under name; 422 bad paging; a database failure is
 * the dispatcher's to answer.
 */
void
http_page_list(struct req *req, enum sqlstmt list, enum sqlstmt count,
    const char *name)
{
	PGresult	*rows = NULL, *total = NULL;
	struct page	 pg;

	if (http_page(req, &pg, NULL) == -1)
		return;
	if ((rows = DB_EXEC(req->db, list, pg.limit, pg.offset)) != NULL &&
	    (total = DB_EXEC0(req->db, count)) != NULL)
		http_json(req, 200, http_page_json(&pg, name,
		    db_json_rows(rows), db_int(total, 0, "total")));
	PQclear(total);
	PQclear(rows);
}

/*
 * Answers 200 {name: [every row of res]}, the rows as db_json_rows()
 * makes them, and clears res.  NULL for res (its statement failed)
 * answers nothing: the dispatcher does.
 */
void
http_json_rows(struct req *req, const char *name, PGresult *res)
{
	if (res == NULL)
		return;
	http_json(req, 200, json_pack("{s:o}", name, db_json_rows(res)));
	PQclear(res);
}

/*
 * Copies the value of cookie name into buf.  Returns 1 when found, else 0.
 */
int
http_cookie(const struct req *req, const char *name, char *buf, size_t bufsz)
{
	const char	*p = http_param(req, "HTTP_COOKIE");
	size_t		 nlen = strlen(name), len;

	while (*p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		len = strcspn(p, ";");
		if (len > nlen && strncmp(p, name, nlen) == 0 &&
		    p[nlen] == '=') {
			if (len - nlen - 1 >= bufsz)
				return 0;
			memcpy(buf, p + nlen + 1, len - nlen - 1);
			buf[len - nlen - 1] = '\0';
			return 1;
		}
		p += len;
	}
	return 0;
}

/*
 * Deciding and announcing: a response written in pieces, for
 * exports too large to hold.  http_stream_start() writes the status and
 * the header lines (each ending in \r\n, or NULL); http_stream_write()
 * then hands each piece to FastCGI, whose buffer is flushed as it fills,
 * so memory stays flat whatever the size.
 */
void
http_stream_start(struct req *req, int status, const char *headers)
{
	req->status = status;
	FCGX_FPrintF(req->fcgi->out, "Status: %d %s\r\n%s"
	    "Cache-Control: no-store\r\n\r\n", status, http_reason(status),
	    headers != NULL ? headers : "");
}

/* Writes len bytes of the body begun by http_stream_start(). */
void
http_stream_write(struct req *req, const char *p, size_t len)
{
	if (len > 0)
		FCGX_PutStr(p, (int)len, req->fcgi->out);
}
