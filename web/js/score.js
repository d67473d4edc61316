/* /score?candidate=ID: a member's work on one candidate.  Declare before
   reading: until the member answers the conflict check, only the
   nominee's name, affiliation and category show.  Then the statements,
   the rubric (one radio group per criterion, its scale's labels at the
   ends), a comment, "Save draft" and "Submit final review".  Keyboard
   alone: radios, buttons, focus moved to the result or the first error.
   No lost reviews: each save carries the version it edits; a save that
   finds a newer one (another tab) shows both and lets the member choose;
   leaving with unsaved changes asks first; a session that ended keeps
   the typed text and offers to sign in again in place, then saves. */
"use strict";

const candidateId = Number(new URLSearchParams(location.search)
    .get("candidate"));
let candidate = null;
let dirty = false;	/* typed since the last save */
let pending = null;	/* the save waiting for a new session */

function showError(id, text) {
	const p = $(id);
	p.textContent = text || "";
	p.hidden = !text;
}

function fail(res) {
	$("loading").hidden = true;
	$("load-error").textContent = res.status === 404 ?
	    "This candidate is not among your assignments." : errorText(res);
	$("load-error").hidden = false;
	$("load-error").focus();
}

function showFacts(c) {
	document.title = c.nominee_name + " — Change-Maker Awards";
	$("title").textContent = c.nominee_name;
	$("nominee-name").textContent = c.nominee_name;
	$("nominee-affiliation").textContent = c.nominee_affiliation || "—";
	$("category-name").textContent = c.category.name;
	$("deadline").textContent = c.cycle.scoring_close_at ?
	    when(c.cycle.scoring_close_at) : "not set";
	$("facts").hidden = false;
}

function showStatements(list) {
	const box = $("statement-list");
	box.textContent = "";
	list.forEach((n, i) => {
		const art = el("article", null, "nomination");
		const h = el("h3", "Nomination " + (i + 1));
		art.append(h);
		const meta = [];
		if (n.nominee_role)
			meta.push("Nominee's role: " + n.nominee_role);
		if (n.nominator) {
			let who = "Nominated by " + n.nominator.name;
			if (n.nominator.relationship)
				who += " (" + n.nominator.relationship + ")";
			meta.push(who);
		}
		if (meta.length)
			art.append(el("p", meta.join(" · "), "statement-meta"));
		art.append(el("p", n.statement, "statement"));
		box.append(art);
	});
	$("statements").hidden = false;
}

/* One fieldset of radios per criterion, from min to max. */
function criterionFieldset(c, value) {
	const fs = el("fieldset");
	fs.dataset.criterion = c.id;
	const legend = el("legend", c.name);
	fs.append(legend);
	if (c.description) {
		const d = el("p", c.description, "desc");
		d.id = "crit-desc-" + c.id;
		fs.append(d);
	}
	const err = el("p", null, "error");
	err.id = "crit-error-" + c.id;
	err.hidden = true;
	const scale = el("div", null, "scale");
	if (c.min_label)
		scale.append(el("span", c.min_label, "end"));
	for (let v = c.min; v <= c.max; v++) {
		const id = "crit-" + c.id + "-" + v;
		const input = document.createElement("input");
		input.type = "radio";
		input.name = "crit-" + c.id;
		input.id = id;
		input.value = String(v);
		input.checked = value === v;
		const described = [err.id];
		if (c.description)
			described.unshift("crit-desc-" + c.id);
		input.setAttribute("aria-describedby", described.join(" "));
		let text = String(v);
		if (v === c.min && c.min_label)
			text += " (" + c.min_label + ")";
		if (v === c.max && c.max_label)
			text += " (" + c.max_label + ")";
		const label = el("label");
		label.htmlFor = id;
		label.append(input, el("span", String(v)));
		if (text !== String(v))
			label.setAttribute("aria-label", text);
		scale.append(label);
	}
	if (c.max_label)
		scale.append(el("span", c.max_label, "end"));
	fs.append(scale, err);
	return fs;
}

