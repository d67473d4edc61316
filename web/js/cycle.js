/* One cycle, for its organizers (/cycle?id=N): the phase and the moves it
   allows, settings, categories, the rubric, screening, assignment. */
"use strict";

const cycleId = Number(new URLSearchParams(location.search).get("id"));
let cycle = null;

const PHASES = {
	draft: ["Draft", "Add dates, categories and the rubric."],
	nominations_open: ["Nominations open", "Anyone may nominate."],
	nominations_closed: ["Nominations closed",
	    "Screen, merge and assign before scoring."],
	scoring: ["Scoring", "Members score their candidates."],
	deliberation: ["Deliberation", "The committee reads the rankings."],
	decided: ["Decided", "Announce when ready."],
	announced: ["Announced", "The awardees are public."],
};
const MOVE_LABELS = {
	nominations_open: "Open nominations",
	nominations_closed: "Close nominations",
	scoring: "Start scoring",
	deliberation: "Start deliberation",
	decided: "Mark as decided",
	announced: "Announce",
};

function show(id, text) {
	$(id).textContent = text || "";
	$(id).hidden = !text;
}

function apiFields(res) {
	return (res.body && res.body.error && res.body.error.fields) || {};
}

/* Shows message under the field whose input has id; "" clears it. */
function fieldError(id, message) {
	const input = $(id), p = $(id + "-error");
	if (p) {
		p.textContent = message || "";
		p.hidden = !message;
	}
	input.setAttribute("aria-invalid", message ? "true" : "false");
}

/* A datetime-local value from an RFC 3339 time, and back (UTC). */
function toLocalInput(iso) {
	if (!iso)
		return "";
	const d = new Date(iso);
	const pad = (n) => String(n).padStart(2, "0");
	return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" +
	    pad(d.getDate()) + "T" + pad(d.getHours()) + ":" +
	    pad(d.getMinutes());
}
function fromLocalInput(value) {
	return value ? new Date(value).toISOString().replace(/\.\d+Z$/, "Z") :
	    null;
}

async function loadCycle() {
	const res = await api("GET", "/api/cycles/" + cycleId);
	if (res.status !== 200) {
		show("load-error", res.status === 404 ? "There is no such " +
		    "cycle." : errorText(res));
		return false;
	}
	cycle = res.body;
	document.title = cycle.name + " — Change-Maker Awards";
	$("cycle-title").textContent = cycle.name;
	$("cycle").hidden = false;
	renderPhase();
	renderSettings();
	renderRubric();
	return true;
}

/* The links to this cycle's other pages. */
function renderLinks() {
	$("link-rankings").href = "/rankings?cycle=" + cycleId;
	$("link-decide").href = "/decide?cycle=" + cycleId;
	$("link-templates").href = "/templates?cycle=" + cycleId;
	$("link-export").href = "/api/cycles/" + cycleId + "/export.csv";
	$("link-awardees").href = "/awardees/" + cycleId;
	$("link-awardees").parentElement.hidden = cycle.phase !== "announced";
	$("cycle-pages").hidden = false;
}

function renderPhase() {
	renderLinks();
	const [name, help] = PHASES[cycle.phase] || [cycle.phase, ""];
	$("phase-name").textContent = name;
	$("phase-help").textContent = help;
	const moves = $("phase-moves");
	moves.textContent = "";
	for (const to of cycle.moves) {
		const b = el("button", MOVE_LABELS[to] || to,
		    PHASES[to] && cycle.moves.length > 1 &&
		    to !== cycle.moves[cycle.moves.length - 1] ? "secondary" :
		    "");
		if (to === "nominations_open" && cycle.phase ===
		    "nominations_closed")
			b.textContent = "Reopen nominations";
		if (to === "scoring" && cycle.phase === "deliberation")
			b.textContent = "Reopen scoring";
		b.type = "button";
		b.dataset.phase = to;
		b.addEventListener("click", () => move(to));
		moves.append(b);
	}
	const draft = cycle.phase === "draft";
	for (const f of document.querySelectorAll(".draft-only"))
		f.hidden = !draft;
	for (const n of document.querySelectorAll(".draft-only-note"))
		n.hidden = draft;
}

async function move(to) {
	show("phase-error", "");
	show("phase-done", "");
	const res = await api("POST", "/api/cycles/" + cycleId + "/phase",
	    { phase: to });
	if (res.status !== 200) {
		show("phase-error", "Refused: " + errorText(res));
		$("phase-error").focus();
		return;
	}
	cycle = res.body;
	renderPhase();
	show("phase-done", "The cycle is now in " +
	    PHASES[cycle.phase][0].toLowerCase() + ".");
	$("phase-done").focus();
}

