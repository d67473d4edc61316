-- Mail templates (outbox.c, template.c).

-- name: SQL_TEMPLATE_FIND
-- The template of event $1 for cycle $2 ('0': none) in the reader's
-- language, with the language it is written in.  The reader's language
-- is $3, or when $3 is '' (a mail to a member or an organizer) that of
-- the account of address $4 (SPEC §5), and for an address without one
-- (the announcement list) the cycle's default language.  Found: the cycle's own copy,
-- else the shipped default, in that language; when it has neither, in
-- the cycle's default language (the same order); and English, shipped
-- for every event, as the last resort (SPEC §9: a fallback, never a
-- blank).  The reader's language comes before the cycle's own copy in
-- another: a Spanish reader gets the shipped Spanish text rather than an
-- edited English one.
WITH l AS (
	SELECT coalesce(NULLIF($3, ''),
			(SELECT lang FROM users
			  WHERE lower(email) = lower($4)),
			c.fallback) AS reader, c.fallback
	  FROM (SELECT coalesce((SELECT default_lang FROM cycles
				  WHERE id = $2::bigint), 'en') AS fallback) c
)
SELECT t.subject, t.body, t.lang
  FROM templates t, l
 WHERE t.event = $1
   AND (t.cycle_id = $2::bigint OR t.cycle_id IS NULL)
   AND t.lang IN (l.reader, l.fallback, 'en')
 ORDER BY t.lang = l.reader DESC, t.lang = l.fallback DESC,
	  t.cycle_id NULLS LAST
 LIMIT 1;

-- name: SQL_TEMPLATE_OF_CYCLE
-- Whether cycle $1 exists, with the template of event $2 in language $3
-- ('': the cycle's default language) it uses, found as SQL_TEMPLATE_FIND
-- finds it: own is true for the cycle's own copy in that language, lang
-- is the language of what was found (another one: a fallback), and
-- asked the language asked for.
SELECT t.subject, t.body, t.cycle_id IS NOT NULL AND t.lang = l.asked
	   AS own,
       t.lang, l.asked
  FROM cycles c
  CROSS JOIN LATERAL (SELECT coalesce(NULLIF($3, ''), c.default_lang)
			     AS asked) l
  LEFT JOIN LATERAL (SELECT subject, body, cycle_id, lang
		       FROM templates
		      WHERE event = $2
			AND (cycle_id = c.id OR cycle_id IS NULL)
			AND lang IN (l.asked, c.default_lang, 'en')
		      ORDER BY lang = l.asked DESC,
			       lang = c.default_lang DESC,
			       cycle_id NULLS LAST
		      LIMIT 1) t ON true
 WHERE c.id = $1;

-- name: SQL_TEMPLATE_UPSERT
-- The cycle's own copy in language $5 ('': the cycle's default
-- language); a missing cycle fails its foreign key.
INSERT INTO templates (cycle_id, event, subject, body, lang)
SELECT $1, $2, $3, $4, coalesce(NULLIF($5, ''),
       (SELECT default_lang FROM cycles WHERE id = $1), 'en')
    ON CONFLICT (cycle_id, event, lang)
    DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body,
		  updated_at = now()
RETURNING id;
