-- Issue 12 (confidentiality and abuse), SPEC §5 and §7.

-- When the link a mail carries stops working: the expiry of its token, or
-- the moment it was spent, whichever came first; '-infinity' when the
-- token is gone (its nomination or user erased); NULL for a mail without
-- a link.  The dedupe key names the token's owner (nomination_created:N
-- and nomination_confirmed:N the nomination, user_invited:T and
-- login_link:T the token), so no column has to be kept in step; fresh
-- links (nomination_links) count from the mail's creation.  Used by
-- the housekeeping that empties the bodies of mails whose link is dead
-- (a body may hold a live link, and tokens are stored only as hashes) and
-- by the organizers' retry of a dead mail.
CREATE FUNCTION outbox_link_expires_at(event text, dedupe_key text,
    created_at timestamptz)
    RETURNS timestamptz LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN event = 'nomination_links'
		-- Fresh links (links.c): one mail, many tokens, a random
		-- key.  Its body goes once the shortest of them (a
		-- confirmation link, 72 h) could have died.
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
	END
$$;

-- Until an address is confirmed, no mail to it carries text the sender
-- chose (SPEC §7): the confirmation mail says only that a nomination was
-- made with this address for the cycle, and how to confirm or ignore it.
-- No names: a nominator "name" of "IT Security: verify at ..." would reach
-- any address from the programme's own.  A cycle's own copy that used the
-- placeholders no longer provided would no longer render: it goes, and
-- the cycle uses this default again.
UPDATE templates SET subject = 'Please confirm a nomination made with '
	|| 'this address',
    body = 'Hello,

Someone used this address to make a nomination for the {{cycle_name}}.
Nothing is submitted until it is confirmed.

If it was you, please confirm it within 72 hours by opening this link:

{{confirm_url}}

If it was not you, ignore this message: nothing will be submitted, and
the nomination and this address will be erased when the link expires.
'
 WHERE cycle_id IS NULL AND event = 'nomination_created';
DELETE FROM templates WHERE cycle_id IS NOT NULL
   AND event = 'nomination_created'
   AND (subject || body) ~ '\{\{ *(nominator_name|nominee_name|category_name) *\}\}';

-- At most 5 unconfirmed nominations per nominator address at a time: the
-- count at every submission reads this index.
CREATE INDEX nominations_pending_nominator
    ON nominations (lower(nominator_email)) WHERE status = 'pending';

-- "Mail me a link" (POST /api/session/link) records a request whatever
-- the address, in the same statements whether or not it has an account,
-- so that neither the answer nor its timing tells (SPEC §7); the mailer,
-- not the request, looks the account up and mails a link or nothing
-- (login_link.c).  At most 5 requests per address in 15 minutes.  Rows
-- are forgotten a day later.
CREATE TABLE login_link_requests (
	id		bigserial PRIMARY KEY,
	email		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	done_at		timestamptz
);
CREATE INDEX login_link_requests_email
    ON login_link_requests (lower(email), created_at);
CREATE INDEX login_link_requests_pending ON login_link_requests (id)
    WHERE done_at IS NULL;
