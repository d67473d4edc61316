/*
 * user.c: committee members and organizers (SPEC §1, §4, §6): adding one
 * by `awards user add` or POST /api/users, which mails an invitation with
 * a one-time link; listing them; their one-time links (tokens of purpose
 * login or invite: 256-bit random, only the SHA-256 stored, single use,
 * expiring).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "awards.h"
#include "db.h"

#define USER_NAME_MAX	200	/* characters */

/* The role as stored and as the API spells it. */
const char *
user_role_text(enum role role)
{
	return role == ROLE_ORGANIZER ? "organizer" : "committee";
}

/* The role of its text, or ROLE__MAX when it is neither. */
enum role
user_role_parse(const char *text)
{
	if (strcmp(text, "organizer") == 0)
		return ROLE_ORGANIZER;
	if (strcmp(text, "committee") == 0)
		return ROLE_MEMBER;
	return ROLE__MAX;
}

/* The user as the API shows it: {"id","email","name","role"}. */
json_t *
user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id,
	    "email", u->email, "name", u->name, "role",
	    user_role_text(u->role));
}

/*
 * Creates a one-time link of purpose ("login", 30 minutes, or "invite",
 * 7 days) for user_id inside the caller's transaction: 256 random bits as
 * 64 hex digits into token, only their SHA-256 stored.  *token_id is the
 * row's id.  Returns 0, or -1 on a database failure.
 */
int
user_token_create(struct db *db, const char *purpose, int64_t user_id,
    char token[65], int64_t *token_id)
{
	PGresult	*res;
	char		 hash[67], id[24];

	*token_id = 0;
	util_random_hex(token, 32);
	token_hash(token, hash);
	res = DB_EXEC(db, SQL_TOKEN_INSERT, hash, purpose,
	    db_i64(id, (long long)user_id),
	    strcmp(purpose, "invite") == 0 ? "7 days" : "30 minutes");
	if (res == NULL)
		return -1;
	*token_id = db_int(res, 0, "id");
	PQclear(res);
	return 0;
}

static const char *const user_roles[] = { "committee", "organizer", NULL };

/* The fields of a new user, from the API or the command line. */

static const struct valid_field user_fields[] = {
	{ .name = "email", .type = VALID_EMAIL, .required = 1,
	    .min = 3, .max = 254 },
	{ .name = "name", .type = VALID_TEXT, .required = 1,
	    .min = 1, .max = USER_NAME_MAX },
	{ .name = "role", .type = VALID_ENUM, .required = 1,
	    .choices = user_roles },
	/* The language of the mails to the account (SPEC §5). */
	{ .name = "lang", .type = VALID_ENUM, .choices = languages },
	{ .name = NULL }
};

/* Fills u's email, name and role from a body valid_object() accepted. */
static void
user_from_json(struct user *u, json_t *obj)
{
	snprintf(u->email, sizeof(u->email), "%s",
	    json_string_value(json_object_get(obj, "email")));
	snprintf(u->name, sizeof(u->name), "%s",
	    json_string_value(json_object_get(obj, "name")));
	u->role = user_role_parse(json_string_value(json_object_get(obj,
	    "role")));
	snprintf(u->lang, sizeof(u->lang), "%s",
	    json_is_string(json_object_get(obj, "lang")) ?
	    json_string_value(json_object_get(obj, "lang")) : LANG_DEFAULT);
}

/*
 * Inserts the user u (email, name, role; id is set) inside the caller's
 * transaction and queues their invitation from inviter.  token receives
 * the invitation's token; *created_at its creation time (32 bytes).
 * Returns 0, or -1 on a database failure (see db_status(): 409 for an
 * email already taken).
 */
static int
user_invite(struct db *, const struct user *, const char *, char [65]);

static int
user_insert(struct db *db, struct user *u, const char *inviter,
    char token[65], char created_at[32])
{
	PGresult	*res;

	res = DB_EXEC(db, SQL_USER_INSERT, u->email, u->name,
	    user_role_text(u->role), *u->lang != '\0' ? u->lang :
	    LANG_DEFAULT);
	if (res == NULL)
		return -1;
	u->id = db_int(res, 0, "id");
	snprintf(created_at, 32, "%s", db_text(res, 0, "created_at"));
	PQclear(res);
	return user_invite(db, u, inviter, token);
}

/*
 * Makes a new invitation link for u inside the caller's transaction and
 * queues the mail that carries it, from inviter.  token receives the
 * link's token.  Returns 0, or -1 on a database failure.
 */