const SETTINGS = ["name", "nominations_open_at", "nominations_close_at",
    "scoring_close_at", "reviewers_per_candidate", "contact_email",
    "announce_to"];

function renderSettings() {
	$("set-name").value = cycle.name;
	for (const k of ["nominations_open_at", "nominations_close_at",
	    "scoring_close_at"])
		$("set-" + k).value = toLocalInput(cycle[k]);
	$("set-reviewers_per_candidate").value = cycle.reviewers_per_candidate;
	$("set-contact_email").value = cycle.contact_email || "";
	$("set-announce_to").value = cycle.announce_to || "";
	$("set-blind").checked = cycle.blind;
	$("set-notify_nominees").checked = cycle.notify_nominees;
}

async function saveSettings(ev) {
	ev.preventDefault();
	for (const k of SETTINGS)
		fieldError("set-" + k, "");
	show("settings-error", "");
	show("settings-done", "");
	const body = {
		name: $("set-name").value.trim(),
		nominations_open_at: fromLocalInput(
		    $("set-nominations_open_at").value),
		nominations_close_at: fromLocalInput(
		    $("set-nominations_close_at").value),
		scoring_close_at: fromLocalInput($("set-scoring_close_at").value),
		reviewers_per_candidate: Number(
		    $("set-reviewers_per_candidate").value),
		contact_email: $("set-contact_email").value.trim() || null,
		announce_to: $("set-announce_to").value.trim() || null,
		blind: $("set-blind").checked,
		notify_nominees: $("set-notify_nominees").checked,
	};
	const res = await api("PATCH", "/api/cycles/" + cycleId, body);
	if (res.status === 200) {
		cycle = res.body;
		renderSettings();
		show("settings-done", "Saved.");
		$("settings-done").focus();
		return;
	}
	const fields = apiFields(res);
	let first = null;
	for (const k of SETTINGS) {
		if (fields[k]) {
			fieldError("set-" + k, "This " + fields[k] + ".");
			first = first || $("set-" + k);
		}
	}
	if (first)
		first.focus();
	else
		show("settings-error", errorText(res));
}

function renderRubric() {
	const cats = $("category-list");
	cats.textContent = "";
	const draft = cycle.phase === "draft";
	const filter = $("filter-category");
	const keep = filter.value;
	filter.length = 1;
	for (const c of cycle.categories) {
		const li = el("li");
		const text = el("span");
		text.append(el("strong", c.name), " — " + (c.description ||
		    "no description") + " (at most " + c.max_awardees + ")");
		li.append(text);
		if (draft)
			li.append(removeButton("Remove category " + c.name,
			    "/api/categories/" + c.id));
		cats.append(li);
		const o = el("option", c.name);
		o.value = c.id;
		filter.append(o);
	}
	filter.value = keep;
	if (cycle.categories.length === 0)
		cats.append(el("li", "No category yet."));
	const crits = $("criterion-list");
	crits.textContent = "";
	for (const c of cycle.criteria) {
		const li = el("li");
		const text = el("span");
		text.append(el("strong", c.name), " — weight " + c.weight +
		    ", " + c.min + (c.min_label ? " = " + c.min_label : "") +
		    " to " + c.max + (c.max_label ? " = " + c.max_label : ""));
		li.append(text);
		if (draft)
			li.append(removeButton("Remove criterion " + c.name,
			    "/api/criteria/" + c.id));
		crits.append(li);
	}
	if (cycle.criteria.length === 0)
		crits.append(el("li", "No criterion yet."));
}

function removeButton(label, path) {
	const b = el("button", "Remove", "secondary");
	b.type = "button";
	b.setAttribute("aria-label", label);
	b.addEventListener("click", async () => {
		const res = await api("DELETE", path);
		if (res.status !== 204)
			show("phase-error", errorText(res));
		await loadCycle();
		$("cycle-title").focus();
	});
	return b;
}

async function addCategory(ev) {
	ev.preventDefault();
	fieldError("cat-name", "");
	show("cat-error", "");
	const name = $("cat-name").value.trim();
	if (!name) {
		fieldError("cat-name", "Enter a name.");
		$("cat-name").focus();
		return;
	}
	const res = await api("POST", "/api/cycles/" + cycleId +
	    "/categories", { name, description: $("cat-description").value,
	    max_awardees: Number($("cat-max").value) || 1 });
	if (res.status !== 201) {
		const f = apiFields(res);
		if (f.name) {
			fieldError("cat-name", "The name " + f.name + ".");
			$("cat-name").focus();
		} else
			show("cat-error", res.status === 409 ? "There is " +
			    "already a category of this name." : errorText(res));
		return;
	}
	$("add-category").reset();
	await loadCycle();
	$("cat-name").focus();
}

