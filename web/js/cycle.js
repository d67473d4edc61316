/* One cycle, for its organizers (/cycle?id=N): the phase and the moves it
   allows, settings, categories, the rubric, screening, assignment. */
"use strict";

const cycleId = Number(new URLSearchParams(location.search).get("id"));
let cycle = null;

/* What each phase is for, in a sentence; its name comes from console.js. */
const PHASE_HELP = {
	draft: "Add dates, categories and the rubric.",
	nominations_open: "Anyone may nominate.",
	nominations_closed: "Screen, merge and assign before scoring.",
	scoring: "Members score their candidates.",
	deliberation: "The committee reads the rankings.",
	decided: "Announce when ready, from the decisions page.",
	announced: "The awardees are public.",
};
const MOVE_LABELS = {
	nominations_open: "Open nominations",
	nominations_closed: "Close nominations",
	scoring: "Start scoring",
	deliberation: "Start deliberation",
	decided: "Mark as decided",
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
	await renderPhase();
	renderSettings();
	renderRubric();
	$("on-this-page").hidden = false;
	return true;
}

/* The links to this cycle's other pages. */
function renderLinks() {
	$("link-rankings").href = "/rankings?cycle=" + cycleId;
	$("link-overview").href = "/overview?cycle=" + cycleId;
	$("link-decide").href = "/decide?cycle=" + cycleId;
	$("link-templates").href = "/templates?cycle=" + cycleId;
	$("link-export").href = "/api/cycles/" + cycleId + "/export.csv";
	$("link-export-nominations").href = "/api/cycles/" + cycleId +
	    "/nominations.csv";
	$("link-awardees").href = "/awardees/" + cycleId;
	$("link-awardees").parentElement.hidden = cycle.phase !== "announced";
	$("cycle-pages").hidden = false;
}

async function renderPhase() {
	renderLinks();
	$("phase-name").textContent = phaseName(cycle.phase);
	$("phase-help").textContent = PHASE_HELP[cycle.phase] || "";
	const moves = $("phase-moves");
	moves.textContent = "";
	for (const to of cycle.moves) {
		/* Announcing queues every mail at once: it is done from the
		   decisions page, where the outcomes are in view. */
		if (to === "announced") {
			const a = el("a", "Announce from the decisions page",
			    "button");
			a.href = "/decide?cycle=" + cycleId;
			moves.append(a);
			continue;
		}
		const back = (to === "nominations_open" && cycle.phase ===
		    "nominations_closed") || (to === "scoring" &&
		    cycle.phase === "deliberation");
		const b = el("button", back ? (to === "scoring" ?
		    "Reopen scoring" : "Reopen nominations") :
		    MOVE_LABELS[to] || to, back ? "secondary" : "");
		b.type = "button";
		b.dataset.phase = to;
		b.addEventListener("click", () => move(to, b));
		moves.append(b);
	}
	rubricOpen = await phaseAllows("rubric", cycle.phase);
	await applyPhase($("cycle"), cycle.phase);
}

/* The consequence of moving to phase to, in words and numbers; null when
   the move can be taken back (closing nominations). */
async function moveConsequence(to) {
	const lines = [];
	if (to === "nominations_open" && cycle.phase === "draft")
		lines.push("Categories and the rubric are then fixed: " +
		    plural(cycle.categories.length, "category", "categories") +
		    ", " + plural(cycle.criteria.length, "criterion",
		    "criteria") + ". The cycle cannot go back to draft.");
	else if (to === "scoring" && cycle.phase === "nominations_closed") {
		lines.push("Nominations cannot be reopened after this.");
		lines.push(plural(cycle.eligible_candidates, "candidate",
		    "candidates") + " reach the committee; " +
		    plural(cycle.to_screen, "nomination is", "nominations are") +
		    " still to screen; " + plural(cycle.assignments,
		    "assignment", "assignments") + " made.");
	} else if (to === "deliberation") {
		const p = await progressCounts();
		lines.push("Members can no longer write reviews: " +
		    plural(p.draft, "review is", "reviews are") +
		    " still a draft and " + plural(p.none, "review has",
		    "reviews have") + " not been started.");
		lines.push(plural(p.unreviewed, "candidate has",
		    "candidates have") + " no final review and will not be " +
		    "ranked.");
	} else if (to === "decided")
		lines.push("Deliberation cannot be reopened after this; " +
		    "decisions can still change until the announcement.");
	else
		return null;
	return lines;
}

