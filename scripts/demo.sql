-- A demo cycle for `make run`, so a newcomer has something to see: open
-- for nominations now, two categories, a rubric.  Only on an empty database.
INSERT INTO cycles (name, phase, nominations_open_at, nominations_close_at,
    scoring_close_at)
SELECT 'Change-Maker Awards ' || extract(year FROM now() + interval '60 days'),
    'nominations_open', now() - interval '1 day', now() + interval '60 days',
    now() + interval '90 days'
WHERE NOT EXISTS (SELECT 1 FROM cycles);

INSERT INTO categories (cycle_id, name, description, max_awardees)
SELECT c.id, v.name, v.description, v.max_awardees
FROM cycles c, (VALUES
    ('Students', 'A student who made their campus safer for everyone.', 2),
    ('Staff and faculty', 'A colleague who supported survivors and changed '
     'how their workplace responds to harassment.', 2)
) AS v (name, description, max_awardees)
WHERE NOT EXISTS (SELECT 1 FROM categories);

INSERT INTO criteria (cycle_id, name, description, weight)
SELECT c.id, v.name, v.description, v.weight
FROM cycles c, (VALUES
    ('Impact', 'How much safer and more supported did people become?', 2),
    ('Initiative', 'Did they go beyond what their role asked of them?', 1),
    ('Care', 'Did they centre survivors and respect confidentiality?', 1)
) AS v (name, description, weight)
WHERE NOT EXISTS (SELECT 1 FROM criteria);