function showReview(c) {
	const review = c.review || { scores: {}, comment: "", final: false };
	const box = $("criteria");
	box.textContent = "";
	for (const crit of c.criteria)
		box.append(criterionFieldset(crit,
		    review.scores[String(crit.id)]));
	$("comment").value = review.comment || "";
	const locked = review.final || c.cycle.phase !== "scoring";
	for (const e of $("review-form").querySelectorAll("input, textarea, " +
	    "button"))
		e.disabled = locked;
	$("delib-link").href = "/candidate?id=" + candidateId;
	$("delib-link").hidden = !review.final;
	$("review-note").textContent = review.reopen_reason && !review.final ?
	    "An organizer reopened your review: \u201c" +
	    review.reopen_reason + "\u201d" : review.final ?
	    "Your review is final. An organizer can reopen it if you " +
	    "need to change it." : c.cycle.phase !== "scoring" ?
	    "Reviews can be written only while scoring is open." :
	    review.id ? "A draft is saved: finish it whenever you like." :
	    "Score every criterion, then submit your final review. You " +
	    "can save a draft at any time.";
	$("review-form").hidden = false;
}

async function load() {
	const user = await sessionReady;
	if (!user)
		return;
	if (!Number.isInteger(candidateId) || candidateId < 1) {
		fail({ status: 404 });
		return;
	}
	const res = await api("GET", "/api/candidates/" + candidateId);
	if (res.status !== 200) {
		fail(res);
		return;
	}
	candidate = res.body;
	$("loading").hidden = true;
	showFacts(candidate);
	if (!candidate.attested) {
		$("attest-form").hidden = false;
		return;
	}
	$("attest-form").hidden = true;
	showStatements(candidate.nominations);
	showReview(candidate);
}

function attestChoice() {
	const checked = document.querySelector("input[name=attest]:checked");
	return checked ? checked.value : null;
}

async function attest(ev) {
	ev.preventDefault();
	showError("attest-error", "");
	showError("reason-error", "");
	$("reason").removeAttribute("aria-invalid");
	const choice = attestChoice();
	if (!choice) {
		showError("attest-error", "Choose one answer.");
		$("attest-none").focus();
		return;
	}
	const body = choice === "none" ? { conflict: false } :
	    { conflict: true, reason: $("reason").value };
	$("attest-submit").disabled = true;
	const res = await api("POST", "/api/candidates/" + candidateId +
	    "/attest", body);
	$("attest-submit").disabled = false;
	if (res.status === 422 && res.body.error.fields &&
	    res.body.error.fields.reason) {
		showError("reason-error", "Say briefly what the conflict is.");
		$("reason").setAttribute("aria-invalid", "true");
		$("reason").focus();
		return;
	}
	if (res.status !== 200) {
		showError("attest-error", errorText(res));
		$("attest-none").focus();
		return;
	}
	if (choice === "conflict") {
		$("attest-form").hidden = true;
		$("facts").hidden = true;
		$("declared").hidden = false;
		$("declared").focus();
		return;
	}
	await load();
	$("statements-title").tabIndex = -1;
	$("statements-title").focus();
}

function scores() {
	const out = {};
	for (const input of $("criteria").querySelectorAll("input:checked"))
		out[input.name.slice("crit-".length)] = Number(input.value);
	return out;
}

function clearErrors() {
	$("review-errors").hidden = true;
	$("review-errors").textContent = "";
	for (const p of $("criteria").querySelectorAll(".error")) {
		p.hidden = true;
		p.textContent = "";
	}
	showError("comment-error", "");
}

/* Shows the errors of a 422: each next to its criterion, and a summary
   linking to each; focus moves to the summary. */
function showFieldErrors(fields) {
	const summary = $("review-errors");
	summary.textContent = "";
	summary.append(el("h2", "Please check your review"));
	const ul = el("ul");
	let first = null;
	for (const [field, why] of Object.entries(fields)) {
		const m = /^scores\.(\d+)$/.exec(field);
		const crit = m && candidate.criteria.find((c) =>
		    String(c.id) === m[1]);
		let target, name;
		if (crit) {
			const text = why === "is required" ?
			    "Choose a score." : "The score " + why + ".";
			showError("crit-error-" + crit.id, text);
			target = "crit-" + crit.id + "-" + crit.min;
			name = crit.name + ": " + text;
		} else {
			showError("comment-error", "The comment " + why + ".");
			target = "comment";
			name = "Comment: " + why;
		}
		const a = el("a", name);
		a.href = "#" + target;
		a.addEventListener("click", (e) => {
			e.preventDefault();
			$(target).focus();
		});
		const li = el("li");
		li.append(a);
		ul.append(li);
		first = first || target;
	}
	summary.append(ul);
	summary.hidden = false;
	summary.focus();
}