async function addCriterion(ev) {
	ev.preventDefault();
	for (const k of ["name", "weight", "min", "max"])
		fieldError("crit-" + k, "");
	show("crit-error", "");
	const name = $("crit-name").value.trim();
	if (!name) {
		fieldError("crit-name", "Enter a name.");
		$("crit-name").focus();
		return;
	}
	const res = await api("POST", "/api/cycles/" + cycleId + "/criteria", {
		name, description: $("crit-description").value,
		weight: Number($("crit-weight").value),
		min: Number($("crit-min").value),
		max: Number($("crit-max").value),
		min_label: $("crit-min_label").value,
		max_label: $("crit-max_label").value,
	});
	if (res.status !== 201) {
		const f = apiFields(res);
		let first = null;
		for (const k of ["name", "weight", "min", "max"]) {
			if (f[k]) {
				fieldError("crit-" + k, "This " + f[k] + ".");
				first = first || $("crit-" + k);
			}
		}
		if (first)
			first.focus();
		else
			show("crit-error", errorText(res));
		return;
	}
	$("add-criterion").reset();
	await loadCycle();
	$("crit-name").focus();
}

const STATUS_NAMES = { submitted: "To screen", eligible: "Eligible",
    ineligible: "Ineligible", withdrawn: "Withdrawn" };

async function loadCandidates() {
	const q = new URLSearchParams({ per_page: "200" });
	if ($("filter-category").value)
		q.set("category", $("filter-category").value);
	if ($("filter-status").value)
		q.set("status", $("filter-status").value);
	const res = await api("GET", "/api/cycles/" + cycleId +
	    "/candidates?" + q);
	const box = $("candidates");
	box.textContent = "";
	if (res.status !== 200) {
		$("screen-status").textContent = errorText(res);
		return;
	}
	$("screen-status").textContent = res.body.total === 1 ?
	    "1 candidate." : res.body.total + " candidates.";
	for (const c of res.body.candidates)
		box.append(candidateCard(c));
}

function candidateCard(c) {
	const card = el("article", null, "candidate");
	card.dataset.candidate = c.id;
	card.append(el("h3", c.nominee_name));
	card.append(el("p", c.category_name + (c.nominee_affiliation ? " · " +
	    c.nominee_affiliation : "") + " · " + (c.eligible ?
	    "reaches the committee" : "not eligible yet") + " · " +
	    c.reviewers + " reviewer" + (c.reviewers === 1 ? "" : "s"),
	    "muted"));
	for (const n of c.nominations)
		card.append(nominationBlock(n));
	return card;
}

function nominationBlock(n) {
	const box = el("div", null, "nomination");
	box.dataset.nomination = n.id;
	const head = el("p");
	head.append(el("span", STATUS_NAMES[n.status] || n.status, "badge"),
	    " Nominated by " + n.nominator.name + " <" + n.nominator.email +
	    ">" + (n.nominator.relationship ? " (" +
	    n.nominator.relationship + ")" : ""));
	if (n.edited_since_screening)
		head.append(" ", el("span", "Edited since screening",
		    "badge"));
	box.append(head);
	if (n.reason)
		box.append(el("p", "Reason: " + n.reason, "muted"));
	const details = el("details");
	details.append(el("summary", "Statement"),
	    el("p", n.statement, "statement"));
	box.append(details);
	if (n.status === "withdrawn")
		return box;
	const form = el("form");
	form.noValidate = true;
	const sid = "screen-status-" + n.id, rid = "screen-reason-" + n.id;
	const f1 = el("div", null, "field"), f2 = el("div", null, "field");
	const l1 = el("label", "Screening");
	l1.htmlFor = sid;
	const select = el("select");
	select.id = sid;
	for (const [v, t] of [["eligible", "Eligible"],
	    ["ineligible", "Ineligible"]]) {
		const o = el("option", t);
		o.value = v;
		select.append(o);
	}
	if (n.status === "ineligible")
		select.value = "ineligible";
	f1.append(l1, select);
	const l2 = el("label", "Reason");
	l2.htmlFor = rid;
	const reason = el("input");
	reason.type = "text";
	reason.id = rid;
	reason.value = n.reason || "";
	reason.setAttribute("aria-describedby", rid + "-error");
	f2.append(l2, reason);
	const button = el("button", "Save");
	button.type = "submit";
	const err = el("p", null, "error");
	err.id = rid + "-error";
	err.setAttribute("role", "alert");
	err.hidden = true;
	form.append(f1, f2, button);
	form.addEventListener("submit", async (ev) => {
		ev.preventDefault();
		err.hidden = true;
		reason.setAttribute("aria-invalid", "false");
		const res = await api("PATCH", "/api/nominations/" + n.id, {
			status: select.value, reason: reason.value.trim() });
		if (res.status !== 200) {
			const f = apiFields(res);
			err.textContent = f.reason ? "Say why it is " +
			    "ineligible." : errorText(res);
			err.hidden = false;
			if (f.reason) {
				reason.setAttribute("aria-invalid", "true");
				reason.focus();
			}
			return;
		}
		await loadCandidates();
		await loadAssignments();
		const again = $("screen-status-" + n.id);
		$("screen-status").textContent = "Saved: " +
		    STATUS_NAMES[res.body.status].toLowerCase() + ".";
		if (again)
			again.focus();
	});
	box.append(form, err);
	return box;
}