static int
user_invite(struct db *db, const struct user *u, const char *inviter,
    char token[65])
{
	json_t		*values = NULL;
	PGresult	*role = NULL;
	char		 key[24], id[24];
	int64_t		 token_id;
	int		 rc = -1;

	if (user_token_create(db, "invite", u->id, token, &token_id) == -1)
		goto out;
	/* The role's name in the account's language (a phrase, 0060). */
	if ((role = DB_EXEC(db, SQL_USER_ROLE_PHRASE, u->lang, db_i64(id,
	    (long long)u->id), u->role == ROLE_ORGANIZER ? "role_organizer" :
	    "role_committee")) == NULL)
		goto out;
	values = json_pack("{s:s, s:s, s:s}", "name", u->name,
	    "inviter_name", inviter, "role_name", db_text(role, 0, "text"));
	if (token_link_value(values, "login_url", "login", token) == -1 ||
	    outbox_queue(db, 0, EVENT_USER_INVITED, NULL, u->email, u->name,
	    values, db_i64(key, (long long)token_id), 0) == -1)
		goto out;
	rc = 0;
out:
	PQclear(role);
	json_decref(values);
	return rc;
}

/*
 * POST /api/users (organizer): {"email", "name", "role"} adds a committee
 * member or an organizer and mails them an invitation.  201 the user
 * {"id", "email", "name", "role", "status": "invited", "created_at"};
 * 400 malformed, unknown fields or wrong types; 409 email_taken (emails
 * compare case-insensitively); 415; 422 with fields; 503.
 */
void
user_create(struct req *req)
{
	json_t		*body, *detail = NULL, *out;
	struct user	 u;
	char		 token[65], created_at[32];

	memset(&u, 0, sizeof(u));
	if ((body = valid_body(req, user_fields)) == NULL)
		return;
	user_from_json(&u, body);
	detail = json_pack("{s:s}", "role", user_role_text(u.role));
	if (db_begin(req->db) == -1 ||
	    user_insert(req->db, &u, req->user.name, token, created_at) == -1 ||
	    audit_write(req, "user.create", "user", u.id, detail) == -1) {
		db_rollback(req->db);
		if (db_status(req->db) == 409)
			http_error(req, 409, "email_taken",
			    "a user with this email exists", NULL);
		else
			http_db_error(req);
		goto out;
	}
	if (db_commit(req->db) == -1)
		goto out;
	out = user_json(&u);
	json_object_set_new(out, "status", json_string("invited"));
	json_object_set_new(out, "created_at", json_string(created_at));
	http_json(req, 201, out);
out:
	sodium_memzero(token, sizeof(token));
	json_decref(detail);
	json_decref(body);
}

/*
 * GET /api/users (organizer): every committee member and organizer,
 * by name: {"users": [{"id", "email", "name", "role", "status":
 * "invited"|"active", "created_at"}]}.  200; 503.
 */
void
user_list(struct req *req)
{
	http_json_rows(req, "users", DB_EXEC0(req->db, SQL_USER_LIST));
}

/*
 * POST /api/users/{id}/invite (organizer): mails a new invitation to a
 * user who has not accepted theirs (lost, expired, or sent to a mailbox
 * that filtered it); every link still out for them stops working.  The
 * body is not read.  200 the user with "status": "invited"; 404 no such
 * user; 409 already_active when they have set a password (they sign in,
 * or ask for a login link); 503.
 */
void
user_reinvite(struct req *req)
{
	PGresult	*res = NULL;
	json_t		*out;
	struct user	 u;
	char		 id[24], token[65] = "";

	memset(&u, 0, sizeof(u));
	db_i64(id, (long long)req->ids[0]);
	if ((res = db_begin_find(req, SQL_USER_LOCK, "user")) == NULL)
		goto out;
	if (db_bool(res, 0, "active")) {
		http_error(req, 409, "already_active", "this person has set "
		    "a password: they sign in, or ask for a login link", NULL);
		goto out;
	}
	u.id = req->ids[0];
	u.role = user_role_parse(db_text(res, 0, "role"));
	snprintf(u.email, sizeof(u.email), "%s", db_text(res, 0, "email"));
	snprintf(u.name, sizeof(u.name), "%s", db_text(res, 0, "name"));
	if (db_command(req->db, SQL_TOKEN_USE_ALL, 1, DB_ARGS(id)) == -1 ||
	    user_invite(req->db, &u, req->user.name, token) == -1 ||
	    audit_write(req, "user.reinvite", "user", u.id, NULL) == -1 ||
	    db_commit(req->db) == -1)
		goto out;
	out = user_json(&u);
	json_object_set_new(out, "status", json_string("invited"));
	http_json(req, 200, out);
out:
	sodium_memzero(token, sizeof(token));
	PQclear(res);
}

/*
 * Prints the login link of token on stdout, for a command.  Returns the
 * command's exit status: 0, or 1 when out of memory or stdout fails.
 */
