-- A session that may be used, written once for the session load and the
-- meeting's follow request (which checks the session and the meeting in
-- one statement): not revoked, idle under 2 h, younger than 12 h.
CREATE OR REPLACE VIEW live_sessions AS
SELECT s.*
  FROM sessions s
 WHERE s.revoked_at IS NULL AND s.expires_at > now()
   AND s.last_seen_at > now() - interval '2 hours';
