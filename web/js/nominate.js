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
   input's id is the same with "-" for ".", and how to name it in an
   error. */
const TEXT_FIELDS = [
	{ key: "nominee.name", label: "Their name", required: true, max: 200 },
	{ key: "nominee.email", label: "Their email", required: true,
	    max: 254, email: "Enter their email address, like " +
	    "name@example.org" },
	{ key: "nominee.affiliation", label: "Their affiliation", max: 200 },
	{ key: "nominee.role", label: "Their role", max: 200 },
	{ key: "nominator.name", label: "Your name", required: true,
	    max: 200 },
	{ key: "nominator.email", label: "Your email", required: true,
	    max: 254, email: "Enter your email address, like " +
	    "name@example.org" },
	{ key: "nominator.affiliation", label: "Your affiliation", max: 200 },
	{ key: "nominator.relationship", label: "How you know them",
	    max: 200 },
];

const LABELS = {
	"category_id": "Category",
	"statement": "Why they deserve the award",
	"consent_contact_nominee": "Consent",
	"cycle_id": "The awards cycle",
};
for (const f of TEXT_FIELDS)
	LABELS[f.key] = f.label;

let cycle = null;
let sending = false;

/* The id of the element that shows field key. */
function inputId(key) {
	if (key === "category_id")
		return "category";
	if (key === "consent_contact_nominee")
		return "consent";
	return key.replace(".", "-");
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

/* Shows (or with why null, clears) the error of field key. */
function setError(key, why) {
	const box = fieldError(key);
	const input = $(inputId(key));
	if (!box || !input)
		return;
	box.textContent = why || "";
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

/* Lists the problems above the form under title and moves the focus
   there; errors is [[key or null, message], ...]. */
function showSummary(errors, title) {
	$("summary-title").textContent = title || "Please check the form";
	const list = $("summary-list");
	list.replaceChildren();
	for (const [key, message] of errors) {
		const li = el("li");
		const target = key ? focusTarget(key) : null;
		if (target) {
			const a = el("a", message);
			a.href = "#" + target.id;
			a.addEventListener("click", (ev) => {
				ev.preventDefault();
				target.focus();
			});
			li.append(a);
		} else {
			li.textContent = message;
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

/* Loose on purpose: the server has the last word and its answer is shown
   beside the field too. */
function looksLikeEmail(s) {
	return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(s);
}

/* The problem with field key as typed, or null. */
function checkField(key) {
	if (key === "category_id")
		return document.querySelector("input[name=category]:checked") ?
		    null : "Choose a category";
	if (key === "statement")
		return statementProblem($("statement").value);
	const f = TEXT_FIELDS.find((x) => x.key === key);
	const v = $(inputId(key)).value.trim();
	if (f.required && v === "")
		return "Enter " + f.label.toLowerCase();
	if (chars(v) > f.max)
		return f.label + " must be at most " + f.max + " characters";
	if (f.email && !looksLikeEmail(v))
		return f.email;
	return null;
}

const CHECKED = ["category_id"].concat(TEXT_FIELDS.map((f) => f.key),
    ["statement"]);

/* Checks every field; returns [[key, message], ...]. */
function checkAll() {
	const errors = [];
	for (const key of CHECKED) {
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
	return {
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
			$("sending").textContent = "The connection dropped; " +
			    "trying again…";
			await new Promise((ok) => setTimeout(ok, waits[attempt]));
			continue;
		}
		if (r === null)
			return { status: 0, body: { error: { code: "network",
			    message: "The network is unreachable. Your " +
			    "nomination is kept on this page: check your " +
			    "connection and press Send again." } } };
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
	$("done-title").textContent = "Check your email";
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
	$("done-title").textContent = "Nomination confirmed";
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
		showSummary([[null, note]], "Please send it again");
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
		backToForm("Your nomination was not confirmed in time, so " +
		    "it was erased. Everything you wrote is still here: " +
		    "check your address and send it again.");
	}
}

function fixError(why) {
	const box = $("fix-email-error"), input = $("fix-email");
	box.textContent = why || "";
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
		fixError(email ? "Enter your email address, like " +
		    "name@example.org" : "Enter your email address");
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
		$("done-fixed").textContent = "Done: we sent a new link to " +
		    email + ". The link sent to " + old + " no longer works.";
		$("done-fixed").hidden = false;
		$("done-fixed").focus();
		return;
	}
	if (res.status === 409 && err.code === "too_many_corrections") {
		$("wrong-p").hidden = true;
		$("again-p").hidden = false;
		fixError("This address was corrected three times already. " +
		    "Go back to the form: what you wrote is kept, correct " +
		    "your address there and send it again.");
		return;
	}
	if (res.status === 409 && err.code === "not_pending") {
		showConfirmed();
		$("done-title").focus();
		return;
	}
	if (res.status === 422 && err.fields && err.fields.email) {
		fixError("Your email " + err.fields.email);
		return;
	}
	if (res.status === 410 || res.status === 404) {
		$("wrong-p").hidden = true;
		$("again-p").hidden = false;
		fixError("It is too late to correct the address of this " +
		    "nomination. Go back to the form: what you wrote is " +
		    "kept, correct your address there and send it again.");
		showContact($("done-contact"));
		return;
	}
	if (res.status === 429 && err.code === "too_many_pending") {
		fixError("This address already has nominations waiting for " +
		    "confirmation: confirm those first, or wait until their " +
		    "links expire.");
		return;
	}
	fixError(errorText(res));
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
	$("sending").textContent = "Sending…";
	const res = await post(data);
	sending = false;
	$("send").disabled = false;
	$("sending").textContent = "";

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
		showSummary([[null, "This nomination was not sent yet: " +
		    "please press Send again."]], "Not sent yet");
		return;
	}
	if (res.status === 409) {
		showSummary([[null, "Nominations are closed: we can no " +
		    "longer accept new ones. Thank you for taking the time."]],
		    "Nominations are closed");
		return;
	}
	if (res.status === 429 && err.code === "too_many_pending") {
		showSummary([[null, err.message]], "Confirm your earlier " +
		    "nominations first");
		return;
	}
	if ((res.status === 422 || res.status === 400) && err.fields) {
		const list = [];
		for (const [key, why] of Object.entries(err.fields)) {
			const message = (LABELS[key] || key) + " " + why;
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
	showSummary([[null, errorText(res)]], res.status === 0 ?
	    "Not sent: no connection" : "Not sent");
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

function closed(text) {
	$("status").textContent = text;
	$("status").hidden = false;
}

async function start() {
	/* Asked now: a network failure later still names whom to write to. */
	contactAddress();
	const res = await api("GET", "/api/cycles/current");
	if (res.status === 404) {
		closed("Nominations are closed. Thank you for your interest; " +
		    "please come back when the next cycle opens.");
		return;
	}
	if (res.status !== 200) {
		closed(errorText(res));
		showContact($("status-contact"));
		return;
	}
	cycle = res.body;
	if (cycle.phase !== "nominations_open" ||
	    (cycle.nominations_close_at &&
	    new Date(cycle.nominations_close_at) <= new Date())) {
		closed("Nominations for " + cycle.name + " are closed. " +
		    "Thank you for your interest.");
		return;
	}
	if (!cycle.categories || cycle.categories.length === 0) {
		closed("Nominations for " + cycle.name + " are not open " +
		    "yet: there are no categories.");
		return;
	}
	$("title").textContent = "Nominate someone for " + cycle.name;
	document.title = "Nominate someone — " + cycle.name;
	if (cycle.nominations_close_at)
		$("deadline").textContent = when(cycle.nominations_close_at);
	showCategories(cycle.categories);
	restoreDraft();
	updateCounter();

	const form = $("form");
	form.addEventListener("input", (ev) => {
		saveDraft();
		if (ev.target.id === "statement")
			updateCounter();
		/* A field marked wrong is checked again as it is fixed. */
		const key = ev.target.name === "category" ? "category_id" :
		    ev.target.id === "statement" ? "statement" :
		    ev.target.id.replace("-", ".");
		if (!CHECKED.includes(key))
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
		const key = t.id === "statement" ? "statement" :
		    t.id.replace("-", ".");
		if (CHECKED.includes(key))
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
