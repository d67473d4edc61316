/* The nomination form: categories of the open cycle, checks in the page
   and from the server shown beside their fields, a draft kept in this tab,
   and an Idempotency-Key so that a retry never makes two nominations. */
"use strict";

const DRAFT = "nominate-draft";

/* The Idempotency-Key belongs to one body: the same body sent again (a
   retry, a double press) keeps its key, so it is stored once; another
   body (edited, or typed in a tab duplicated from this one, which copies
   this tab's storage) gets a key of its own. */

/* The text fields: the API's name of each (as in the 422 "fields"), the
   input's id is the same with "-" for "."; the catalogue keys of its
   label, of its "missing" message and, for an address, of its "not an
   address" message. */
const TEXT_FIELDS = [
	{ key: "nominee.name", label: "nominate.nominee_name",
	    missing: "form.nominee_name_missing", max: 200 },
	{ key: "nominee.email", label: "nominate.nominee_email",
	    missing: "form.nominee_email_missing", max: 254,
	    email: "form.nominee_email_bad" },
	{ key: "nominee.affiliation", label: "nominate.nominee_affiliation",
	    max: 200 },
	{ key: "nominee.role", label: "nominate.nominee_role", max: 200 },
	{ key: "nominator.name", label: "nominate.nominator_name",
	    missing: "form.nominator_name_missing", max: 200 },
	{ key: "nominator.email", label: "nominate.nominator_email",
	    missing: "form.nominator_email_missing", max: 254,
	    email: "form.nominator_email_bad" },
	{ key: "nominator.affiliation",
	    label: "nominate.nominator_affiliation", max: 200 },
	{ key: "nominator.relationship",
	    label: "nominate.nominator_relationship", max: 200 },
];

const LABELS = {
	"category_id": "nominate.category",
	"statement": "nominate.statement",
	"consent_contact_nominee": "nominate.consent_label",
	"cycle_id": "nominate.cycle_label",
	"referees": "nominate.referees_legend",
};
for (const f of TEXT_FIELDS)
	LABELS[f.key] = f.label;

/* The catalogue key naming field key, referees' fields included. */
function labelOf(key) {
	const m = /^referees\[(\d+)\]\.(\w+)$/.exec(key);
	if (m) {
		const f = REFEREE_FIELDS.find((x) => x.part === m[2]);
		return f ? f.label : "nominate.referees_legend";
	}
	return LABELS[key] || "form.field";
}

let cycle = null;
let sending = false;

/* The id of the element that shows field key. */
function inputId(key) {
	if (key === "category_id")
		return "category";
	if (key === "consent_contact_nominee")
		return "consent";
	const m = /^referees\[(\d+)\]\.(\w+)$/.exec(key);
	if (m)
		return "referee-" + m[1] + "-" + m[2];
	return key.replace(".", "-");
}

/* The field key of the input with id, the other way round. */
function keyOf(id) {
	if (id === "statement")
		return "statement";
	const m = /^referee-(\d+)-(\w+)$/.exec(id);
	if (m)
		return "referees[" + m[1] + "]." + m[2];
	return id.replace("-", ".");
}

/* A random Idempotency-Key, even where randomUUID is missing (it needs a
   secure context). */
