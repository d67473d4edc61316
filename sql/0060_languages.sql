-- Languages (SPEC §9): English, Spanish and Arabic, with room
-- for more.  The words live in one catalogue per language
-- (web/i18n/LANG.json); the mail part of each is shipped here by
-- scripts/i18n-mail-sql (docs/languages.md).
--
-- A nomination keeps the language its nominator chose: every mail to
-- them, their referees and their nominee is written in it.  An account
-- has its own for the mails to members and organizers.  A cycle names
-- the language a template missing in another falls back to (never a
-- blank: English is shipped for every event, and is the last resort).
-- An outbox row keeps the language it was written in, so that the line
-- the mailer adds (whom to write to) speaks it too.
ALTER TABLE nominations ADD COLUMN lang text NOT NULL DEFAULT 'en'
    CHECK (lang ~ '^[a-z]{2,3}$');
ALTER TABLE users ADD COLUMN lang text NOT NULL DEFAULT 'en'
    CHECK (lang ~ '^[a-z]{2,3}$');
ALTER TABLE cycles ADD COLUMN default_lang text NOT NULL DEFAULT 'en'
    CHECK (default_lang ~ '^[a-z]{2,3}$');
ALTER TABLE outbox ADD COLUMN lang text NOT NULL DEFAULT 'en'
    CHECK (lang ~ '^[a-z]{2,3}$');

-- A template per cycle (or shipped, cycle NULL), event and language.
-- Every template so far was English.
ALTER TABLE templates ADD COLUMN lang text NOT NULL DEFAULT 'en'
    CHECK (lang ~ '^[a-z]{2,3}$');
ALTER TABLE templates DROP CONSTRAINT templates_cycle_id_event_key;
ALTER TABLE templates ADD CONSTRAINT templates_cycle_event_lang
    UNIQUE NULLS NOT DISTINCT (cycle_id, event, lang);

-- The words a mail holds outside its template: the contact line the
-- mailer adds to every mail, an outcome of the announcement, an entry of
-- the fresh links.  Shipped per language, like the templates.
CREATE TABLE mail_phrases (
	lang	text NOT NULL CHECK (lang ~ '^[a-z]{2,3}$'),
	name	text NOT NULL,
	text	text NOT NULL CHECK (text !~ '[\r\n]'),
	PRIMARY KEY (lang, name)
);

-- mail_phrase(lang, name): sql/functions/10_mail_phrase.sql.

