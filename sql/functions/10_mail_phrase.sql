-- The phrase name in language lang, else in English.
CREATE OR REPLACE FUNCTION mail_phrase(lang text, name text)
    RETURNS text LANGUAGE sql STABLE AS $$
	SELECT p.text FROM mail_phrases p
	 WHERE p.name = mail_phrase.name AND p.lang IN (mail_phrase.lang, 'en')
	 ORDER BY p.lang = mail_phrase.lang DESC
	 LIMIT 1
$$;
