-- Issue 23: letters of support, and the nominee's own voice (SPEC §3,
-- "Letters of support", "The nominee's voice"; docs/letters.md).

-- How many referees a nominator may name (0: the cycle wants no letters).
ALTER TABLE cycles
    ADD COLUMN letters_max integer NOT NULL DEFAULT 0
	CHECK (letters_max BETWEEN 0 AND 3);

-- When letters close, as told to referees and used by the reminder: the
-- phase decides what is accepted (letters are written until scoring
-- begins), but a cycle has no planned start of scoring, so the date is
-- the close of nominations plus 7 days, never after the close of
-- scoring (docs/letters.md).  NULL when the cycle has no close date.
CREATE FUNCTION letters_close_at(nominations_close timestamptz,
    scoring_close timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT least(nominations_close + interval '7 days',
		     coalesce(scoring_close, 'infinity'))
$$;

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

-- candidate_conflicts of 0018 and a third kind of author: a referee of
-- any nomination of the candidate is conflicted with it like its
-- nominator, whatever the order of events.
CREATE OR REPLACE VIEW candidate_conflicts AS
SELECT x.candidate_id, x.user_id, x.source, x.reason, x.created_at,
       false AS pending
  FROM conflicts x
UNION ALL
SELECT n.candidate_id, u.id, 'automatic', '',
       greatest(n.created_at, u.created_at), n.status = 'pending'
  FROM nominations n
  JOIN users u ON lower(u.email) = lower(btrim(n.nominee_email))
UNION ALL
SELECT n.candidate_id, u.id, 'automatic', '',
       greatest(n.created_at, u.created_at), n.status = 'pending'
  FROM nominations n
  JOIN users u ON lower(u.email) = lower(btrim(n.nominator_email))
UNION ALL
SELECT n.candidate_id, u.id, 'automatic', '',
       greatest(r.created_at, u.created_at), n.status = 'pending'
  FROM referees r
  JOIN nominations n ON n.id = r.nomination_id
  JOIN users u ON lower(u.email) = lower(r.email);

-- outbox_link_expires_at of 0007, with the links of this issue: a
-- referee's (letter_requested, letter_reminder: keyed by referee) and a
-- nominee's (candidate_nominated, announcement_awardee: keyed by
-- candidate, alive until 30 days after the announcement).
CREATE OR REPLACE FUNCTION outbox_link_expires_at(event text,
    dedupe_key text, created_at timestamptz)
    RETURNS timestamptz LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN event = 'nomination_links'
		THEN created_at + interval '72 hours'
		WHEN event IN ('nomination_created', 'nomination_confirmed',
			'user_invited', 'login_link')
		THEN coalesce((SELECT least(t.expires_at,
				coalesce(t.used_at, 'infinity'))
			FROM tokens t
			WHERE CASE event
			WHEN 'nomination_created' THEN t.purpose = 'confirm'
			    AND t.nomination_id = split_part(dedupe_key, ':', 2)
				::bigint
			WHEN 'nomination_confirmed' THEN t.purpose = 'manage'
			    AND t.nomination_id = split_part(dedupe_key, ':', 2)
				::bigint
			ELSE t.id = split_part(dedupe_key, ':', 2)::bigint
			END
			ORDER BY t.expires_at DESC LIMIT 1), '-infinity')
		WHEN event IN ('letter_requested', 'letter_reminder')
		THEN coalesce((SELECT r.token_expires_at FROM referees r
			WHERE r.id = split_part(dedupe_key, ':', 2)::bigint),
			'-infinity')
		WHEN event IN ('candidate_nominated', 'announcement_awardee')
		THEN coalesce((SELECT coalesce(y.announced_at
				+ interval '30 days', 'infinity')
			FROM candidates c JOIN cycles y ON y.id = c.cycle_id
			WHERE c.id = split_part(dedupe_key, ':', 2)::bigint),
			'-infinity')
	END
$$;

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
