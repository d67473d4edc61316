-- The cycle overview of the organizers' page /overview (overview.c).

-- name: SQL_OVERVIEW
-- Cycle $1 with every number its pictures draw, as one JSON document
-- that overview_get() sends as it is (http_json_answer()): no row for an
-- unknown cycle.
-- Built here rather than in C, so that each picture is one aggregate
-- beside the others and the page gets them in one round trip.
--   per_day: confirmed nominations by the UTC date of confirmation
--     (every nomination confirmed, whatever it became since, because
--     the picture is of what arrived when);
--   per_category: the same nominations by category, every category;
--   screening: the confirmed nominations by screening state;
--   members: each member's assignments by the state of their review,
--     through member_candidates (conflicted pairs and inactive
--     candidates are no work of theirs);
--   rankings: per category, each ranked candidate's place and raw place
--     (candidate_rankings, as the organizer sees it: $2 = 0);
--   reviewers: each reviewer's raw scores of their counted final
--     reviews (review_raw_scores) in percent, for the spread.
SELECT y.id AS cycle_id, json_build_object(
	'cycle_id', y.id, 'cycle_name', y.name, 'phase', y.phase,
	'per_day', (SELECT coalesce(json_agg(json_build_object(
		'day', d.day, 'count', d.n) ORDER BY d.day), '[]')
	    FROM (SELECT to_char(n.confirmed_at AT TIME ZONE 'UTC',
			'YYYY-MM-DD') AS day, count(*) AS n
		    FROM nominations n
		   WHERE n.cycle_id = y.id AND n.confirmed_at IS NOT NULL
		   GROUP BY 1) d),
	'per_category', (SELECT coalesce(json_agg(json_build_object(
		'category_id', cat.id, 'name', cat.name,
		'count', (SELECT count(*) FROM nominations n
			   WHERE n.category_id = cat.id
			     AND n.confirmed_at IS NOT NULL))
		ORDER BY cat.id), '[]')
	    FROM categories cat WHERE cat.cycle_id = y.id),
	'screening', (SELECT json_build_object(
		'submitted', count(*) FILTER (WHERE n.status = 'submitted'),
		'eligible', count(*) FILTER (WHERE n.status = 'eligible'),
		'ineligible', count(*) FILTER (WHERE n.status = 'ineligible'))
	    FROM nominations n WHERE n.cycle_id = y.id),
	'members', (SELECT coalesce(json_agg(json_build_object(
		'user_id', p.user_id, 'name', u.name, 'done', p.done,
		'draft', p.draft, 'not_started', p.not_started)
		ORDER BY lower(u.name), u.id), '[]')
	    FROM (SELECT m.user_id,
			 count(*) FILTER (WHERE r.final) AS done,
			 count(*) FILTER (WHERE NOT r.final) AS draft,
			 count(*) FILTER (WHERE r.id IS NULL) AS not_started
		    FROM member_candidates m
		    LEFT JOIN reviews r ON r.candidate_id = m.candidate_id
		     AND r.user_id = m.user_id
		   WHERE m.cycle_id = y.id
		   GROUP BY m.user_id) p
	    JOIN users u ON u.id = p.user_id),
	'rankings', (SELECT coalesce(json_agg(json_build_object(
		'category_id', k.category_id, 'name', k.category_name,
		'candidates', k.candidates) ORDER BY k.category_id), '[]')
	    FROM (SELECT g.category_id, g.category_name,
			 coalesce(json_agg(json_build_object(
			     'candidate_id', g.candidate_id,
			     'nominee_name', g.nominee_name,
			     'rank', g.rank, 'rank_raw', g.rank_raw)
			     ORDER BY g.rank)
			     FILTER (WHERE g.candidate_id IS NOT NULL),
			     '[]') AS candidates
		    FROM candidate_rankings(y.id, 0) g
		   GROUP BY g.category_id, g.category_name) k),
	'reviewers', (SELECT coalesce(json_agg(json_build_object(
		'user_id', v.user_id, 'name', u.name, 'scores', v.scores)
		ORDER BY lower(u.name), u.id), '[]')
	    FROM (SELECT w.user_id, json_agg(round((w.s * 100)::numeric, 1)
			 ORDER BY w.s) AS scores
		    FROM review_raw_scores(y.id) w
		   GROUP BY w.user_id) v
	    JOIN users u ON u.id = v.user_id))::text AS answer
  FROM cycles y
 WHERE y.id = $1;
