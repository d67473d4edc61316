/*
 * phase.c: the phases of a cycle and what each allows (SPEC §3, "What each
 * phase allows"), as data.  Every handler asks phase_guard() whether its
 * action is allowed in the cycle's phase, so a rule is written once and a
 * new action cannot forget it; the same table prints the reference in
 * docs/phases.md (`awards phases`), so the docs cannot drift either.
 */
#include <stdio.h>
#include <string.h>

#include "awards.h"

const char *const phase_names[PHASE__MAX + 1] = {
	"draft",
	"nominations_open",
	"nominations_closed",
	"scoring",
	"deliberation",
	"decided",
	"announced",
	NULL
};

#define P(x)		(1u << PHASE_##x)
#define EVERY		((1u << PHASE__MAX) - 1)

/* The table of SPEC §3, one row per action, in the order it is written. */
static const struct {
	const char	*name;		/* in tests and docs */
	const char	*what;		/* as the docs say it */
	unsigned	 phases;	/* bit PHASE_x: allowed in x */
} actions[ACTION__MAX] = {
	[ACTION_CYCLE_SETTINGS] = { "cycle_settings",
	    "change a cycle's name, dates, `reviewers_per_candidate`, "
	    "`letters_max`, `notify_nominees`, `announce_to`, contact, "
	    "`exit_url`; switch `blind` on",
	    EVERY & ~P(ANNOUNCED) },
	[ACTION_BLIND_OFF] = { "blind_off",
	    "switch `blind` off",
	    P(DRAFT) },
	[ACTION_RUBRIC] = { "rubric",
	    "categories and criteria: add, change, delete",
	    P(DRAFT) },
	[ACTION_NOMINATE] = { "nominate",
	    "submit a nomination (and only before `nominations_close_at`)",
	    P(NOMINATIONS_OPEN) },
	[ACTION_CONFIRM] = { "confirm",
	    "confirm a nomination made in time",
	    P(NOMINATIONS_OPEN) | P(NOMINATIONS_CLOSED) },
	[ACTION_NOMINATOR_EDIT] = { "nominator_edit",
	    "nominator edits, withdraws (and only before "
	    "`nominations_close_at`)",
	    P(NOMINATIONS_OPEN) },
	[ACTION_REFEREES] = { "referees",
	    "nominator names referees (and only before "
	    "`nominations_close_at`)",
	    P(NOMINATIONS_OPEN) },
	[ACTION_LETTER] = { "letter",
	    "referees write or edit letters",
	    P(NOMINATIONS_OPEN) | P(NOMINATIONS_CLOSED) },
	[ACTION_SCREEN] = { "screen",
	    "screening",
	    P(NOMINATIONS_OPEN) | P(NOMINATIONS_CLOSED) | P(SCORING) },
	[ACTION_MERGE] = { "merge",
	    "merging candidates",
	    P(NOMINATIONS_OPEN) | P(NOMINATIONS_CLOSED) | P(SCORING) },
	[ACTION_ASSIGN] = { "assign",
	    "assignments (automatic and manual)",
	    P(NOMINATIONS_OPEN) | P(NOMINATIONS_CLOSED) | P(SCORING) },
	[ACTION_CONFLICT] = { "conflict",
	    "conflicts declared by a member or set by an organizer",
	    P(NOMINATIONS_OPEN) | P(NOMINATIONS_CLOSED) | P(SCORING) |
	    P(DELIBERATION) },
	[ACTION_REVIEW] = { "review",
	    "attest, write reviews; remind members of unfinished reviews",
	    P(SCORING) },
	[ACTION_REOPEN] = { "reopen",
	    "reopen a final review",
	    P(SCORING) | P(DELIBERATION) },
	[ACTION_MEMBER_READ_REVIEWS] = { "member_read_reviews",
	    "a member reads the reviews and rankings of their candidates",
	    P(DELIBERATION) },
	[ACTION_ORGANIZER_READ_REVIEWS] = { "organizer_read_reviews",
	    "an organizer reads the reviews",
	    P(SCORING) | P(DELIBERATION) | P(DECIDED) | P(ANNOUNCED) },
	[ACTION_COMMENT] = { "comment",
	    "comments: a candidate's discussion thread, written and read",
	    P(SCORING) | P(DELIBERATION) | P(DECIDED) },
	[ACTION_MEETING] = { "meeting",
	    "the meeting: the organizer sets the current candidate, members "
	    "follow it",
	    P(DELIBERATION) | P(DECIDED) },
	[ACTION_DECIDE] = { "decide",
	    "decisions",
	    P(DELIBERATION) | P(DECIDED) },
	[ACTION_ANNOUNCE] = { "announce",
	    "announce",
	    P(DECIDED) },
	[ACTION_TEMPLATES] = { "templates",
	    "edit mail templates",
	    EVERY & ~P(ANNOUNCED) },
	[ACTION_NOMINEE_DECLINE] = { "nominee_decline",
	    "nominee declines (or takes it back)",
	    EVERY & ~P(DECIDED) & ~P(ANNOUNCED) },
	[ACTION_NOMINEE_PRIVATE] = { "nominee_private",
	    "nominee asks to be recognised privately (or publicly)",
	    EVERY },
	[ACTION_PURGE] = { "purge",
	    "purge (`awards purge --cycle`, or from the cycle's page)",
	    P(ANNOUNCED) },
};

