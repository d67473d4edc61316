-- Shipped mail, worded better in every language (the catalogues,
-- web/i18n/LANG.json, say the same):
-- - the reminder's count stands alone after a colon or as "N to go",
--   since a placeholder cannot make "candidates" agree with 1 (Arabic's
--   already did);
-- - the awardee's subject reads "an awardee of the CYCLE", not "a CYCLE
--   awardee" (whose article did not agree with a cycle's name);
-- - the thank-you no longer says every person nominated was "not chosen
--   this time": its outcomes say what became of each, and a nomination
--   screened out gets outcome_ineligible (it did not meet the criteria,
--   which is not the same as not being chosen; sql/queries/announce.sql).
-- A cycle's own copy of a template is the organizers' and stays as is.
UPDATE templates SET subject = '{{cycle_name}}: your scoring, {{count}} to go'
 WHERE cycle_id IS NULL AND event = 'reminder' AND lang = 'en';
UPDATE templates SET body = 'Hello {{name}},

Candidates you still have to score in the {{cycle_name}}: {{count}}.
Scoring closes on {{scoring_close_at}}.

{{base_url}}/committee
'
 WHERE cycle_id IS NULL AND event = 'reminder' AND lang = 'en';
UPDATE templates SET subject = 'Congratulations: you are an awardee of the {{cycle_name}}'
 WHERE cycle_id IS NULL AND event = 'announcement_awardee' AND lang = 'en';
UPDATE templates SET body = 'Hello {{nominator_name}},

The {{cycle_name}} awardees are announced. Here is what became of the
people you nominated:

{{outcomes}}

Your nomination mattered all the same: thank you for recognising the work
people do to prevent harassment and support survivors.

{{base_url}}/awardees/{{cycle_id}}
'
 WHERE cycle_id IS NULL AND event = 'announcement_thanks' AND lang = 'en';
INSERT INTO mail_phrases (lang, name, text) VALUES
('en', 'outcome_ineligible', 'the nomination did not meet the award''s criteria, so the committee did not score it; thank you for recognising their work');
UPDATE templates SET subject = '{{cycle_name}}: candidaturas por puntuar: {{count}}'
 WHERE cycle_id IS NULL AND event = 'reminder' AND lang = 'es';
UPDATE templates SET body = 'Hola, {{name}}:

Candidaturas que aún le quedan por puntuar en los {{cycle_name}}: {{count}}.
La puntuación cierra el {{scoring_close_at}}.

{{base_url}}/committee
'
 WHERE cycle_id IS NULL AND event = 'reminder' AND lang = 'es';
UPDATE templates SET body = 'Hola, {{nominator_name}}:

Se anuncian las personas premiadas de los {{cycle_name}}. Este es el
resultado para las personas que usted nominó:

{{outcomes}}

Aun así, su nominación importó: gracias por reconocer el trabajo de
quienes previenen el acoso y apoyan a las personas sobrevivientes.

{{base_url}}/awardees/{{cycle_id}}
'
 WHERE cycle_id IS NULL AND event = 'announcement_thanks' AND lang = 'es';
INSERT INTO mail_phrases (lang, name, text) VALUES
('es', 'outcome_ineligible', 'la nominación no cumplía los criterios del premio, así que el comité no la puntuó; gracias por reconocer su trabajo');
UPDATE templates SET body = 'مرحبًا {{nominator_name}}،

أُعلن عن الفائزين في {{cycle_name}}. هذه هي النتيجة للأشخاص الذين
رشّحتهم:

{{outcomes}}

ومع ذلك كان لترشيحك أثر: شكرًا لتقديرك العمل الذي يقوم به الناس لمنع
التحرش ودعم الناجين والناجيات.

{{base_url}}/awardees/{{cycle_id}}
'
 WHERE cycle_id IS NULL AND event = 'announcement_thanks' AND lang = 'ar';
INSERT INTO mail_phrases (lang, name, text) VALUES
('ar', 'outcome_ineligible', 'لم يستوفِ الترشيح معايير الجائزة، فلم تقيّمه اللجنة؛ شكرًا لتقديرك عمله');
