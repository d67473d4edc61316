/* The organizers' template editor: one mail of a cycle in one language at
   a time (GET/PUT /api/cycles/{id}/templates/{event}?lang=xx).  Shows the
   placeholders the mail provides, a preview with sample values that
   follows the typing, and says when the language has no text of its own
   (its readers get the cycle's default language).  The API checks the
   placeholders; its 422 lands beside the field.  The page's words are in
   the catalogues (templates.*). */
"use strict";

/* The mails of a cycle, in the order a cycle sends them.  Invitations and
   sign-in links belong to no cycle: they are not edited here. */
const EVENTS = [
	["nomination_created", "templates.event_nomination_created"],
	["nomination_confirmed", "templates.event_nomination_confirmed"],
	["nomination_links", "templates.event_nomination_links"],
	["letter_requested", "templates.event_letter_requested"],
	["letter_reminder", "templates.event_letter_reminder"],
	["letter_received", "templates.event_letter_received"],
	["candidate_nominated", "templates.event_candidate_nominated"],
	["assignments_made", "templates.event_assignments_made"],
	["reminder", "templates.event_reminder"],
	["conflict_declared", "templates.event_conflict_declared"],
	["announcement_awardee", "templates.event_announcement_awardee"],
	["announcement_nominator", "templates.event_announcement_nominator"],
	["announcement_thanks", "templates.event_announcement_thanks"],
	["announcement_list", "templates.event_announcement_list"],
];

/* The languages of the awards (web/js/i18n.js offers the same to the
   public pages), each named in the reader's language and in itself. */
const LANGS = [
	["en", "templates.lang_en", "ltr"],
	["es", "templates.lang_es", "ltr"],
	["ar", "templates.lang_ar", "rtl"],
];

/* What the preview puts in place of a placeholder: a sample that reads
   like the real thing for the common ones, else the name in brackets. */
const SAMPLES = {
	cycle_name: "Change-Maker Awards 2027",
	category_name: "Students",
	nominee_name: "Ada Lovelace",
	nominator_name: "Charles Babbage",
	referee_name: "Mary Somerville",
	member_name: "Grace Hopper",
	name: "Grace Hopper",
	inviter_name: "Olga Organizer",
	count: "3",
	candidate_id: "12",
	cycle_id: "3",
	scoring_close_at: "2027-04-01 05:00 UTC",
	letters_close_at: "2027-03-08 05:00 UTC",
	base_url: location.origin,
};

const cycleId = (function () {
	const m = /[?&]cycle=([1-9][0-9]{0,14})(?:&|$)/.exec(location.search);
	return m ? Number(m[1]) : null;
})();

let current = null;	/* the template as last read or saved */

function sample(name) {
	if (SAMPLES[name] !== undefined)
		return SAMPLES[name];
	if (/_url$/.test(name))
		return location.origin + "/" + name.replace(/_url$/, "") +
		    "#token=…";
	return "[" + name + "]";
}

/* The text with each {{name}} replaced by its sample. */
function render(text) {
	return text.replace(/\{\{([a-z_]+)\}\}/g, (m, name) => sample(name));
}

function langInfo(code) {
	return LANGS.find((l) => l[0] === code) || [code, code, "ltr"];
}

function preview() {
	$("preview-subject").textContent = render($("subject").value);
	$("preview-body").textContent = render($("body").value);
}

/* Shows the error of field, the words of key with params; with key
   null, clears it. */
function fieldError(field, key, params) {
	if (key)
		say($(field + "-error"), key, params);
	else
		$(field + "-error").textContent = "";
	$(field + "-error").hidden = !key;
	if (key)
		$(field).setAttribute("aria-invalid", "true");
	else
		$(field).removeAttribute("aria-invalid");
}

/* The result of a save: the words of key with params; with key null,
   none. */
function result(key, params, kind) {
	const box = $("result");
	box.className = "notice" + (kind ? " " + kind : "");
	if (key)
		say(box, key, params);
	else
		box.textContent = "";
	box.hidden = !key;
	if (key)
		box.focus();
}

/* Writes what the template is: the cycle's own, shipped, or another
   language's standing in. */
function showState(tpl) {
	const asked = { msg: langInfo(tpl.lang)[1] };
	const shown = { msg: langInfo(tpl.fallback_lang || tpl.lang)[1] };
	if (tpl.fallback)
		$("state").textContent = "";
	else
		say($("state"), tpl.custom ? "templates.state_custom" :
		    "templates.state_shipped", { lang: asked });
	if (tpl.fallback)
		say($("fallback"), "templates.fallback",
		    { lang: asked, shown });
	else
		$("fallback").textContent = "";
	$("fallback").hidden = !tpl.fallback;
}