/* The phase named name, or -1. */
int
phase_parse(const char *name)
{
	int	 i;

	for (i = 0; i < PHASE__MAX; i++)
		if (strcmp(phase_names[i], name) == 0)
			return i;
	return -1;
}

/*
 * Whether the machine of SPEC §3 allows from -> to (names): one step
 * forward, or one of the two reopenings.  Returns 1 or 0.
 */
int
phase_move_allowed(const char *from, const char *to)
{
	int	 a = phase_parse(from), b = phase_parse(to);

	if (a < 0 || b < 0)
		return 0;
	return b == a + 1 ||
	    (a == PHASE_NOMINATIONS_CLOSED && b == PHASE_NOMINATIONS_OPEN) ||
	    (a == PHASE_DELIBERATION && b == PHASE_SCORING);
}

/* Whether action is allowed in phase (a name).  Returns 1 or 0. */
int
phase_allows(enum action action, const char *phase)
{
	int	 p = phase_parse(phase);

	return p >= 0 && (actions[action].phases & (1u << p)) != 0;
}

/* The phases that allow action, as a new JSON array, in order. */
json_t *
phase_allowed_json(enum action action)
{
	json_t	*list = json_array();
	int	 i;

	for (i = 0; i < PHASE__MAX; i++)
		if (actions[action].phases & (1u << i))
			json_array_append_new(list,
			    json_string(phase_names[i]));
	return list;
}

/*
 * The phases that allow action as a PostgreSQL array literal in buf
 * ("{nominations_open}"), for a statement that must decide by itself, in
 * one round trip, whether to write (a submission).  bufsz of
 * PHASE_SQL_MAX always holds it.
 */
void
phase_allowed_sql(enum action action, char *buf, size_t bufsz)
{
	size_t	 len = 0;
	int	 i;

	len += (size_t)snprintf(buf, bufsz, "{");
	for (i = 0; i < PHASE__MAX && len < bufsz; i++)
		if (actions[action].phases & (1u << i))
			len += (size_t)snprintf(buf + len, bufsz - len, "%s%s",
			    len > 1 ? "," : "", phase_names[i]);
	if (len < bufsz)
		snprintf(buf + len, bufsz - len, "}");
}

/*
 * Whether action is allowed in phase (the cycle's, as stored).  When it
 * is not, answers the one refusal of SPEC §3, 409 wrong_phase with the
 * cycle's "phase" and the "allowed" phases.  The caller rolls back its
 * transaction first.  Returns 1 when allowed, 0 after answering.
 */
int
phase_guard(struct req *req, enum action action, const char *phase)
{
	char	 message[160];

	if (phase_allows(action, phase))
		return 1;
	snprintf(message, sizeof(message), "not allowed while the cycle is "
	    "in phase %s", phase);
	http_error_extra(req, 409, "wrong_phase", message, json_pack(
	    "{s:s, s:o}", "phase", phase, "allowed",
	    phase_allowed_json(action)));
	return 0;
}

/*
 * `awards phases`: prints the table as the Markdown of docs/phases.md,
 * one row per action (its name, what it is, the phases that allow it).
 * Returns 0.
 */
int
phase_print_table(void)
{
	int	 a, i, n;

	printf("| action | what | allowed in |\n| --- | --- | --- |\n");
	for (a = 0; a < ACTION__MAX; a++) {
		printf("| `%s` | %s | ", actions[a].name, actions[a].what);
		if (actions[a].phases == EVERY)
			printf("every phase");
		else if (actions[a].phases == (EVERY & ~P(ANNOUNCED)))
			printf("every phase but `announced`");
		else
			for (i = 0, n = 0; i < PHASE__MAX; i++)
				if (actions[a].phases & (1u << i))
					printf("%s`%s`", n++ ? ", " : "",
					    phase_names[i]);
		printf(" |\n");
	}
	return 0;
}

/*
 * GET /api/phases (signed in): the table itself, so that pages show
 * what the cycle's phase allows without restating it: {"phases": [names
 * in order], "actions": [{"name", "what", "allowed": [phases]}]}, "what"
 * in plain words (the docs' Markdown quotes dropped).  200.
 */
void
phase_list(struct req *req)
{
	json_t	*phases = json_array(), *list = json_array();
	char	 what[256];
	size_t	 i, j;
	int	 a;

	for (a = 0; a < PHASE__MAX; a++)
		json_array_append_new(phases, json_string(phase_names[a]));
	for (a = 0; a < ACTION__MAX; a++) {
		for (i = 0, j = 0; actions[a].what[i] != '\0' &&
		    j < sizeof(what) - 1; i++)
			if (actions[a].what[i] != '`')
				what[j++] = actions[a].what[i];
		what[j] = '\0';
		json_array_append_new(list, json_pack("{s:s, s:s, s:o}",
		    "name", actions[a].name, "what", what, "allowed",
		    phase_allowed_json((enum action)a)));
	}
	http_json(req, 200, json_pack("{s:o, s:o}", "phases", phases,
	    "actions", list));
}
