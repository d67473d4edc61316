-- When the link a mail carries stops working: the expiry of its token, or
-- the moment it was spent, whichever came first; '-infinity' when the
-- token is gone (its nomination or user erased); NULL for a mail without
-- a link.  The dedupe key names the token's owner (nomination_created:N
-- and nomination_confirmed:N the nomination, user_invited:T and
-- login_link:T the token), so no column has to be kept in step; fresh
-- links (nomination_links) count from the mail's creation; a referee's
-- link (letter_requested, letter_reminder: keyed by referee) lives as the
-- referee's token, a nominee's (candidate_nominated,
-- announcement_awardee: keyed by candidate) until 30 days after the
-- announcement.  Used by
-- the housekeeping that empties the bodies of mails whose link is dead
-- (a body may hold a live link, and tokens are stored only as hashes) and
-- by the organizers' retry of a dead mail.
CREATE OR REPLACE FUNCTION outbox_link_expires_at(event text,
    dedupe_key text, created_at timestamptz)
    RETURNS timestamptz LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN event = 'nomination_links'
		-- Fresh links (links.c): one mail, many tokens, a random
		-- key.  Its body goes once the shortest of them (a
		-- confirmation link) could have died.
		THEN created_at + confirm_window()
		WHEN event IN ('nomination_created', 'nomination_confirmed',
			'user_invited', 'login_link')
		THEN coalesce((SELECT least(t.expires_at,
				coalesce(t.used_at, 'infinity'))
			FROM tokens t
			WHERE CASE event
			WHEN 'nomination_created' THEN t.purpose = 'confirm'
			    AND t.nomination_id = outbox_dedupe_id(dedupe_key)
			WHEN 'nomination_confirmed' THEN t.purpose = 'manage'
			    AND t.nomination_id = outbox_dedupe_id(dedupe_key)
			ELSE t.id = outbox_dedupe_id(dedupe_key)
			END
			ORDER BY t.expires_at DESC LIMIT 1), '-infinity')
		WHEN event IN ('letter_requested', 'letter_reminder')
		THEN coalesce((SELECT r.token_expires_at FROM referees r
			WHERE r.id = outbox_dedupe_id(dedupe_key)),
			'-infinity')
		WHEN event IN ('candidate_nominated', 'announcement_awardee')
		THEN coalesce((SELECT coalesce(y.announced_at
				+ interval '30 days', 'infinity')
			FROM candidates c JOIN cycles y ON y.id = c.cycle_id
			WHERE c.id = outbox_dedupe_id(dedupe_key)),
			'-infinity')
	END
$$;
