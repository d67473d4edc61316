-- An outbox row's dedupe key, event:subject, written and read here only:
-- the queue (SQL_OUTBOX_INSERT, and SQL_NOMINATION_SUBMIT, which queues
-- in SQL) writes it from the mail's event and the subject its caller
-- names (a nomination id, a token id, "cycle:user", ...); statements that
-- find the mails of a nomination build it the same way; and the reader
-- below gives back a subject that is one id (outbox_link_expires_at).
-- IMMUTABLE: a statement's key is planned as a constant.
CREATE OR REPLACE FUNCTION outbox_dedupe_key(event text, subject text)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT event || ':' || subject
$$;

-- The id a key of one id names (nomination_created:N, login_link:T):
-- NULL for a key whose subject is not one id.
CREATE OR REPLACE FUNCTION outbox_dedupe_id(dedupe_key text)
    RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN split_part(dedupe_key, ':', 2) ~ '^[0-9]{1,18}$'
		    AND split_part(dedupe_key, ':', 3) = ''
		    THEN split_part(dedupe_key, ':', 2)::bigint END
$$;