function showTemplate(tpl) {
	current = tpl;
	const code = $("lang").value;
	/* The text is in the language shown (the fallback's when it stands
	   in): its direction and language follow, for reading and for
	   screen readers. */
	const textLang = tpl.fallback ? tpl.fallback_lang : code;
	const textDir = langInfo(textLang)[2];
	for (const id of ["subject", "body", "preview"]) {
		$(id).lang = textLang;
		$(id).dir = textDir;
	}
	$("subject").value = tpl.subject;
	$("body").value = tpl.body;
	fieldError("subject", null);
	fieldError("body", null);
	const list = $("placeholders");
	list.replaceChildren();
	for (const name of tpl.placeholders) {
		const li = el("li");
		li.append(el("code", "{{" + name + "}}"), " — ",
		    el("span", sample(name), "muted"));
		list.append(li);
	}
	showState(tpl);
	preview();
	$("editor").hidden = false;
	$("preview-section").hidden = false;
}

async function load() {
	result(null);
	const res = await api("GET", "/api/cycles/" + cycleId + "/templates/" +
	    $("event").value + "?lang=" + $("lang").value);
	if (res.status !== 200) {
		say($("load-error"), ...errorMessage(res));
		$("load-error").hidden = false;
		$("editor").hidden = true;
		$("preview-section").hidden = true;
		return;
	}
	$("load-error").hidden = true;
	showTemplate(res.body);
}

async function save(ev) {
	ev.preventDefault();
	result(null);
	fieldError("subject", null);
	fieldError("body", null);
	const subject = $("subject").value, body = $("body").value;
	if (subject.trim() === "" || body.trim() === "") {
		if (body.trim() === "")
			fieldError("body", "templates.body_missing");
		if (subject.trim() === "")
			fieldError("subject", "templates.subject_missing");
		$(subject.trim() === "" ? "subject" : "body").focus();
		return;
	}
	$("save").disabled = true;
	const lang = $("lang").value;
	const res = await api("PUT", "/api/cycles/" + cycleId + "/templates/" +
	    $("event").value + "?lang=" + lang, { subject, body, lang });
	$("save").disabled = false;
	if (res.status === 200) {
		showTemplate(res.body);
		result("templates.saved", { lang: { msg: langInfo(lang)[1] } },
		    "good");
		return;
	}
	const fields = res.status === 422 && res.body && res.body.error &&
	    res.body.error.fields;
	if (fields && (fields.subject || fields.body)) {
		if (fields.subject)
			fieldError("subject", ...serverProblem(
			    "templates.subject_name", fields.subject));
		if (fields.body)
			fieldError("body", ...serverProblem("templates.body_name",
			    fields.body));
		$(fields.subject ? "subject" : "body").focus();
		return;
	}
	const [key, params] = errorMessage(res);
	result(key, params, "bad");
}

async function start() {
	await i18nReady;
	if (!cycleId) {
		say($("load-error"), "templates.no_cycle");
		$("load-error").hidden = false;
		return;
	}
	$("back").href = "/cycle?id=" + cycleId;
	const user = await sessionReady;
	if (!user)
		return;
	const cy = await api("GET", "/api/cycles/" + cycleId);
	if (cy.status === 200) {
		say($("title"), "templates.title_of", { cycle: cy.body.name });
		sayTitle("templates.page_title_of", { cycle: cy.body.name });
	}
	for (const [name, key] of EVENTS) {
		const o = say(el("option"), key);
		o.value = name;
		$("event").append(o);
	}
	for (const [code, key] of LANGS) {
		const o = say(el("option"), key);
		o.value = code;
		$("lang").append(o);
	}
	const want = new URLSearchParams(location.search);
	if (EVENTS.some((e) => e[0] === want.get("event")))
		$("event").value = want.get("event");
	if (LANGS.some((l) => l[0] === want.get("lang")))
		$("lang").value = want.get("lang");
	$("event").addEventListener("change", load);
	$("lang").addEventListener("change", load);
	$("subject").addEventListener("input", preview);
	$("body").addEventListener("input", preview);
	$("template-form").addEventListener("submit", save);
	$("pick").hidden = false;
	await load();
}

document.addEventListener("DOMContentLoaded", start);