async function move(to, button) {
	show("phase-error", "");
	show("phase-done", "");
	const lines = await moveConsequence(to);
	if (lines && !(await confirmStep({ title: button.textContent + "?",
	    lines, confirm: button.textContent, opener: button })))
		return;
	const res = await api("POST", "/api/cycles/" + cycleId + "/phase",
	    { phase: to });
	if (res.status !== 200) {
		show("phase-error", "Refused: " + errorText(res));
		$("phase-error").focus();
		return;
	}
	cycle = res.body;
	await renderPhase();
	renderRubric();
	await Promise.all([loadCandidates(), loadAssignments(),
	    loadConflicts()]);
	showResult($("phase-done"), "The cycle is now in the phase " +
	    phaseName(cycle.phase).toLowerCase() + ".", true);
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
	const filter = $("filter-category");
	const keep = filter.value;
	filter.length = 1;
	for (const c of cycle.categories) {
		const li = el("li");
		const text = el("span");
		text.append(el("strong", c.name), " — " + (c.description ||
		    "no description") + " (at most " + c.max_awardees + ")");
		li.append(text);
		if (rubricOpen)
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
		if (rubricOpen)
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

let screenOpen = false, rubricOpen = false;

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
	$("screen-status").textContent = plural(res.body.total, "candidate",
	    "candidates") + ".";
	screenOpen = await phaseAllows("screen", cycle.phase);
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
	if (n.status === "withdrawn" || n.status === "declined" || !screenOpen)
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
		/* The nominee is told once screened eligible, when the cycle
		   says so and the nominator consented: a mail that cannot be
		   taken back. */
		if (select.value === "eligible" && n.status !== "eligible" &&
		    cycle.notify_nominees && n.consent_contact_nominee &&
		    !(await confirmStep({ title: "Mail the nominee?",
		    lines: ["Saving this nomination as eligible mails " +
		    n.nominee.name + " <" + n.nominee.email + "> that they " +
		    "were nominated (never by whom): this cycle tells " +
		    "nominees and the nominator agreed.",
		    "1 mail will be queued; it cannot be called back."],
		    confirm: "Save and mail the nominee", opener: button })))
			return;
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
		$("screen-status").textContent = "Saved: " + n.nominee.name +
		    " is " + STATUS_NAMES[res.body.status].toLowerCase() + ".";
		$("screen-status").focus();
	});
	box.append(form, err);
	return box;
}

let assignData = null;

/* Each member's reviews counted: done (final), draft, not started, and
   the candidates reaching the committee with no final review. */
async function progressCounts() {
	if (!assignData)
		await loadAssignments();
	const p = { final: 0, draft: 0, none: 0, unreviewed: 0 };
	const finals = new Map();
	for (const m of (assignData ? assignData.members : []))
		for (const a of m.assignments) {
			p[a.review] = (p[a.review] || 0) + 1;
			if (a.review === "final")
				finals.set(a.candidate_id, 1);
		}
	for (const c of (assignData ? assignData.candidates : []))
		if (!finals.has(c.id))
			p.unreviewed++;
	return p;
}

/* A table cell with the words of its column, shown beside the value when
   the table becomes cards on a phone. */
function cell(label, content, cls) {
	const td = el("td", typeof content === "string" ? content : null, cls);
	if (content && typeof content !== "string")
		td.append(content);
	td.dataset.label = label;
	return td;
}