-- The shipped templates in Spanish and Arabic, and the phrases in all
-- three (scripts/i18n-mail-sql es ar; scripts/i18n-mail-sql
-- --phrases-only en).  English templates are the ones shipped so far.
INSERT INTO templates (cycle_id, event, lang, subject, body) VALUES
(NULL, 'announcement_awardee', 'es', 'Enhorabuena: ha recibido un premio de los {{cycle_name}}',
'Hola, {{nominee_name}}:

¡Enhorabuena! El comité le ha elegido para recibir un premio de los
{{cycle_name}} en la categoría {{category_name}}.

{{nominee_note}}

{{nominee_url}}

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_list', 'es', 'Las personas premiadas de los {{cycle_name}}',
'Hola:

Se anuncian las personas premiadas de los {{cycle_name}}:

{{awardees}}

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_nominator', 'es', 'Se anuncian las personas premiadas de los {{cycle_name}}',
'Hola, {{nominator_name}}:

Se anuncian las personas premiadas de los {{cycle_name}}. Este es el
resultado para las personas que usted nominó:

{{outcomes}}

Gracias por su nominación: el comité leyó cada una con atención.

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_thanks', 'es', '{{cycle_name}}: gracias por su nominación',
'Hola, {{nominator_name}}:

Se anuncian las personas premiadas de los {{cycle_name}}. Las personas
que usted nominó no fueron elegidas esta vez:

{{outcomes}}

Aun así, su nominación importó: gracias por reconocer el trabajo de
quienes previenen el acoso y apoyan a las personas sobrevivientes.

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'assignments_made', 'es', '{{cycle_name}}: {{count}} candidaturas que puntuar',
'Hola, {{name}}:

Se le han asignado {{count}} candidaturas que puntuar en los
{{cycle_name}}. La puntuación cierra el {{scoring_close_at}}.

{{base_url}}/committee
'),
(NULL, 'candidate_nominated', 'es', 'Le han nominado a los {{cycle_name}}',
'Hola, {{nominee_name}}:

Alguien de su comunidad le ha nominado a los {{cycle_name}}
({{category_name}}), que reconocen a quienes van más allá para prevenir
el acoso y apoyar a las personas sobrevivientes.

Las nominaciones son confidenciales, así que no podemos decirle quién le
nominó. El comité se pondrá en contacto cuando se decidan los premios.

Si prefiere no ser considerada o considerado, o desea recibir el
reconocimiento en privado si le eligen, puede indicarlo aquí:

{{nominee_url}}

{{base_url}}/
'),
(NULL, 'conflict_declared', 'es', '{{cycle_name}}: se declaró un conflicto de intereses',
'Hola, {{name}}:

{{member_name}} declaró un conflicto de intereses con la candidatura
n.º {{candidate_id}} ({{nominee_name}}, {{category_name}}) en los
{{cycle_name}}. Ya no ve esta candidatura.

{{base_url}}/organizer
'),
(NULL, 'letter_received', 'es', '{{cycle_name}}: llegó una carta de apoyo',
'Hola, {{nominator_name}}:

Ha llegado la carta de apoyo de {{referee_name}} para su nominación de
{{nominee_name}}.
'),
(NULL, 'letter_reminder', 'es', '{{cycle_name}}: un recordatorio sobre una carta de apoyo',
'Hola, {{referee_name}}:

{{nominator_name}} le pidió una carta de apoyo a su nominación de
{{nominee_name}} a los {{cycle_name}} ({{category_name}}). Las cartas
cierran el {{letters_close_at}}.

{{letter_url}}

Este es el único recordatorio que le enviaremos.
'),
(NULL, 'letter_requested', 'es', '{{cycle_name}}: una solicitud de carta de apoyo',
'Hola, {{referee_name}}:

{{nominator_name}} ha nominado a {{nominee_name}} a los {{cycle_name}}
({{category_name}}) y le pide que escriba una carta de apoyo a la
nominación.

Puede escribirla, y cambiarla, hasta el {{letters_close_at}} abriendo
este enlace:

{{letter_url}}

Solo el comité lee las cartas. Si prefiere no escribir una, simplemente
ignore este correo.
'),
(NULL, 'login_link', 'es', 'Premios Change-Maker: su enlace de acceso',
'Hola, {{name}}:

Este es su enlace de acceso de un solo uso a los Premios Change-Maker.
Funciona una vez y caduca en 30 minutos:

{{login_url}}

Si no lo pidió, ignore este mensaje.
'),
(NULL, 'nomination_confirmed', 'es', '{{cycle_name}}: su nominación está enviada',
'Hola, {{nominator_name}}:

Su nominación de {{nominee_name}} a los {{cycle_name}}
({{category_name}}) está enviada. Gracias.

Hasta que cierren las nominaciones puede leerla, editarla o retirarla aquí:

{{manage_url}}

Mantenga este enlace en privado: cualquiera que lo tenga puede cambiar su
nominación.
'),
(NULL, 'nomination_created', 'es', '{{cycle_name}}: confirme su nominación',
'Hola:

Alguien usó esta dirección para hacer una nominación a los {{cycle_name}}.
No se envía nada hasta que se confirme.

Si fue usted, confírmela en un plazo de 72 horas abriendo este enlace:

{{confirm_url}}

Si no fue usted, ignore este mensaje: no se enviará nada, y la
nominación y esta dirección se borrarán cuando caduque el enlace.
'),
(NULL, 'nomination_links', 'es', '{{cycle_name}}: sus enlaces de nominación',
'Hola:

Alguien (esperamos que usted) pidió enlaces nuevos para las nominaciones
hechas con esta dirección en los {{cycle_name}}:

{{links}}
Cada enlace funciona solo para usted: no reenvíe este mensaje. Si no lo
pidió, ignórelo.
'),
(NULL, 'reminder', 'es', '{{cycle_name}}: le quedan {{count}} candidaturas que puntuar',
'Hola, {{name}}:

Todavía le quedan {{count}} candidaturas que puntuar en los {{cycle_name}}.
La puntuación cierra el {{scoring_close_at}}.

{{base_url}}/committee
'),
(NULL, 'user_invited', 'es', 'Premios Change-Maker: le invitan como {{role_name}}',
'Hola, {{name}}:

{{inviter_name}} le ha invitado a los Premios Change-Maker como
{{role_name}}.

Abra este enlace para elegir su contraseña e iniciar sesión (funciona una
vez y caduca en 7 días):

{{login_url}}
');

INSERT INTO mail_phrases (lang, name, text) VALUES
('es', 'contact', '¿Preguntas, o algo salió mal? Escriba a la organización:'),
('es', 'link_confirmed', 'Su nominación de {{nominee_name}} ({{category_name}}). Léala, edítela o retírela aquí:'),
('es', 'link_pending', 'Una nominación en la categoría {{category_name}}, aún sin confirmar. Confírmela aquí:'),
('es', 'nominee_note_earlier', 'Si prefiere recibir el reconocimiento en privado (fuera de la lista pública), aún puede indicarlo con el enlace de nuestro correo anterior.'),
('es', 'nominee_note_link', 'Si prefiere recibir el reconocimiento en privado (fuera de la lista pública), puede indicarlo aquí:'),
('es', 'outcome_awardee', 'elegida para un premio'),
('es', 'outcome_declined', 'no figura entre las personas premiadas esta vez; gracias por reconocer su trabajo'),
('es', 'outcome_honorable_mention', 'mención honorífica'),
('es', 'outcome_not_selected', 'no elegida esta vez'),
('es', 'role_committee', 'miembro del comité'),
('es', 'role_organizer', 'parte de la organización');

INSERT INTO templates (cycle_id, event, lang, subject, body) VALUES
(NULL, 'announcement_awardee', 'ar', 'تهانينا: أنت من الفائزين في {{cycle_name}}',
'مرحبًا {{nominee_name}}،

تهانينا! اختارتك اللجنة من الفائزين في {{cycle_name}}
في فئة {{category_name}}.

{{nominee_note}}

{{nominee_url}}

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_list', 'ar', 'الفائزون في {{cycle_name}}',
'مرحبًا،

أُعلن عن الفائزين في {{cycle_name}}:

{{awardees}}

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_nominator', 'ar', 'أُعلن عن الفائزين في {{cycle_name}}',
'مرحبًا {{nominator_name}}،

أُعلن عن الفائزين في {{cycle_name}}. هذه هي النتيجة للأشخاص الذين
رشّحتهم:

{{outcomes}}

شكرًا على ترشيحك: قرأت اللجنة كل ترشيح بعناية.

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'announcement_thanks', 'ar', '{{cycle_name}}: شكرًا على ترشيحك',
'مرحبًا {{nominator_name}}،

أُعلن عن الفائزين في {{cycle_name}}. لم يقع الاختيار هذه المرة على
الأشخاص الذين رشّحتهم:

{{outcomes}}

ومع ذلك كان لترشيحك أثر: شكرًا لتقديرك العمل الذي يقوم به الناس لمنع
التحرش ودعم الناجين والناجيات.

{{base_url}}/awardees/{{cycle_id}}
'),
(NULL, 'assignments_made', 'ar', '{{cycle_name}}: مرشّحون لتقييمهم: {{count}}',
'مرحبًا {{name}}،

أُسند إليك تقييم عدد من المرشّحين في {{cycle_name}}: {{count}}.
يُغلق التقييم في {{scoring_close_at}}.

{{base_url}}/committee
'),
(NULL, 'candidate_nominated', 'ar', 'لقد رُشِّحت لـ{{cycle_name}}',
'مرحبًا {{nominee_name}}،

رشّحك أحد أفراد مجتمعك لـ{{cycle_name}} ({{category_name}})،
التي تكرّم من يبذلون جهدًا استثنائيًا لمنع التحرش ودعم الناجين
والناجيات.

الترشيحات سرية، لذا لا يمكننا أن نخبرك بمن رشّحك.
ستتواصل معك اللجنة حين يُبَتّ في الجوائز.

إذا كنت تفضّل ألّا يُنظر في ترشيحك، أو أن يكون تكريمك بعيدًا عن العلن
إن وقع عليك الاختيار، فيمكنك قول ذلك من هنا:

{{nominee_url}}

{{base_url}}/
'),
(NULL, 'conflict_declared', 'ar', '{{cycle_name}}: تم الإعلان عن تضارب مصالح',
'مرحبًا {{name}}،

أعلن {{member_name}} عن تضارب مصالح مع المرشّح
رقم {{candidate_id}} ({{nominee_name}}، {{category_name}}) في
{{cycle_name}}. لم يعد يرى هذا المرشّح.

{{base_url}}/organizer
'),
(NULL, 'letter_received', 'ar', '{{cycle_name}}: وصلت رسالة دعم',
'مرحبًا {{nominator_name}}،

وصلت رسالة الدعم من {{referee_name}} لترشيحك لـ{{nominee_name}}.
'),
(NULL, 'letter_reminder', 'ar', '{{cycle_name}}: تذكير برسالة دعم',
'مرحبًا {{referee_name}}،

طلب منك {{nominator_name}} رسالة دعم لترشيحه لـ{{nominee_name}}
في {{cycle_name}} ({{category_name}}). يُغلق باب الرسائل في
{{letters_close_at}}.

{{letter_url}}

هذا هو التذكير الوحيد الذي سنرسله.
'),
(NULL, 'letter_requested', 'ar', '{{cycle_name}}: طلب رسالة دعم',
'مرحبًا {{referee_name}}،

رشّح {{nominator_name}} {{nominee_name}} لـ{{cycle_name}}
({{category_name}}) وطلب منك كتابة رسالة دعم للترشيح.

يمكنك كتابتها وتعديلها حتى {{letters_close_at}} بفتح هذا الرابط:

{{letter_url}}

لا يقرأ الرسائل إلا أعضاء اللجنة. إذا كنت تفضّل ألّا تكتب رسالة،
فتجاهل هذه الرسالة ببساطة.
'),
(NULL, 'login_link', 'ar', 'جوائز صُنّاع التغيير: رابط الدخول الخاص بك',
'مرحبًا {{name}}،

هذا رابط الدخول لمرة واحدة إلى جوائز صُنّاع التغيير. يعمل مرة واحدة
وتنتهي صلاحيته بعد 30 دقيقة:

{{login_url}}

إذا لم تطلبه، فتجاهل هذه الرسالة.
'),
(NULL, 'nomination_confirmed', 'ar', '{{cycle_name}}: تم تقديم ترشيحك',
'مرحبًا {{nominator_name}}،

تم تقديم ترشيحك لـ{{nominee_name}} في {{cycle_name}}
({{category_name}}). شكرًا لك.

حتى إغلاق باب الترشيحات يمكنك قراءته أو تعديله أو سحبه من هنا:

{{manage_url}}

احتفظ بهذا الرابط لنفسك: من يملكه يستطيع تغيير ترشيحك.
'),
(NULL, 'nomination_created', 'ar', '{{cycle_name}}: يُرجى تأكيد ترشيحك',
'مرحبًا،

استخدم أحدهم هذا العنوان لتقديم ترشيح في {{cycle_name}}.
لا يُقدَّم شيء حتى يتم تأكيده.

إذا كنت أنت، فيُرجى تأكيده خلال 72 ساعة بفتح هذا الرابط:

{{confirm_url}}

إذا لم تكن أنت، فتجاهل هذه الرسالة: لن يُقدَّم شيء، وسيُمحى الترشيح
وهذا العنوان عند انتهاء صلاحية الرابط.
'),
(NULL, 'nomination_links', 'ar', '{{cycle_name}}: روابط ترشيحاتك',
'مرحبًا،

طلب أحدهم (نأمل أن تكون أنت) روابط جديدة للترشيحات المقدَّمة بهذا
العنوان في {{cycle_name}}:

{{links}}
كل رابط يعمل لك وحدك: يُرجى عدم إعادة توجيه هذه الرسالة. إذا لم
تطلبها، فتجاهلها.
'),
(NULL, 'reminder', 'ar', '{{cycle_name}}: مرشّحون بقي تقييمهم: {{count}}',
'مرحبًا {{name}}،

ما زال عليك تقييم عدد من المرشّحين في {{cycle_name}}: {{count}}.
يُغلق التقييم في {{scoring_close_at}}.

{{base_url}}/committee
'),
(NULL, 'user_invited', 'ar', 'جوائز صُنّاع التغيير: أنت مدعو بصفة {{role_name}}',
'مرحبًا {{name}}،

دعاك {{inviter_name}} إلى جوائز صُنّاع التغيير بصفة
{{role_name}}.

افتح هذا الرابط لاختيار كلمة المرور وتسجيل الدخول (يعمل مرة واحدة
وتنتهي صلاحيته بعد 7 أيام):

{{login_url}}
');

INSERT INTO mail_phrases (lang, name, text) VALUES
('ar', 'contact', 'أسئلة، أو حدث خطأ ما؟ راسل المنظمين:'),
('ar', 'link_confirmed', 'ترشيحك لـ{{nominee_name}} ({{category_name}}). اقرأه أو عدّله أو اسحبه من هنا:'),
('ar', 'link_pending', 'ترشيح في فئة {{category_name}}، لم يُؤكَّد بعد. أكّده من هنا:'),
('ar', 'nominee_note_earlier', 'إذا كنت تفضّل أن يكون تكريمك بعيدًا عن العلن (خارج القائمة العامة)، فما زال بإمكانك قول ذلك برابط رسالتنا السابقة.'),
('ar', 'nominee_note_link', 'إذا كنت تفضّل أن يكون تكريمك بعيدًا عن العلن (خارج القائمة العامة)، فيمكنك قول ذلك من هنا:'),
('ar', 'outcome_awardee', 'اختير من الفائزين'),
('ar', 'outcome_declined', 'ليس بين الفائزين هذه المرة؛ شكرًا لتقديرك عمله'),
('ar', 'outcome_honorable_mention', 'تنويه شرفي'),
('ar', 'outcome_not_selected', 'لم يقع عليه الاختيار هذه المرة'),
('ar', 'role_committee', 'عضو في اللجنة'),
('ar', 'role_organizer', 'منظِّم');

INSERT INTO mail_phrases (lang, name, text) VALUES
('en', 'contact', 'Questions, or something went wrong? Write to the organizers:'),
('en', 'link_confirmed', 'Your nomination of {{nominee_name}} ({{category_name}}). Read, edit or withdraw it here:'),
('en', 'link_pending', 'A nomination in the category {{category_name}}, not confirmed yet. Confirm it here:'),
('en', 'nominee_note_earlier', 'If you would rather be recognised privately (kept off the public list), you can still say so with the link of our earlier mail.'),
('en', 'nominee_note_link', 'If you would rather be recognised privately (kept off the public list), you can say so here:'),
('en', 'outcome_awardee', 'chosen as an awardee'),
('en', 'outcome_declined', 'not among the awardees this time; thank you for recognising their work'),
('en', 'outcome_honorable_mention', 'honourable mention'),
('en', 'outcome_not_selected', 'not chosen this time'),
('en', 'role_committee', 'a committee member'),
('en', 'role_organizer', 'an organizer');