/* The saved review of a 409 stale, shown beside the form. */
function showStale(saved) {
	const box = $("stale-saved");
	box.textContent = "";
	const dl = el("dl", null, "facts");
	for (const c of candidate.criteria) {
		const v = saved.scores[String(c.id)];
		dl.append(el("dt", c.name), el("dd", v === undefined ?
		    "not scored" : String(v)));
	}
	dl.append(el("dt", "Comment"), el("dd", saved.comment || "—"));
	dl.append(el("dt", "Final"), el("dd", saved.final ? "yes" : "no"));
	box.append(dl);
	$("stale").hidden = false;
	$("stale").focus();
}

async function save(final) {
	clearErrors();
	$("review-status").textContent = "";
	const buttons = [$("save-draft"), $("submit-final")];
	buttons.forEach((b) => { b.disabled = true; });
	const body = { scores: scores(), comment: $("comment").value, final };
	if (candidate.review && candidate.review.version)
		body.version = candidate.review.version;
	const res = await api("PUT", "/api/candidates/" + candidateId +
	    "/review", body);
	buttons.forEach((b) => { b.disabled = false; });
	if (res.status === 401 || (res.status === 403 && res.body &&
	    res.body.error.code === "csrf")) {
		pending = final;
		$("relogin-error").hidden = true;
		$("relogin").showModal();
		$("relogin-email").focus();
		return;
	}
	if (res.status === 409 && res.body.error.code === "stale") {
		candidate.stale = res.body.error.review;
		showStale(res.body.error.review);
		return;
	}
	if (res.status === 422 && res.body.error.fields) {
		showFieldErrors(res.body.error.fields);
		return;
	}
	if (res.status !== 200) {
		$("review-status").textContent = errorText(res);
		$("review-status").focus();
		return;
	}
	candidate.review = res.body;
	dirty = false;
	$("stale").hidden = true;
	if (final)
		showReview(candidate);
	$("review-status").textContent = final ?
	    "Your final review is submitted. Thank you." :
	    "Draft saved at " + new Date().toLocaleTimeString() + ".";
	$("review-status").focus();
}

/* Signs in again inside the page, then makes the save that waited. */
async function relogin(e) {
	e.preventDefault();
	const res = await api("POST", "/api/session", {
	    email: $("relogin-email").value.trim(),
	    password: $("relogin-password").value });
	if (res.status !== 200) {
		$("relogin-error").textContent = res.status === 401 ?
		    "That email and password do not match." : errorText(res);
		$("relogin-error").hidden = false;
		$("relogin-password").focus();
		return;
	}
	sessionStorage.setItem("csrf", res.body.csrf_token);
	$("relogin-password").value = "";
	$("relogin").close();
	if (pending !== null) {
		const final = pending;
		pending = null;
		await save(final);
	}
}

function init() {
	$("review-form").addEventListener("input", () => { dirty = true; });
	window.addEventListener("beforeunload", (e) => {
		if (!dirty)
			return;
		e.preventDefault();
		e.returnValue = "";
	});
	$("stale-mine").addEventListener("click", () => {
		candidate.review = Object.assign(candidate.review || {},
		    { version: candidate.stale.version });
		save(false);
	});
	$("stale-theirs").addEventListener("click", () => {
		candidate.review = candidate.stale;
		showReview(candidate);
		dirty = false;
		$("stale").hidden = true;
		$("review-title").focus();
	});
	$("relogin-form").addEventListener("submit", relogin);
	$("relogin-cancel").addEventListener("click", () => {
		pending = null;
		$("relogin").close();
	});
	$("attest-form").addEventListener("submit", attest);
	for (const r of document.querySelectorAll("input[name=attest]"))
		r.addEventListener("change", () => {
			$("reason-box").hidden = attestChoice() !== "conflict";
		});
	$("save-draft").addEventListener("click", () => save(false));
	$("review-form").addEventListener("submit", (e) => {
		e.preventDefault();
		save(true);
	});
	load();
}

document.addEventListener("DOMContentLoaded", init);
