-- The shipped mail templates (SPEC §5), one per event.  A cycle's own copy,
-- edited by an organizer, takes their place for that cycle.  A mail carries
-- links, never the text of a nomination or a review.

INSERT INTO templates (cycle_id, event, subject, body) VALUES
(NULL, 'nomination_created', 'Please confirm your nomination',
'Hello {{nominator_name}},

Thank you for nominating {{nominee_name}} for the {{cycle_name}}
({{category_name}}).

Your nomination is not submitted yet. Please confirm it within 72 hours by
opening this link:

{{confirm_url}}

If you did not make this nomination, ignore this message: nothing will be
submitted and your details will be erased when the link expires.
'),
(NULL, 'nomination_confirmed', 'Your nomination is submitted',
'Hello {{nominator_name}},

Your nomination of {{nominee_name}} for the {{cycle_name}}
({{category_name}}) is submitted. Thank you.

Until nominations close you can read, edit or withdraw it here:

{{manage_url}}

Keep this link private: anyone who has it can change your nomination.
'),
(NULL, 'candidate_nominated', 'You have been nominated for the {{cycle_name}}',
'Hello {{nominee_name}},

Someone in your community has nominated you for the {{cycle_name}}
({{category_name}}), which honours people who go above and beyond to
prevent harassment and support survivors.

Nominations are confidential, so we cannot tell you who nominated you.
The committee will be in touch once the awards are decided.

{{base_url}}/
'),
(NULL, 'user_invited', 'You are invited to the awards committee',
'Hello {{name}},

{{inviter_name}} has invited you to the Change-Maker Awards as
{{role_name}}.

Open this link to choose your password and sign in (it works once and
expires in 7 days):

{{login_url}}
'),
(NULL, 'login_link', 'Your sign-in link',
'Hello {{name}},

Here is your one-time sign-in link for the Change-Maker Awards. It works
once and expires in 30 minutes:

{{login_url}}

If you did not ask for it, ignore this message.
'),
(NULL, 'assignments_made', 'You have {{count}} candidates to score',
'Hello {{name}},

You have been assigned {{count}} candidates to score for the
{{cycle_name}}. Scoring closes on {{scoring_close_at}}.

{{base_url}}/committee
'),
(NULL, 'reminder', 'Reminder: {{count}} candidates left to score',
'Hello {{name}},

You still have {{count}} candidates to score for the {{cycle_name}}.
Scoring closes on {{scoring_close_at}}.

{{base_url}}/committee
'),
(NULL, 'conflict_declared', 'Conflict of interest declared',
'Hello {{name}},

{{member_name}} declared a conflict of interest with candidate
#{{candidate_id}} ({{nominee_name}}, {{category_name}}) in the
{{cycle_name}}. They no longer see this candidate.

{{base_url}}/organizer
'),
(NULL, 'announcement_awardee', 'Congratulations: you are a {{cycle_name}} awardee',
'Hello {{nominee_name}},

Congratulations! The committee has chosen you as an awardee of the
{{cycle_name}} in the category {{category_name}}.

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_nominator', 'The {{cycle_name}} awardees are announced',
'Hello {{nominator_name}},

The {{cycle_name}} awardees are announced. {{nominee_name}}, whom you
nominated, is among them. Thank you for your nomination.

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_thanks', 'Thank you for your nomination',
'Hello {{nominator_name}},

The {{cycle_name}} awardees are announced. {{nominee_name}} was not chosen
this time, but your nomination mattered: thank you for recognising the
work people do to prevent harassment and support survivors.

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_list', 'The {{cycle_name}} awardees',
'Hello,

The {{cycle_name}} awardees are announced:

{{awardees}}

{{base_url}}/awardees/{{cycle_id}}
');
