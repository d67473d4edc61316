-- The mail that tells a member an organizer reopened their final review
-- (review_reopened, cgi/event.c): the reason, and the link back to the
-- review.  Shipped in every language of migration 0060, from the
-- catalogues (web/i18n/LANG.json, scripts/i18n-mail-sql).
INSERT INTO templates (cycle_id, event, lang, subject, body) VALUES
(NULL, 'review_reopened', 'en', '{{cycle_name}}: your review of {{nominee_name}} was reopened',
'Hello {{name}},

An organizer reopened your final review of {{nominee_name}}
({{category_name}}) in the {{cycle_name}}, for this reason:

{{reason}}

Your review is a draft again. Please look at it, change what needs
changing and submit it as final once more:

{{score_url}}
'),
(NULL, 'review_reopened', 'es', '{{cycle_name}}: se reabrió su evaluación de {{nominee_name}}',
'Hola, {{name}}:

Una persona organizadora reabrió su evaluación final de
{{nominee_name}} ({{category_name}}) en los {{cycle_name}}, por este
motivo:

{{reason}}

Su evaluación vuelve a ser un borrador. Revísela, cambie lo que haga
falta y envíela de nuevo como final:

{{score_url}}
'),
(NULL, 'review_reopened', 'ar', '{{cycle_name}}: أُعيد فتح تقييمك لـ{{nominee_name}}',
'مرحبًا {{name}}،

أعاد أحد المنظمين فتح تقييمك النهائي لـ{{nominee_name}}
({{category_name}}) في {{cycle_name}}، للسبب التالي:

{{reason}}

أصبح تقييمك مسودة من جديد. يُرجى مراجعته وتعديل ما يلزم ثم إرساله
نهائيًا مرة أخرى:

{{score_url}}
');
