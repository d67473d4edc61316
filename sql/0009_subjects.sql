-- Every subject names the programme or the cycle, so that two mails of
-- two cycles (or a mail of ours beside a phishing attempt) never look the
-- same, and an invitation says the role it is for.  Only the
-- shipped defaults change; a cycle's own copies stay as organizers wrote
-- them.

UPDATE templates SET subject = 'Change-Maker Awards: you are invited as {{role_name}}'
 WHERE cycle_id IS NULL AND event = 'user_invited';
UPDATE templates SET subject = 'Change-Maker Awards: your sign-in link'
 WHERE cycle_id IS NULL AND event = 'login_link';
UPDATE templates SET subject = '{{cycle_name}}: please confirm your nomination'
 WHERE cycle_id IS NULL AND event = 'nomination_created';
UPDATE templates SET subject = '{{cycle_name}}: your nomination is submitted'
 WHERE cycle_id IS NULL AND event = 'nomination_confirmed';
UPDATE templates SET subject = '{{cycle_name}}: {{count}} candidates to score'
 WHERE cycle_id IS NULL AND event = 'assignments_made';
UPDATE templates SET subject = '{{cycle_name}}: {{count}} candidates left to score'
 WHERE cycle_id IS NULL AND event = 'reminder';
UPDATE templates SET subject = '{{cycle_name}}: a conflict of interest was declared'
 WHERE cycle_id IS NULL AND event = 'conflict_declared';
UPDATE templates SET subject = '{{cycle_name}}: thank you for your nomination'
 WHERE cycle_id IS NULL AND event = 'announcement_thanks';