function newKey() {
	if (crypto.randomUUID)
		return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/* --- the draft, kept in this tab so that a reload loses nothing ------ */

function loadDraft() {
	try {
		return JSON.parse(sessionStorage.getItem(DRAFT)) || {};
	} catch (e) {
		return {};
	}
}

let draft = loadDraft();

/* The key for the body text: the one it was last sent with, else new. */
function keyFor(text) {
	if (!draft.sent || draft.sent.body !== text)
		draft.sent = { body: text, key: newKey() };
	try {
		sessionStorage.setItem(DRAFT, JSON.stringify(draft));
	} catch (e) {
		/* Not kept: a reload would make a new key, no worse. */
	}
	return draft.sent.key;
}

function saveDraft() {
	draft.values = {};
	for (const f of TEXT_FIELDS)
		draft.values[f.key] = $(inputId(f.key)).value;
	draft.values.statement = $("statement").value;
	draft.values.consent = $("consent").checked;
	draft.values.referees = refereeIndexes().map((i) =>
	    REFEREE_FIELDS.map((f) => $("referee-" + i + "-" + f.part).value));
	const picked = document.querySelector("input[name=category]:checked");
	draft.values.category = picked ? picked.value : null;
	try {
		sessionStorage.setItem(DRAFT, JSON.stringify(draft));
	} catch (e) {
		/* Storage full or refused: the form still works. */
	}
}

function restoreDraft() {
	const v = draft.values;
	if (!v)
		return;
	for (const f of TEXT_FIELDS)
		if (typeof v[f.key] === "string")
			$(inputId(f.key)).value = v[f.key];
	if (typeof v.statement === "string")
		$("statement").value = v.statement;
	$("consent").checked = v.consent === true;
	if (Array.isArray(v.referees))
		v.referees.forEach((row, i) => {
			if (!Array.isArray(row) || !$("referee-" + i + "-name"))
				return;
			REFEREE_FIELDS.forEach((f, j) => {
				if (typeof row[j] === "string")
					$("referee-" + i + "-" + f.part).value = row[j];
			});
		});
	if (v.category) {
		const radio = document.querySelector(
		    "input[name=category][value='" + CSS.escape(v.category) + "']");
		if (radio)
			radio.checked = true;
	}
}

/* --- errors ----------------------------------------------------------- */

function fieldError(key) {
	return $(inputId(key) + "-error");
}

/* Shows (or with why null, clears) the error of field key; why is
   [key, params] of the catalogue. */
function setError(key, why) {
	const box = fieldError(key);
	const input = $(inputId(key));
	if (!box || !input)
		return;
	if (why)
		say(box, why[0], why[1]);
	else
		box.replaceChildren();
	box.hidden = !why;
	if (why)
		input.setAttribute("aria-invalid", "true");
	else
		input.removeAttribute("aria-invalid");
	/* The radio buttons carry it too, for screen readers on a radio. */
	if (key === "category_id")
		for (const r of document.querySelectorAll("input[name=category]"))
			if (why)
				r.setAttribute("aria-invalid", "true");
			else
				r.removeAttribute("aria-invalid");
}

/* The first control of field key, to move the focus to. */
function focusTarget(key) {
	if (key === "category_id")
		return document.querySelector("input[name=category]:checked") ||
		    document.querySelector("input[name=category]");
	return $(inputId(key));
}

/* Lists the problems above the form under title (a catalogue key) and
   moves the focus there; errors is [[key or null, [message key,
   params]], ...]. */
function showSummary(errors, title) {
	say($("summary-title"), title || "nominate.summary_title");
	const list = $("summary-list");
	list.replaceChildren();
	for (const [key, message] of errors) {
		const li = el("li");
		const target = key ? focusTarget(key) : null;
		if (target) {
			const a = say(el("a"), message[0], message[1]);
			a.href = "#" + target.id;
			a.addEventListener("click", (ev) => {
				ev.preventDefault();
				target.focus();
			});
			li.append(a);
		} else {
			say(li, message[0], message[1]);
		}
		list.append(li);
	}
	$("summary").hidden = false;
	$("summary").focus();
}

function hideSummary() {
	$("summary").hidden = true;
	$("summary-list").replaceChildren();
	$("summary-contact").hidden = true;
}

/* --- checks in the page ------------------------------------------------ */

/* The problem with referee i's field part as typed, or null. */
function checkReferee(i, part) {
	return refereeProblem(i, part, $("nominee-email").value,
	    $("nominator-email").value);
}

/* The problem with field key as typed, as [key, params], or null. */
function checkField(key) {
	if (key === "category_id")
		return document.querySelector("input[name=category]:checked") ?
		    null : ["form.category_missing"];
	if (key === "statement")
		return statementProblem($("statement").value);
	const m = /^referees\[(\d+)\]\.(\w+)$/.exec(key);
	if (m)
		return checkReferee(Number(m[1]), m[2]);
	const f = TEXT_FIELDS.find((x) => x.key === key);
	const v = $(inputId(key)).value.trim();
	if (f.missing && v === "")
		return [f.missing];
	if (chars(v) > f.max)
		return ["form.too_long", { label: { msg: f.label },
		    max: f.max }];
	if (f.email && !looksLikeEmail(v))
		return [f.email];
	return null;
}

/* The fields checked, in the order of the page. */
function checked() {
	const keys = ["category_id"].concat(TEXT_FIELDS.map((f) => f.key));
	for (const i of refereeIndexes())
		for (const f of REFEREE_FIELDS)
			keys.push("referees[" + i + "]." + f.part);
	keys.push("statement");
	return keys;
}

/* Checks every field; returns [[key, message], ...]. */
function checkAll() {
	const errors = [];
	for (const key of checked()) {
		const why = checkField(key);
		setError(key, why);
		if (why)
			errors.push([key, why]);
	}
	return errors;
}

/* --- sending ------------------------------------------------------------ */

function body() {
	const value = (key) => $(inputId(key)).value.trim();
	const data = {
		cycle_id: cycle.id,
		category_id: Number(document.querySelector(
		    "input[name=category]:checked").value),
		nominee: {
			name: value("nominee.name"),
			email: value("nominee.email"),
			affiliation: value("nominee.affiliation"),
			role: value("nominee.role"),
		},
		nominator: {
			name: value("nominator.name"),
			email: value("nominator.email"),
			affiliation: value("nominator.affiliation"),
			relationship: value("nominator.relationship"),
		},
		statement: $("statement").value,
		consent_contact_nominee: $("consent").checked,
		/* Every mail of the nomination speaks the page's language. */
		lang: currentLang(),
	};
	const referees = refereesTyped();
	if (referees.length)
		data.referees = referees.map((r) => r.value);
	return data;
}

/* The indexes of the referee rows on the page. */
function refereeIndexes() {
	const max = cycle && cycle.letters_max ? cycle.letters_max : 0;
	return Array.from({ length: max }, (x, i) => i);
}

/* POSTs the nomination with the form's Idempotency-Key, trying again by
   itself when the connection drops or the server is briefly away: the
   key makes the server answer a repeat as it answered the first. */
async function post(data) {
	const waits = [1000, 3000];
	const text = JSON.stringify(data);
	const key = keyFor(text);
	for (let attempt = 0; ; attempt++) {
		let r;
		try {
			r = await fetch("/api/nominations", {
				method: "POST",
				headers: { "Content-Type": "application/json",
				    "Idempotency-Key": key },
				credentials: "same-origin",
				body: text,
			});
		} catch (e) {
			r = null;
		}
		const transient = r === null || r.status === 502 ||
		    r.status === 503 || r.status === 504;
		if (transient && attempt < waits.length) {
			say($("sending"), "nominate.retrying");
			await new Promise((ok) => setTimeout(ok, waits[attempt]));
			continue;
		}
		if (r === null)
			return { status: 0, body: { error: { code: "network",
			    message: "The network is unreachable." } } };
		let json = null;
		try { json = await r.json(); } catch (e) { json = null; }
		/* The secret of "Wrong address?" comes in a header. */
		return { status: r.status, body: json,
		    fix: r.headers.get("Correction-Token") };
	}
}

/* Writes the draft to this tab's storage (see saveDraft). */
function keepDraft() {
	try {
		sessionStorage.setItem(DRAFT, JSON.stringify(draft));
	} catch (e) {
		/* Not kept: the page still works until it is closed. */
	}
}

/* --- after sending: "Check your email", "Wrong address?" ------------
   The draft stays in this tab until the nomination is confirmed (issue
   14): draft.submitted holds its id, the address the link went to, and
   the correction secret of the 202, which only this tab has (it is
   stored hashed, one hour, single use: POST /api/nominations/correct).
   A reload, or coming back to the tab, asks the server where the
   nomination stands: confirmed, the draft goes; erased (its link
   expired unconfirmed), the form comes back with everything in it. */

/* Shows "Check your email" for draft.submitted; focus moves to its
   title when focus is true. */
function showDone(focus) {
	const s = draft.submitted;
	$("form").hidden = true;
	$("summary").hidden = true;
	$("done-email").textContent = s.email;
	say($("done-title"), "nominate.done_title");
	$("done-pending").hidden = false;
	$("done-confirmed").hidden = true;
	$("wrong-p").hidden = !s.fix;
	$("done").hidden = false;
	if (focus)
		$("done-title").focus();
}

/* The nomination went in: the draft goes, the tab may start again. */
function showConfirmed() {
	draft = {};
	try {
		sessionStorage.removeItem(DRAFT);
	} catch (e) {
		/* Nothing kept: nothing to clear. */
	}
	$("form").hidden = true;
	say($("done-title"), "nominate.confirmed_title");
	$("done-pending").hidden = true;
	$("done-confirmed").hidden = false;
	$("done").hidden = false;
}

/* Back to the form with everything in it: a correction is no longer
   possible, or the nomination was erased unconfirmed. */
function backToForm(note) {
	draft.submitted = null;
	keepDraft();
	$("done").hidden = true;
	$("fix").hidden = true;
	$("form").hidden = false;
	if (note)
		showSummary([[null, [note]]], "nominate.send_again_title");
	else
		$("title").focus();
}

/* Asks where the nomination of draft.submitted stands, and shows it. */
async function refreshSubmitted() {
	const s = draft.submitted;
	if (!s || !s.fix)
		return;
	const res = await api("POST", "/api/nominations/correct",
	    { token: s.fix, preview: true });
	if (draft.submitted !== s)
		return;
	if (res.status === 200 && res.body.status !== "pending") {
		const had = $("done").hidden;
		showConfirmed();
		if (!had)
			$("done-title").focus();
	} else if (res.status === 200 || res.status === 410) {
		/* 410: past its hour the secret corrects and tells nothing. */
		const correctable = res.status === 200 && res.body.correctable;
		$("wrong-p").hidden = !correctable;
		if (!correctable)
			$("fix").hidden = true;
	} else if (res.status === 404) {
		backToForm("nominate.erased");
	}
}

/* Shows (or with null, clears) the error of the corrected address; why
   is [key, params]. */
function fixError(why) {
	const box = $("fix-email-error"), input = $("fix-email");
	if (why)
		say(box, why[0], why[1]);
	else
		box.replaceChildren();
	box.hidden = !why;
	if (why) {
		input.setAttribute("aria-invalid", "true");
		input.focus();
	} else {
		input.removeAttribute("aria-invalid");
	}
}

function openFix() {
	const open = $("fix").hidden;
	$("fix").hidden = !open;
	$("wrong").setAttribute("aria-expanded", String(open));
	if (open) {
		$("fix-email").value = draft.submitted.email;
		fixError(null);
		$("fix-email").focus();
		$("fix-email").select();
	}
}

async function sendFix(ev) {
	ev.preventDefault();
	const s = draft.submitted;
	const email = $("fix-email").value.trim();
	if (!looksLikeEmail(email)) {
		fixError([email ? "form.nominator_email_bad" :
		    "form.nominator_email_missing"]);
		return;
	}
	fixError(null);
	$("fix-send").disabled = true;
	const res = await api("POST", "/api/nominations/correct",
	    { token: s.fix, email });
	$("fix-send").disabled = false;
	const err = (res.body && res.body.error) || {};
	if (res.status === 200) {
		const old = s.email;
		s.email = email;
		s.fix = res.body.correction_token;
		if (draft.values)
			draft.values["nominator.email"] = email;
		keepDraft();
		$("fix").hidden = true;
		$("wrong").setAttribute("aria-expanded", "false");
		showDone(false);
		$("wrong-p").hidden = !res.body.correctable;
		say($("done-fixed"), "nominate.fixed", { email, old });
		$("done-fixed").hidden = false;
		$("done-fixed").focus();
		return;
	}
	if (res.status === 409 && err.code === "too_many_corrections") {
		$("wrong-p").hidden = true;
		$("again-p").hidden = false;
		fixError(["nominate.fix_too_many"]);
		return;
	}
	if (res.status === 409 && err.code === "not_pending") {
		showConfirmed();
		$("done-title").focus();
		return;
	}
	if (res.status === 422 && err.fields && err.fields.email) {
		fixError(serverProblem("nominate.nominator_email",
		    err.fields.email));
		return;
	}
	if (res.status === 410 || res.status === 404) {
		$("wrong-p").hidden = true;
		$("again-p").hidden = false;
		fixError(["nominate.fix_too_late"]);
		showContact($("done-contact"));
		return;
	}
	if (res.status === 429 && err.code === "too_many_pending") {
		fixError(["nominate.fix_pending"]);
		return;
	}
	fixError(errorMessage(res));
	showContact($("done-contact"));
}

async function submit(ev) {
	ev.preventDefault();
	if (sending)
		return;
	hideSummary();
	const errors = checkAll();
	if (errors.length) {
		showSummary(errors);
		return;
	}
	const data = body();
	sending = true;
	$("send").disabled = true;
	say($("sending"), "nominate.sending");
	const res = await post(data);
	sending = false;
	$("send").disabled = false;
	$("sending").replaceChildren();
	delete $("sending").dataset.i18n;

	if (res.status === 202) {
		draft.submitted = { id: res.body && res.body.id,
		    email: data.nominator.email,
		    fix: res.fix || null };
		keepDraft();
		showDone(true);
		return;
	}
	const err = (res.body && res.body.error) || {};
	if (res.status === 409 && err.code === "idempotency_key_reused") {
		/* Never a success: this nomination was not stored.  The
		   next press sends it with a key of its own. */
		draft.sent = null;
		showSummary([[null, ["nominate.not_sent_yet"]]],
		    "nominate.not_sent_yet_title");
		return;
	}
	if (res.status === 409) {
		showSummary([[null, ["nominate.closed_now"]]],
		    "nominate.closed_now_title");
		return;
	}
	if (res.status === 429 && err.code === "too_many_pending") {
		showSummary([[null, ["error.too_many_pending"]]],
		    "nominate.pending_title");
		return;
	}
	if ((res.status === 422 || res.status === 400) && err.fields) {
		const list = [];
		for (const [apiKey, why] of Object.entries(err.fields)) {
			const key = refereePageKey(apiKey);
			const message = serverProblem(labelOf(key), why);
			if (fieldError(key)) {
				setError(key, message);
				list.push([key, message]);
			} else {
				list.push([null, message]);
			}
		}
		showSummary(list);
		return;
	}
	showSummary([[null, errorMessage(res)]], res.status === 0 ?
	    "nominate.not_sent_offline" : "nominate.not_sent");
	showContact($("summary-contact"));
}

/* --- start ---------------------------------------------------------------- */

function showCategories(categories) {
	const box = $("categories");
	for (const c of categories) {
		const id = "category-" + c.id;
		const wrap = el("div", null, "choice");
		const input = el("input");
		input.type = "radio";
		input.name = "category";
		input.id = id;
		input.value = String(c.id);
		const label = el("label");
		label.htmlFor = id;
		label.append(el("span", c.name, "choice-name"));
		if (c.description) {
			const hint = el("span", c.description, "hint");
			hint.id = id + "-hint";
			input.setAttribute("aria-describedby", hint.id);
			label.append(hint);
		}
		wrap.append(input, label);
		box.append(wrap);
	}
	if (categories.length === 1)
		box.querySelector("input").checked = true;
}

/* Says why there is no form: key and params of the catalogue. */
function closed(key, params) {
	say($("status"), key, params);
	$("status").hidden = false;
}

/* The referees' rows, when the cycle asks for letters. */
function showReferees() {
	const max = cycle.letters_max || 0;
	$("referees").hidden = max === 0;
	if (max === 0)
		return;
	say($("referees-hint"), "nominate.referees_hint", { count: max });
	refereeRows(max);
}

async function start() {
	await i18nReady;
	/* Asked now: a network failure later still names whom to write to. */
	contactAddress();
	const res = await api("GET", "/api/cycles/current");
	if (res.status === 404) {
		closed("index.closed_none");
		return;
	}
	if (res.status !== 200) {
		closed(...errorMessage(res));
		showContact($("status-contact"));
		return;
	}
	cycle = res.body;
	if (cycle.phase !== "nominations_open" ||
	    (cycle.nominations_close_at &&
	    new Date(cycle.nominations_close_at) <= new Date())) {
		closed("nominate.closed", { cycle: cycle.name });
		return;
	}
	if (!cycle.categories || cycle.categories.length === 0) {
		closed("nominate.no_categories", { cycle: cycle.name });
		return;
	}
	say($("title"), "nominate.title_of", { cycle: cycle.name });
	sayTitle("nominate.doc_title_of", { cycle: cycle.name });
	const deadline = () => {
		if (cycle.nominations_close_at)
			$("deadline").textContent =
			    when(cycle.nominations_close_at);
	};
	deadline();
	/* Dates and counters are written again in a new language. */
	document.addEventListener("langchange", () => {
		deadline();
		updateCounter();
	});
	showCategories(cycle.categories);
	showReferees();
	restoreDraft();
	updateCounter();

	const form = $("form");
	form.addEventListener("input", (ev) => {
		saveDraft();
		if (ev.target.id === "statement")
			updateCounter();
		/* A field marked wrong is checked again as it is fixed. */
		const key = ev.target.name === "category" ? "category_id" :
		    keyOf(ev.target.id);
		if (!checked().includes(key))
			return;
		if (ev.target.getAttribute("aria-invalid") === "true" ||
		    (key === "category_id" &&
		    $("category").getAttribute("aria-invalid") === "true"))
			setError(key, checkField(key));
	});
	/* Checked on leaving a field, once something was typed in it; not
	   when the focus goes to Send, whose press checks everything: an
	   error line appearing there would move the button from under the
	   pointer between press and release. */
	form.addEventListener("focusout", (ev) => {
		const t = ev.target;
		if (ev.relatedTarget && ev.relatedTarget.id === "send")
			return;
		if (t.name === "category" || t.type === "checkbox" ||
		    !(t instanceof HTMLInputElement ||
		    t instanceof HTMLTextAreaElement) || t.value === "")
			return;
		const key = keyOf(t.id);
		if (checked().includes(key))
			setError(key, checkField(key));
	});
	form.addEventListener("submit", submit);
	$("wrong").addEventListener("click", openFix);
	$("fix").addEventListener("submit", sendFix);
	$("again").addEventListener("click", () => {
		$("again-p").hidden = true;
		backToForm(null);
	});
	$("another").addEventListener("click", () => {
		form.reset();
		updateCounter();
		$("done").hidden = true;
		form.hidden = false;
		$("title").focus();
	});
	/* Back from the mail (another tab): confirmed meanwhile? */
	document.addEventListener("visibilitychange", () => {
		if (document.visibilityState === "visible")
			refreshSubmitted();
	});
	$("status").hidden = true;
	if (draft.submitted) {
		showDone(false);
		refreshSubmitted();
		return;
	}
	form.hidden = false;
}

document.addEventListener("DOMContentLoaded", start);
