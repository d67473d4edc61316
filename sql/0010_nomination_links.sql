-- Nominations are looked up by their nominator's address (fresh links,
-- the cap on unconfirmed nominations), and the outbox by its recipient
-- (how many link mails an address got lately).
CREATE INDEX nominations_nominator ON nominations (lower(nominator_email));
CREATE INDEX outbox_recipient ON outbox (lower(to_address), created_at);

-- The mail of fresh links (links.c): each link alone on its line, and no
-- text the sender typed for a nomination not confirmed yet.
INSERT INTO templates (cycle_id, event, subject, body) VALUES
(NULL, 'nomination_links', '{{cycle_name}}: your nomination links',
'Hello,

Someone (we hope you) asked for fresh links to the nominations made with
this address for the {{cycle_name}}:

{{links}}
Each link works for you alone: please do not forward this message. If
you did not ask for it, ignore it.
');
