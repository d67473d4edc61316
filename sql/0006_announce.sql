-- Deciding and announcing.  A nominator gets one announcement
-- mail per address, however many people they nominated: the nominator and
-- thank-you templates list the outcome for each ({{outcomes}}, one line
-- per person: name, category, outcome) instead of naming one nominee.
-- Only the shipped defaults change; a cycle's own edited copy is left
-- alone (it may no longer use {{nominee_name}}: PUT refuses it now).

UPDATE templates SET
    subject = 'The {{cycle_name}} awardees are announced',
    body = 'Hello {{nominator_name}},

The {{cycle_name}} awardees are announced. Here is the outcome for the
people you nominated:

{{outcomes}}

Thank you for your nomination: the committee read every one with care.

{{base_url}}/awardees/{{cycle_id}}
'
 WHERE cycle_id IS NULL AND event = 'announcement_nominator';

UPDATE templates SET
    subject = 'Thank you for your nomination',
    body = 'Hello {{nominator_name}},

The {{cycle_name}} awardees are announced. The people you nominated were
not chosen this time:

{{outcomes}}

Your nomination mattered all the same: thank you for recognising the work
people do to prevent harassment and support survivors.

{{base_url}}/awardees/{{cycle_id}}
'
 WHERE cycle_id IS NULL AND event = 'announcement_thanks';

UPDATE templates SET
    body = 'Hello,

The {{cycle_name}} awardees are announced:

{{awardees}}

{{base_url}}/awardees/{{cycle_id}}
'
 WHERE cycle_id IS NULL AND event = 'announcement_list';

-- A cycle's copy made before this migration may still use
-- {{nominee_name}}, which the announcement no longer provides: it would
-- fail at announcement time, so it goes, and the default takes its place.
DELETE FROM templates
 WHERE cycle_id IS NOT NULL
   AND event IN ('announcement_nominator', 'announcement_thanks')
   AND (subject || body) LIKE '%{{nominee_name}}%';
