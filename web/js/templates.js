/* The organizers' template editor: one mail of a cycle in one language at
   a time (GET/PUT /api/cycles/{id}/templates/{event}?lang=xx).  Shows the
   placeholders the mail provides, a preview with sample values that
   follows the typing, and says when the language has no text of its own
   (its readers get the cycle's default language).  The API checks the
   placeholders; its 422 lands beside the field. */
"use strict";

/* The mails of a cycle, in the order a cycle sends them.  Invitations and
   sign-in links belong to no cycle: they are not edited here. */
const EVENTS = [
	["nomination_created", "Nominator: confirm your nomination"],
	["nomination_confirmed", "Nominator: your nomination is submitted"],
	["nomination_links", "Nominator: fresh links"],
	["letter_requested", "Referee: a request for a letter"],
	["letter_reminder", "Referee: a reminder about a letter"],
	["letter_received", "Nominator: a letter arrived"],
	["candidate_nominated", "Nominee: you were nominated"],
	["assignments_made", "Member: candidates to score"],
	["reminder", "Member: candidates left to score"],
	["conflict_declared", "Organizers: a conflict was declared"],
	["announcement_awardee", "Awardee: congratulations"],
	["announcement_nominator", "Nominator: the outcome"],
	["announcement_thanks", "Nominator: not chosen this time"],
	["announcement_list", "Community list: the awardees"],
];

/* The languages of the awards (web/js/i18n.js offers the same to the
   public pages), each named in English and in itself. */
const LANGS = [
	["en", "English", "ltr"],
	["es", "Spanish (Español)", "ltr"],
	["ar", "Arabic (العربية)", "rtl"],
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

/* Shows (or with why null, clears) the error of field. */
function fieldError(field, why) {
	$(field + "-error").textContent = why || "";
	$(field + "-error").hidden = !why;
	if (why)
		$(field).setAttribute("aria-invalid", "true");
	else
		$(field).removeAttribute("aria-invalid");
}

function result(text, kind) {
	const box = $("result");
	box.className = "notice" + (kind ? " " + kind : "");
	box.textContent = text || "";
	box.hidden = !text;
	if (text)
		box.focus();
}

/* Writes what the template is: the cycle's own, shipped, or another
   language's standing in. */
function showState(t) {
	const asked = langInfo(t.lang)[1];
	const shown = langInfo(t.fallback_lang || t.lang)[1];
	$("state").textContent = t.custom ? "The cycle's own " + asked +
	    " text." : t.fallback ? "" : "The shipped " + asked + " text: " +
	    "saving makes it the cycle's own.";
	$("fallback").textContent = t.fallback ? asked + " has no text of " +
	    "its own for this mail: its readers get the " + shown + " text " +
	    "shown here. Write the " + asked + " text and save it to give " +
	    "them their own." : "";
	$("fallback").hidden = !t.fallback;
}

function showTemplate(t) {
	current = t;
	const code = $("lang").value;
	/* The text is in the language shown (the fallback's when it stands
	   in): its direction and language follow, for reading and for
	   screen readers. */
	const textLang = t.fallback ? t.fallback_lang : code;
	const textDir = langInfo(textLang)[2];
	for (const id of ["subject", "body", "preview"]) {
		$(id).lang = textLang;
		$(id).dir = textDir;
	}
	$("subject").value = t.subject;
	$("body").value = t.body;
	fieldError("subject", null);
	fieldError("body", null);
	const list = $("placeholders");
	list.replaceChildren();
	for (const name of t.placeholders) {
		const li = el("li");
		li.append(el("code", "{{" + name + "}}"), " — ",
		    el("span", sample(name), "muted"));
		list.append(li);
	}
	showState(t);
	preview();
	$("editor").hidden = false;
	$("preview-section").hidden = false;
}

async function load() {
	result(null);
	const res = await api("GET", "/api/cycles/" + cycleId + "/templates/" +
	    $("event").value + "?lang=" + $("lang").value);
	if (res.status !== 200) {
		$("load-error").textContent = errorText(res);
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
			fieldError("body", "Write the body of the mail.");
		if (subject.trim() === "")
			fieldError("subject", "Write a subject.");
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
		result("Saved: the " + langInfo(lang)[1] + " text of this mail " +
		    "is the cycle's own, used from the next mail on.", "good");
		return;
	}
	const fields = res.status === 422 && res.body && res.body.error &&
	    res.body.error.fields;
	if (fields && (fields.subject || fields.body)) {
		if (fields.subject)
			fieldError("subject", "The subject " + fields.subject +
			    ".");
		if (fields.body)
			fieldError("body", "The body " + fields.body + ".");
		$(fields.subject ? "subject" : "body").focus();
		return;
	}
	result(errorText(res), "bad");
}

async function start() {
	if (!cycleId) {
		$("load-error").textContent = "Open this page from a cycle's " +
		    "page: it needs the cycle.";
		$("load-error").hidden = false;
		return;
	}
	$("back").href = "/cycle?id=" + cycleId;
	const user = await sessionReady;
	if (!user)
		return;
	const cy = await api("GET", "/api/cycles/" + cycleId);
	if (cy.status === 200) {
		$("title").textContent = "Mail templates — " + cy.body.name;
		document.title = "Mail templates — " + cy.body.name;
	}
	for (const [name, what] of EVENTS) {
		const o = el("option", what);
		o.value = name;
		$("event").append(o);
	}
	for (const [code, name] of LANGS) {
		const o = el("option", name);
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
