/*
 * event.c: the events that mail someone (enum mail_event, awards.h), with
 * the name each has in the outbox and the templates table, and the
 * placeholders its sender provides.  A new event: add it to the enum,
 * here, and its default template to a migration.
 */
#include <string.h>

#include "awards.h"

/*
 * Every event that mails, with the placeholders its sender provides: the
 * ones its shipped default uses (sql/0002_templates.sql).  An edited
 * template may use only these, so that it always renders.
 */
const struct mail_event_info mail_events[EVENT__MAX] = {
	/* To an address not yet confirmed: no text its sender chose. */
	[EVENT_NOMINATION_CREATED] = { .name = "nomination_created",
	    .names = { "cycle_name", "confirm_url", NULL } },
	[EVENT_NOMINATION_CONFIRMED] = { .name = "nomination_confirmed",
	    .names = { "nominator_name", "nominee_name", "cycle_name",
	    "category_name", "manage_url", NULL } },
	[EVENT_CANDIDATE_NOMINATED] = { .name = "candidate_nominated",
	    .names = { "nominee_name", "cycle_name", "category_name",
	    "base_url", "nominee_url", NULL } },
	[EVENT_USER_INVITED] = { .name = "user_invited",
	    .names = { "name", "inviter_name", "role_name", "login_url", NULL },
	    .global = 1 },
	[EVENT_LOGIN_LINK] = { .name = "login_link",
	    .names = { "name", "login_url", NULL }, .global = 1 },
	[EVENT_ASSIGNMENTS_MADE] = { .name = "assignments_made",
	    .names = { "name", "count", "cycle_name", "scoring_close_at",
	    "base_url", NULL } },
	[EVENT_REMINDER] = { .name = "reminder",
	    .names = { "name", "count", "cycle_name", "scoring_close_at",
	    "base_url", NULL } },
	[EVENT_CONFLICT_DECLARED] = { .name = "conflict_declared",
	    .names = { "name", "member_name", "candidate_id", "nominee_name",
	    "category_name", "cycle_name", "base_url", NULL } },
	/*
	 * nominee_url: the nominee's link, or "" when they have it already
	 * (nominee_note says which, in words).
	 */
	[EVENT_ANNOUNCEMENT_AWARDEE] = { .name = "announcement_awardee",
	    .names = { "nominee_name", "cycle_name", "category_name",
	    "base_url", "cycle_id", "nominee_url", "nominee_note", NULL } },
	/*
	 * One mail per nominator address: outcomes lists each person they
	 * nominated, one line each ("- Name (Category): outcome").
	 */
	[EVENT_ANNOUNCEMENT_NOMINATOR] = { .name = "announcement_nominator",
	    .names = { "nominator_name", "cycle_name", "outcomes", "base_url",
	    "cycle_id", NULL } },
	/* One mail per nominator address, whichever of the two it gets. */
	[EVENT_ANNOUNCEMENT_THANKS] = { .name = "announcement_thanks",
	    .names = { "nominator_name", "cycle_name", "outcomes", "base_url",
	    "cycle_id", NULL },
	    .dedupe_as = "announcement_nominator" },
	[EVENT_ANNOUNCEMENT_LIST] = { .name = "announcement_list",
	    .names = { "cycle_name", "awardees", "base_url", "cycle_id", NULL } },
	/* links: one entry per nomination, each link alone on its line. */
	[EVENT_NOMINATION_LINKS] = { .name = "nomination_links",
	    .names = { "cycle_name", "links", NULL } },
	/* To a referee (letter.c, remind.c): never the statement. */
	[EVENT_LETTER_REQUESTED] = { .name = "letter_requested",
	    .names = { "referee_name", "nominator_name", "nominee_name",
	    "cycle_name", "category_name", "letters_close_at", "letter_url",
	    NULL } },
	[EVENT_LETTER_REMINDER] = { .name = "letter_reminder",
	    .names = { "referee_name", "nominator_name", "nominee_name",
	    "cycle_name", "category_name", "letters_close_at", "letter_url",
	    NULL } },
	/* To the nominator: that it arrived, never its text. */
	[EVENT_LETTER_RECEIVED] = { .name = "letter_received",
	    .names = { "nominator_name", "referee_name", "nominee_name",
	    "cycle_name", NULL } },
	/* To the member whose final review an organizer reopened (review.c). */
	[EVENT_REVIEW_REOPENED] = { .name = "review_reopened",
	    .names = { "name", "nominee_name", "category_name", "cycle_name",
	    "reason", "score_url", NULL } },
};

/* The event named name, or -1. */
int
event_parse(const char *name)
{
	int	 i;

	for (i = 0; i < EVENT__MAX; i++)
		if (strcmp(mail_events[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * The languages, in the order the pages offer them.  A new one: its
 * catalogue, its mail (docs/languages.md), and a row here.
 */
const char *const languages[] = { "en", "es", "ar", NULL };

/* Whether lang is one of languages. */
int
lang_supported(const char *lang)
{
	int	 i;

	for (i = 0; languages[i] != NULL; i++)
		if (strcmp(languages[i], lang) == 0)
			return 1;
	return 0;
}
