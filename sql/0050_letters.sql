-- Letters of support, and the nominee's own voice (SPEC §3,
-- "Letters of support", "The nominee's voice"; docs/letters.md).

-- How many referees a nominator may name (0: the cycle wants no letters).
ALTER TABLE cycles
    ADD COLUMN letters_max integer NOT NULL DEFAULT 0
	CHECK (letters_max BETWEEN 0 AND 3);

-- When letters close: letters_close_at() in
-- sql/functions/10_letters_close_at.sql.

-- A referee named by a nomination's nominator, and their one letter.
-- The token of their link is kept only hashed; it is made when the
-- letter is asked for, that is, once the nomination is confirmed
-- (asked_at).  held_at: the request waits because the address had its
-- share of confirmation-type mails (SPEC §7); `awards remind` sends it
-- when the window allows.  Purge deletes the rows of candidates not
-- awarded, letter and address with them.
CREATE TABLE referees (
	id		bigserial PRIMARY KEY,
	nomination_id	bigint NOT NULL REFERENCES nominations
	    ON DELETE CASCADE,
	name		text NOT NULL CHECK (name <> ''),
	email		text NOT NULL CHECK (email = btrim(email)
	    AND email <> ''),
	relationship	text NOT NULL DEFAULT '',
	token_hash	bytea UNIQUE,
	reminder_hash	bytea UNIQUE,	/* the reminder's link, beside it */
	token_expires_at timestamptz,
	asked_at	timestamptz,
	held_at		timestamptz,
	reminded_at	timestamptz,
	letter		text CHECK (letter IS NULL OR
	    char_length(letter) BETWEEN 50 AND 10000),
	letter_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referees_nomination ON referees (nomination_id);
CREATE INDEX referees_email ON referees (lower(email));

-- The nominee's voice.  A nominee who declines: the candidate is
-- 'declined' (out of screening, assignments and rankings, which read
-- only active candidates) and so is each of its nominations.  private:
-- congratulated, but kept off the public list and the list mail.  The
-- nominee's link is kept hashed on the candidate; it lives until 30 days
-- after the announcement (no date stored: it follows announced_at).
ALTER TABLE candidates DROP CONSTRAINT candidates_status_check;
ALTER TABLE candidates ADD CONSTRAINT candidates_status_check
    CHECK (status IN ('active', 'withdrawn', 'merged', 'declined'));
ALTER TABLE candidates
    ADD COLUMN declined_at timestamptz,
    ADD COLUMN private boolean NOT NULL DEFAULT false,
    ADD COLUMN nominee_token_hash bytea UNIQUE;
ALTER TABLE nominations DROP CONSTRAINT nominations_status_check;
ALTER TABLE nominations ADD CONSTRAINT nominations_status_check
    CHECK (status IN ('pending', 'submitted', 'eligible', 'ineligible',
		      'withdrawn', 'declined'));

-- A referee of any nomination of the candidate is conflicted with it
-- like its nominator: the view candidate_conflicts
-- (sql/functions/20_candidate_conflicts.sql) reads referees.

-- The links of referees and nominees expire as
-- sql/functions/20_outbox_link_expires_at.sql says.

-- The mails of this issue.  To a referee, before they ever answered: the
-- nominator's and the nominee's names are text the sender chose, as in
-- every mail after a confirmation (the nominator confirmed their own
-- address; the referee's was given by them, and counts toward its cap of
-- such mails, SPEC §7).
INSERT INTO templates (cycle_id, event, subject, body) VALUES
(NULL, 'letter_requested', '{{cycle_name}}: a request for a letter of support',
'Hello {{referee_name}},

{{nominator_name}} has nominated {{nominee_name}} for the {{cycle_name}}
({{category_name}}) and asked you to write a letter in support of the
nomination.

You can write it, and change it, until {{letters_close_at}} by opening
this link:

{{letter_url}}

Only the committee reads letters. If you would rather not write one,
simply ignore this mail.
'),
(NULL, 'letter_reminder', '{{cycle_name}}: a reminder about a letter of support',
'Hello {{referee_name}},

{{nominator_name}} asked you for a letter in support of their nomination
of {{nominee_name}} for the {{cycle_name}} ({{category_name}}). Letters
close on {{letters_close_at}}.

{{letter_url}}

This is the only reminder we will send.
'),
(NULL, 'letter_received', '{{cycle_name}}: a letter of support arrived',
'Hello {{nominator_name}},

The letter of support from {{referee_name}} for your nomination of
{{nominee_name}} has arrived.
');

UPDATE templates SET body = 'Hello {{nominee_name}},

Someone in your community has nominated you for the {{cycle_name}}
({{category_name}}), which honours people who go above and beyond to
prevent harassment and support survivors.

Nominations are confidential, so we cannot tell you who nominated you.
The committee will be in touch once the awards are decided.

If you would rather not be considered, or would like to be recognised
privately should you be chosen, you can say so here:

{{nominee_url}}

{{base_url}}/
'
 WHERE cycle_id IS NULL AND event = 'candidate_nominated';

UPDATE templates SET body = 'Hello {{nominee_name}},

Congratulations! The committee has chosen you as an awardee of the
{{cycle_name}} in the category {{category_name}}.

{{nominee_note}}

{{nominee_url}}

{{base_url}}/awardees/{{cycle_id}}
'
 WHERE cycle_id IS NULL AND event = 'announcement_awardee';