async function loadAssignments() {
	const res = await api("GET", "/api/cycles/" + cycleId +
	    "/assignments");
	const body = $("loads").tBodies[0];
	body.textContent = "";
	if (res.status !== 200)
		return;
	const cands = $("assign-candidate"), members = $("assign-member");
	cands.textContent = "";
	members.textContent = "";
	for (const m of res.body.members) {
		const row = el("tr");
		row.dataset.member = m.user_id;
		const list = el("td");
		for (const a of m.assignments) {
			const item = el("span", a.nominee_name + " ");
			if (a.review === "none") {
				const b = el("button", "×", "secondary");
				b.type = "button";
				b.setAttribute("aria-label", "Unassign " +
				    m.name + " from " + a.nominee_name);
				b.addEventListener("click", () =>
				    unassign(a.id));
				item.append(b);
			}
			list.append(item, " ");
		}
		row.append(el("td", m.name), el("td", String(m.load),
		    "load"), list);
		body.append(row);
		const o = el("option", m.name + " (" + m.load + ")");
		o.value = m.user_id;
		members.append(o);
	}
	for (const c of res.body.candidates) {
		const o = el("option", c.nominee_name + " — " +
		    c.category_name + " (" + c.reviewers + "/" +
		    res.body.reviewers_per_candidate + ")");
		o.value = c.id;
		cands.append(o);
	}
}

async function unassign(id) {
	const res = await api("DELETE", "/api/assignments/" + id);
	if (res.status !== 204)
		show("assign-error", errorText(res));
	await loadAssignments();
	$("assign-h").focus();
}

async function runAssignment() {
	show("assign-error", "");
	show("assign-done", "");
	$("assign-run").disabled = true;
	const res = await api("POST", "/api/cycles/" + cycleId +
	    "/assignments/auto", {});
	$("assign-run").disabled = false;
	if (res.status !== 200) {
		show("assign-error", errorText(res));
		$("assign-error").focus();
		return;
	}
	const r = res.body;
	/* The tables first, then the result: what the result announces is
	   on the page when it is read. */
	await Promise.all([loadAssignments(), loadCandidates()]);
	show("assign-done", r.assigned + " new assignment" +
	    (r.assigned === 1 ? "" : "s") + " for " + r.candidates +
	    " candidate" + (r.candidates === 1 ? "" : "s") + "; loads from " +
	    r.load_min + " to " + r.load_max + "." + (r.short ? " " +
	    r.short + " candidate(s) still lack reviewers: too few members " +
	    "without a conflict." : ""));
	$("assign-done").focus();
}

async function addAssignment(ev) {
	ev.preventDefault();
	show("add-assignment-error", "");
	const res = await api("POST", "/api/assignments", {
		candidate_id: Number($("assign-candidate").value),
		user_id: Number($("assign-member").value) });
	if (res.status !== 201) {
		show("add-assignment-error", errorText(res));
		return;
	}
	await loadAssignments();
	$("assign-candidate").focus();
}

async function start() {
	const user = await sessionReady;
	if (!user)
		return;
	if (user.role !== "organizer") {
		show("load-error", "This page is for organizers.");
		return;
	}
	if (!cycleId) {
		show("load-error", "No cycle given.");
		return;
	}
	if (!(await loadCycle()))
		return;
	$("settings").addEventListener("submit", saveSettings);
	$("add-category").addEventListener("submit", addCategory);
	$("add-criterion").addEventListener("submit", addCriterion);
	$("filter-category").addEventListener("change", loadCandidates);
	$("filter-status").addEventListener("change", loadCandidates);
	$("screen-filter").addEventListener("submit",
	    (ev) => ev.preventDefault());
	$("assign-run").addEventListener("click", runAssignment);
	$("add-assignment").addEventListener("submit", addAssignment);
	$("assign-h").tabIndex = -1;
	await Promise.all([loadCandidates(), loadAssignments()]);
	document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", start);