async function loadAssignments() {
	const res = await api("GET", "/api/cycles/" + cycleId +
	    "/assignments");
	const body = $("loads").tBodies[0];
	body.textContent = "";
	if (res.status !== 200)
		return;
	assignData = res.body;
	const open = await phaseAllows("assign", cycle.phase);
	const cands = $("assign-candidate"), members = $("assign-member");
	cands.textContent = "";
	members.textContent = "";
	for (const m of res.body.members) {
		const row = el("tr");
		row.dataset.member = m.user_id;
		const list = el("ul", null, "plain tight");
		for (const a of m.assignments) {
			const item = el("li", a.nominee_name + " ");
			if (a.review === "none" && open) {
				const b = el("button", "Unassign",
				    "secondary small");
				b.type = "button";
				b.setAttribute("aria-label", "Unassign " +
				    m.name + " from " + a.nominee_name);
				b.addEventListener("click", () =>
				    unassign(a.id));
				item.append(b);
			}
			list.append(item);
		}
		row.append(cell("Member", m.name), cell("Load",
		    String(m.load), "load"), cell("Candidates", list));
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
	renderProgress();
	fillConflictChoices();
}

/* Each member's progress: done, draft, not started; an invited member
   who never signed in can be sent their invitation again. */
async function renderProgress() {
	const users = await api("GET", "/api/users");
	const status = new Map();
	if (users.status === 200)
		for (const u of users.body.users)
			status.set(u.id, u);
	const body = $("progress").tBodies[0];
	body.textContent = "";
	for (const m of assignData.members) {
		const n = { final: 0, draft: 0, none: 0 };
		for (const a of m.assignments)
			n[a.review]++;
		const row = el("tr");
		row.dataset.member = m.user_id;
		const u = status.get(m.user_id);
		const inv = el("span", u && u.status === "invited" ?
		    "Not signed in yet " : "Signed in");
		if (u && u.status === "invited") {
			const b = actionButton("Resend invitation", "to " +
			    m.name, "secondary small");
			b.addEventListener("click", () => reinvite(u, b));
			inv.append(b);
		}
		row.append(cell("Member", m.name),
		    cell("Done", String(n.final)),
		    cell("Draft", String(n.draft)),
		    cell("Not started", String(n.none)),
		    cell("Invitation", inv));
		body.append(row);
	}
	if (assignData.members.length === 0) {
		const row = el("tr");
		const c = el("td", "No member has an assignment yet.");
		c.colSpan = 5;
		row.append(c);
		body.append(row);
	}
}

async function reinvite(u, button) {
	if (!(await confirmStep({ title: "Resend the invitation?",
	    lines: ["1 mail to " + u.name + " <" + u.email + "> with a new " +
	    "link; the link sent before stops working."],
	    confirm: "Resend invitation", opener: button })))
		return;
	const res = await api("POST", "/api/users/" + u.id + "/invite", {});
	showResult($("remind-status"), res.status < 300 ? "The invitation " +
	    "to " + u.name + " is on its way again." : errorText(res),
	    res.status < 300);
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

/* --- conflicts ---------------------------------------------------- */

const CONFLICT_BASIS = {
	nominee: "The member is the nominee (same address)",
	nominator: "The member nominated this candidate (same address)",
	referee: "The member was asked for a letter (same address)",
	declared: "Declared by the member",
	organizer: "Set by an organizer",
	automatic: "Found from the addresses",
};

async function loadConflicts() {
	const res = await api("GET", "/api/cycles/" + cycleId + "/conflicts");
	const body = $("conflicts").tBodies[0];
	body.textContent = "";
	if (res.status !== 200)
		return;
	const open = await phaseAllows("conflict", cycle.phase);
	for (const c of res.body.conflicts) {
		const row = el("tr");
		const action = el("span");
		if (c.removable && open) {
			const b = actionButton("Remove", "the conflict of " +
			    c.user_name + " with " + c.nominee_name,
			    "secondary small");
			b.addEventListener("click", () => removeConflict(c, b));
			action.append(b);
		} else if (!c.removable)
			action.textContent = "Follows from the data: it lasts " +
			    "as long as the addresses match.";
		row.append(cell("Member", c.user_name),
		    cell("Candidate", c.nominee_name + " (" +
		    c.category_name + ")"),
		    cell("Kind", CONFLICT_BASIS[c.basis] || c.basis),
		    cell("Reason", c.reason || "—"), cell("Action", action));
		body.append(row);
	}
	if (res.body.conflicts.length === 0) {
		const row = el("tr");
		const td = el("td", "No conflict in this cycle.");
		td.colSpan = 5;
		row.append(td);
		body.append(row);
	}
}

function fillConflictChoices() {
	const cands = $("conflict-candidate"), members = $("conflict-member");
	cands.textContent = "";
	members.textContent = "";
	for (const c of assignData.candidates) {
		const o = el("option", c.nominee_name + " — " +
		    c.category_name);
		o.value = c.id;
		cands.append(o);
	}
	for (const m of assignData.members) {
		const o = el("option", m.name);
		o.value = m.user_id;
		members.append(o);
	}
}

async function removeConflict(c, button) {
	if (!(await confirmStep({ title: "Remove this conflict?",
	    lines: [c.user_name + " may then be assigned " + c.nominee_name +
	    " and read the statements. Nothing is assigned by itself; " +
	    "the assignment dropped with the conflict does not come back."],
	    confirm: "Remove conflict", opener: button })))
		return;
	const res = await api("DELETE", "/api/conflicts/" + c.id);
	await Promise.all([loadConflicts(), loadAssignments()]);
	showResult($("conflict-status"), res.status === 204 ? "The " +
	    "conflict of " + c.user_name + " with " + c.nominee_name +
	    " is removed." : errorText(res), res.status === 204);
}

async function addConflict(ev) {
	ev.preventDefault();
	show("conflict-error", "");
	const cand = $("conflict-candidate"), mem = $("conflict-member");
	if (!cand.value || !mem.value)
		return;
	const who = mem.selectedOptions[0].textContent;
	const what = cand.selectedOptions[0].textContent;
	if (!(await confirmStep({ title: "Set this conflict?",
	    lines: [who + " loses " + what + ": its assignment and any " +
	    "review of it drop out of the rankings. They are not told why."],
	    confirm: "Set conflict", opener: $("conflict-add") })))
		return;
	const res = await api("POST", "/api/candidates/" + cand.value +
	    "/conflicts", { user_id: Number(mem.value),
	    reason: $("conflict-reason").value.trim() });
	if (res.status !== 201) {
		show("conflict-error", res.status === 409 &&
		    res.body.error.code === "already_conflicted" ? who +
		    " is already conflicted with this candidate." :
		    errorText(res));
		$("conflict-error").focus();
		return;
	}
	$("conflict-reason").value = "";
	await Promise.all([loadConflicts(), loadAssignments()]);
	showResult($("conflict-status"), who + " is now conflicted with " +
	    what + ".", true);
}

/* --- merging --------------------------------------------------------- */

/* A name for comparing: no case, accents, punctuation or spaces. */
function normalName(s) {
	return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
	    .toLowerCase().replace(/[^a-z0-9]/g, "");
}

/* Whether a and b differ by at most one letter added, dropped or
   changed ("hugomartin", "hugomartins"). */
function nearlySame(a, b) {
	if (a === b)
		return true;
	if (Math.abs(a.length - b.length) > 1 || Math.min(a.length,
	    b.length) < 6)
		return false;
	let i = 0;
	while (i < a.length && a[i] === b[i])
		i++;
	return a.slice(i + 1) === b.slice(i + 1) ||
	    a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

let allCandidates = [];

async function loadMerge() {
	const res = await api("GET", "/api/cycles/" + cycleId +
	    "/candidates?per_page=200");
	if (res.status !== 200)
		return;
	allCandidates = res.body.candidates.filter((c) =>
	    c.status === "active");
	const from = $("merge-from"), into = $("merge-into");
	from.textContent = "";
	into.textContent = "";
	for (const c of allCandidates) {
		const label = c.nominee_name + " — " + c.category_name +
		    " (" + plural(c.nominations.length, "nomination",
		    "nominations") + ")";
		const o1 = el("option", label), o2 = el("option", label);
		o1.value = o2.value = c.id;
		from.append(o1);
		into.append(o2);
	}
	if (into.options.length > 1)
		into.selectedIndex = 1;
	const list = $("merge-suggestions");
	list.textContent = "";
	const local = (c) => c.nominations.map((n) =>
	    n.nominee.email.toLowerCase().split("@")[0]);
	for (let i = 0; i < allCandidates.length; i++)
		for (let j = i + 1; j < allCandidates.length; j++) {
			const a = allCandidates[i], b = allCandidates[j];
			if (a.category_id !== b.category_id)
				continue;
			const sameName = nearlySame(normalName(a.nominee_name),
			    normalName(b.nominee_name));
			const la = local(a);
			const sameAddress = local(b).some((x) =>
			    la.includes(x));
			if (!sameName && !sameAddress)
				continue;
			const li = el("li", null, "card");
			li.append(el("p", a.nominee_name + " and " +
			    b.nominee_name + " (" + a.category_name + "): " +
			    (sameName ? "nearly the same name" :
			    "the same address before the @") + "."));
			const btn = el("button", "Merge " + b.nominee_name +
			    " into " + a.nominee_name + "…", "secondary");
			btn.type = "button";
			btn.addEventListener("click", () => merge(b, a, btn));
			li.append(btn);
			list.append(li);
		}
	if (!list.children.length)
		list.append(el("li", "No candidates look alike."));
}

async function merge(from, into, opener) {
	if (from.id === into.id) {
		show("merge-error", "Choose two different candidates.");
		$("merge-error").focus();
		return;
	}
	if (!(await confirmStep({ title: "Merge these candidates?",
	    lines: [from.nominee_name + " (" + plural(from.nominations.length,
	    "nomination", "nominations") + ", " + plural(from.reviewers,
	    "reviewer", "reviewers") + ") joins " + into.nominee_name + " (" +
	    plural(into.nominations.length, "nomination", "nominations") +
	    "). Its nominations, assignments and conflicts move; a member " +
	    "who reviewed both keeps the review of " + into.nominee_name + ".",
	    "A merge cannot be undone."], confirm: "Merge", opener })))
		return;
	const res = await api("POST", "/api/candidates/" + from.id + "/merge",
	    { into: into.id });
	await Promise.all([loadMerge(), loadCandidates(), loadAssignments(),
	    loadConflicts()]);
	showResult($("merge-status"), res.status === 200 ? from.nominee_name +
	    " is merged into " + into.nominee_name + "." : errorText(res),
	    res.status === 200);
}

function mergeFromForm(ev) {
	ev.preventDefault();
	show("merge-error", "");
	const byId = (id) => allCandidates.find((c) => c.id === Number(id));
	const from = byId($("merge-from").value);
	const into = byId($("merge-into").value);
	if (!from || !into)
		return;
	if (from.category_id !== into.category_id) {
		show("merge-error", "Only candidates of the same category " +
		    "can merge.");
		$("merge-error").focus();
		return;
	}
	merge(from, into, $("merge-submit"));
}

/* --- reminders --------------------------------------------------------- */

async function previewReminders() {
	const res = await api("GET", "/api/cycles/" + cycleId + "/reminders");
	if (res.status !== 200) {
		showResult($("remind-status"), errorText(res), false);
		return;
	}
	const r = res.body;
	if (r.would_queue === 0) {
		showResult($("remind-status"), r.late.length === 0 ? "No " +
		    "member is late: every review is final." :
		    plural(r.already_reminded, "member was", "members were") +
		    " reminded today already; one reminder a day at most.",
		    true);
		return;
	}
	const lines = [plural(r.would_queue, "member", "members") +
	    " will get a reminder:"];
	for (const m of r.late) {
		const h = m.hours_left;
		lines.push(m.name + ": " + plural(m.drafts, "draft", "drafts") +
		    ", " + m.not_started + " not started" + (h === null ? "" :
		    h >= 0 ? "; scoring closes in " + plural(Math.floor(h / 24),
		    "day", "days") : "; scoring closed " +
		    plural(Math.floor(-h / 24), "day", "days") + " ago") + ".");
	}
	if (r.preview)
		lines.push("The mail to " + r.preview.to + ": “" +
		    r.preview.subject + "”", r.preview.body);
	if (!(await confirmStep({ title: "Send reminders?", lines,
	    confirm: "Send " + plural(r.would_queue, "reminder", "reminders"),
	    opener: $("remind-preview") })))
		return;
	const sent = await api("POST", "/api/cycles/" + cycleId +
	    "/reminders", {});
	showResult($("remind-status"), sent.status === 200 ?
	    plural(sent.body.queued, "reminder is", "reminders are") +
	    " on the way." : errorText(sent), sent.status === 200);
}

/* --- purge ----------------------------------------------------------------- */

const PURGE_WORDS = {
	nominations: ["nomination (nominator and statement)",
	    "nominations (nominator and statement)"],
	referees: ["referee and letter", "referees and letters"],
	scores: ["review score", "review scores"],
	comments: ["review comment", "review comments"],
	discussion: ["discussion comment", "discussion comments"],
	conflict_reasons: ["conflict reason", "conflict reasons"],
	mails: ["mail to a nominator", "mails to nominators"],
	referee_mails: ["mail to a referee", "mails to referees"],
	links: ["nomination link", "nomination links"],
};

async function previewPurge() {
	const res = await api("GET", "/api/cycles/" + cycleId + "/purge");
	if (res.status !== 200) {
		showResult($("purge-status"), errorText(res), false);
		return;
	}
	const w = res.body.would_erase;
	const lines = ["Of the candidates not awarded, this erases:"];
	let total = 0;
	for (const [k, [one, many]] of Object.entries(PURGE_WORDS)) {
		lines.push(plural(w[k] || 0, one, many));
		total += w[k] || 0;
	}
	if (total === 0) {
		showResult($("purge-status"), "Nothing is left to erase.",
		    true);
		return;
	}
	lines.push("Awardees keep everything. This cannot be undone.");
	if (!(await confirmStep({ title: "Purge this cycle?", lines,
	    confirm: "Erase for good", typed: "erase",
	    opener: $("purge-preview") })))
		return;
	const done = await api("POST", "/api/cycles/" + cycleId + "/purge",
	    {});
	showResult($("purge-status"), done.status === 200 ? "Erased: " +
	    plural(done.body.erased.nominations, "nomination",
	    "nominations") + ", " + plural(done.body.erased.scores,
	    "review score", "review scores") + " and the rest listed." :
	    errorText(done), done.status === 200);
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
	$("add-conflict").addEventListener("submit", addConflict);
	$("merge-form").addEventListener("submit", mergeFromForm);
	$("remind-preview").addEventListener("click", previewReminders);
	$("purge-preview").addEventListener("click", previewPurge);
	await Promise.all([loadCandidates(), loadAssignments(),
	    loadConflicts(), loadMerge()]);
	document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", start);
