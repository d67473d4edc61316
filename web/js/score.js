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

/* Shows message ([key, params] of the catalogue) in element id, or
   empties and hides it (null). */
function showError(id, message) {
	const p = $(id);
	if (message)
		say(p, ...message);
	else {
		p.textContent = "";
		delete p.dataset.i18n;
	}
	p.hidden = !message;
}

function fail(res) {
	$("loading").hidden = true;
	say($("load-error"), ...(res.status === 404 ?
	    ["score.not_assigned"] : errorMessage(res)));
	$("load-error").hidden = false;
	$("load-error").focus();
}

function showFacts(c) {
	sayTitle("score.page_title_of", { name: c.nominee_name });
	$("title").textContent = c.nominee_name;
	$("nominee-name").textContent = c.nominee_name;
	$("nominee-affiliation").textContent = c.nominee_affiliation || "—";
	$("category-name").textContent = c.category.name;
	if (c.cycle.scoring_close_at)
		say($("deadline"), "common.date",
		    { date: { date: c.cycle.scoring_close_at } });
	else
		say($("deadline"), "score.not_set");
	$("facts").hidden = false;
}

function showStatements(list) {
	const box = $("statement-list");
	box.textContent = "";
	list.forEach((n, i) => {
		const art = el("article", null, "nomination");
		const h = say(el("h3"), "score.nomination_n", { n: i + 1 });
		art.append(h);
		const meta = [];
		if (n.nominee_role)
			meta.push(say(el("span"), "score.nominee_role",
			    { role: n.nominee_role }));
		if (n.nominator)
			meta.push(say(el("span"), n.nominator.relationship ?
			    "score.nominated_by_rel" : "score.nominated_by",
			    { name: n.nominator.name,
			    relationship: n.nominator.relationship }));
		if (meta.length) {
			const p = el("p", null, "statement-meta");
			meta.forEach((m, j) => p.append(j ? " · " : "", m));
			art.append(p);
		}
		art.append(Object.assign(el("p", n.statement,
		    "statement"), { dir: "auto" }));
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
		const end = v === c.min && c.min_label ? c.min_label :
		    v === c.max && c.max_label ? c.max_label : null;
		const label = el("label");
		label.htmlFor = id;
		label.append(input, say(el("span"), "common.number", { n: v }));
		if (end)
			label.setAttribute("aria-label", t("score.scale_end",
			    { value: v, label: end }));
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
	say($("review-note"), review.reopen_reason && !review.final ?
	    "score.note_reopened" : review.final ? "score.note_final" :
	    c.cycle.phase !== "scoring" ? "score.note_closed" :
	    review.id ? "score.note_draft" : "score.note_start",
	    { reason: review.reopen_reason || "" });
	$("review-form").hidden = false;
}

async function load() {
	const user = await sessionReady;
	if (!user)
		return;
	await i18nReady;
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
	showError("attest-error", null);
	showError("reason-error", null);
	$("reason").removeAttribute("aria-invalid");
	const choice = attestChoice();
	if (!choice) {
		showError("attest-error", ["score.choose_one"]);
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
		showError("reason-error", ["score.reason_missing"]);
		$("reason").setAttribute("aria-invalid", "true");
		$("reason").focus();
		return;
	}
	if (res.status !== 200) {
		showError("attest-error", errorMessage(res));
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
	for (const p of $("criteria").querySelectorAll(".error"))
		showError(p.id, null);
	showError("comment-error", null);
}

/* Shows the errors of a 422: each next to its criterion, and a summary
   linking to each; focus moves to the summary. */
function showFieldErrors(fields) {
	const summary = $("review-errors");
	summary.textContent = "";
	summary.append(say(el("h2"), "score.errors_title"));
	const ul = el("ul");
	let first = null;
	for (const [field, why] of Object.entries(fields)) {
		const m = /^scores\.(\d+)$/.exec(field);
		const crit = m && candidate.criteria.find((c) =>
		    String(c.id) === m[1]);
		let target, problem;
		if (crit) {
			problem = /is required/.test(why) ? ["score.score_missing"] :
			    /must be from/.test(why) ? ["score.score_range",
			    { min: crit.min, max: crit.max }] : ["score.score_bad"];
			showError("crit-error-" + crit.id, problem);
			target = "crit-" + crit.id + "-" + crit.min;
			problem = ["score.summary_item", { name: crit.name,
			    problem: { msg: problem[0], params: problem[1] } }];
		} else {
			problem = serverProblem("score.comment_label", why);
			showError("comment-error", problem);
			target = "comment";
		}
		const a = say(el("a"), ...problem);
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
		dl.append(el("dt", c.name), v === undefined ?
		    say(el("dd"), "score.not_scored") :
		    say(el("dd"), "common.number", { n: v }));
	}
	dl.append(say(el("dt"), "score.comment", { hint: "" }),
	    el("dd", saved.comment || "—"));
	dl.append(say(el("dt"), "score.final"),
	    say(el("dd"), saved.final ? "common.yes" : "common.no"));
	box.append(dl);
	$("stale").hidden = false;
	$("stale").focus();
}

async function save(final) {
	clearErrors();
	showError("review-status", null);
	$("review-status").hidden = false;
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
		say($("review-status"), ...errorMessage(res));
		$("review-status").focus();
		return;
	}
	candidate.review = res.body;
	dirty = false;
	$("stale").hidden = true;
	if (final)
		showReview(candidate);
	say($("review-status"), final ? "score.submitted" : "score.draft_saved",
	    { time: { time: new Date().toISOString() } });
	$("review-status").focus();
}

/* Signs in again inside the page, then makes the save that waited. */
async function relogin(e) {
	e.preventDefault();
	const res = await api("POST", "/api/session", {
	    email: $("relogin-email").value.trim(),
	    password: $("relogin-password").value });
	if (res.status !== 200) {
		say($("relogin-error"), ...(res.status === 401 ?
		    ["score.relogin_mismatch"] : errorMessage(res)));
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