static int
user_print_link(const char *token)
{
	char	*url;
	int	 rc;

	if ((url = token_url("login", token)) == NULL)
		return 1;
	printf("%s\n", url);
	rc = fflush(stdout) == 0 ? 0 : 1;
	token_url_free(url);
	return rc;
}

/*
 * `awards user add --email E --name N --role R`: adds the user, queues
 * their invitation and prints its one-time login link on stdout, so that
 * the first organizer needs no mail server.  argv[0..2] are "awards user
 * add".  Returns the exit status: 0, 1 on failure, 2 on bad usage.
 */
int
user_add_command(int argc, char *argv[])
{
	const char	*email = NULL, *name = NULL, *role = NULL, **slot;
	struct db	*db = NULL;
	struct user	 u;
	json_t		*args = NULL, *fields = NULL, *detail = NULL;
	const char	*key;
	json_t		*why;
	int		 malformed = 0;
	char		 token[65], created_at[32];
	int		 i, rc = 1;

	memset(&u, 0, sizeof(u));
	for (i = 3; i < argc; i += 2) {
		if (strcmp(argv[i], "--email") == 0)
			slot = &email;
		else if (strcmp(argv[i], "--name") == 0)
			slot = &name;
		else if (strcmp(argv[i], "--role") == 0)
			slot = &role;
		else
			slot = NULL;
		if (slot == NULL || *slot != NULL || i + 1 >= argc) {
			fprintf(stderr, "usage: awards user add --email E "
			    "--name N --role committee|organizer\n");
			return 2;
		}
		*slot = argv[i + 1];
	}
	/* The same checks as POST /api/users. */
	args = json_pack("{s:s?, s:s?, s:s?}", "email", email, "name", name,
	    "role", role);
	fields = json_object();
	if (args == NULL ||
	    !valid_object(args, user_fields, "", fields, &malformed)) {
		json_object_foreach(fields, key, why)
			fprintf(stderr, "awards: --%s %s\n", key,
			    json_string_value(why));
		rc = 2;
		goto out;
	}
	user_from_json(&u, args);
	if ((db = db_open(config.database_url)) == NULL ||
	    db_ready(db) == -1) {
		fprintf(stderr, "awards: cannot reach the database\n");
		goto out;
	}
	detail = json_pack("{s:s, s:s}", "role", user_role_text(u.role),
	    "via", "command line");
	if (db_begin(db) == -1 ||
	    user_insert(db, &u, "The awards administrator", token,
	    created_at) == -1 ||
	    audit_record(db, 0, NULL, "user.create", "user", u.id,
	    detail) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		fprintf(stderr, "awards: %s\n", db_status(db) == 409 ?
		    "a user with this email exists" :
		    "cannot add the user (see the log)");
		goto out;
	}
	rc = user_print_link(token);
out:
	json_decref(detail);
	json_decref(fields);
	json_decref(args);
	db_close(db);
	return rc;
}

/*
 * `awards user link --email E`: prints a one-time login link (30 minutes)
 * for an existing user, so whoever runs the machine can sign someone in
 * without mail (and `make run` can build its demo cycle through the API).
 * argv[0..2] are "awards user link".  Returns the exit status: 0, 1 on
 * failure or an unknown user, 2 on bad usage.
 */
int
user_link_command(int argc, char *argv[])
{
	struct db	*db = NULL;
	PGresult	*res = NULL;
	char		 token[65];
	int64_t		 user_id, token_id;
	int		 rc = 1;

	if (argc != 5 || strcmp(argv[3], "--email") != 0) {
		fprintf(stderr, "usage: awards user link --email E\n");
		return 2;
	}
	if ((db = db_open(config.database_url)) == NULL ||
	    db_ready(db) == -1) {
		fprintf(stderr, "awards: cannot reach the database\n");
		goto out;
	}
	if ((res = DB_EXEC(db, SQL_USER_BY_EMAIL, argv[4])) == NULL)
		goto out;
	if (PQntuples(res) == 0) {
		fprintf(stderr, "awards: no user with this email\n");
		goto out;
	}
	user_id = db_int(res, 0, "user_id");
	if (db_begin(db) == -1 ||
	    user_token_create(db, "login", user_id, token, &token_id) == -1 ||
	    audit_record(db, 0, NULL, "user.link", "user", user_id, NULL) ==
	    -1 || db_commit(db) == -1) {
		db_rollback(db);
		fprintf(stderr, "awards: cannot make the link\n");
		goto out;
	}
	rc = user_print_link(token);
out:
	sodium_memzero(token, sizeof(token));
	PQclear(res);
	db_close(db);
	return rc;
}
