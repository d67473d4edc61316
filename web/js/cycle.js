/* One cycle, for its organizers (/cycle?id=N): the phase and the moves it
   allows, settings, categories, the rubric, screening, merging,
   assignment, conflicts, progress and reminders, the purge.  Its words
   are in the catalogues (cycle.*, console.*, phase.*); the API's field
   problems get the reader's words from serverProblem() (common.js). */
"use strict";

const cycleId = Number(new URLSearchParams(location.search).get("id"));
let cycle = null;

/* The moves a button offers, by the phase they go to. */
const MOVE_KEYS = {
	nominations_open: "cycle.move_nominations_open",
	nominations_closed: "cycle.move_nominations_closed",
	scoring: "cycle.move_scoring",
	deliberation: "cycle.move_deliberation",
	decided: "cycle.move_decided",
};

/* What each phase is for, in a sentence. */
const PHASE_HELP = {
	draft: "cycle.help_draft",
	nominations_open: "cycle.help_nominations_open",
	nominations_closed: "cycle.help_nominations_closed",
	scoring: "cycle.help_scoring",
	deliberation: "cycle.help_deliberation",
	decided: "cycle.help_decided",
	announced: "cycle.help_announced",
};

/* A nomination's status, in words. */
const STATUS_KEYS = {
	pending: "cycle.status_pending",
	submitted: "cycle.status_submitted",
	eligible: "cycle.status_eligible",
	ineligible: "cycle.status_ineligible",
	withdrawn: "cycle.status_withdrawn",
	declined: "cycle.status_declined",
};

/* Why a conflict is there, by its basis. */
const BASIS_KEYS = {
	nominee: "cycle.basis_nominee",
	nominator: "cycle.basis_nominator",
	referee: "cycle.basis_referee",
	declared: "cycle.basis_declared",
	organizer: "cycle.basis_organizer",
	automatic: "cycle.basis_automatic",
};

/* The labels (catalogue keys) of the fields of each form, by their API
   name: a field's problem names its field, and may name another
   ("must be after nominations_open_at"). */
const SETTING_LABELS = {
	name: "cycle.name",
	nominations_open_at: "cycle.open_at",
	nominations_close_at: "cycle.close_at",
	scoring_close_at: "cycle.scoring_close_at",
	reviewers_per_candidate: "cycle.reviewers_per_candidate",
	contact_email: "cycle.contact_email",
	announce_to: "cycle.announce_to",
	letters_max: "cycle.letters_max",
	exit_url: "cycle.exit_url",
};
const CATEGORY_LABELS = {
	name: "cycle.name",
	description: "cycle.description",
	max_awardees: "cycle.max_awardees",
};
const CRITERION_LABELS = {
	name: "cycle.name",
	description: "cycle.look_for",
	weight: "cycle.weight",
	min: "cycle.min",
	max: "cycle.max",
	min_label: "cycle.min_label",
	max_label: "cycle.max_label",
};

/* Shows message ([key, params] of the catalogue) in the element of id;
   null empties and hides it. */
function show(id, message) {
	if (message)
		say($(id), ...message);
	else
		$(id).textContent = "";
	$(id).hidden = !message;
}

function apiFields(res) {
	return (res.body && res.body.error && res.body.error.fields) || {};
}

/* Shows message ([key, params]) under the field whose input has id; null
   clears it. */
function fieldError(id, message) {
	const input = $(id), p = $(id + "-error");
	if (p)
		show(id + "-error", message);
	input.setAttribute("aria-invalid", message ? "true" : "false");
}

/* The field problems of a refused form (a 422's fields) shown under
   their fields, prefix + the API's name, in the reader's words; labels
   names the fields.  Returns the first input in error, or null when no
   problem has a field of the form (the caller says the error then). */
function fieldProblems(res, prefix, labels) {
	const fields = apiFields(res);
	let first = null;
	for (const k of Object.keys(labels))
		if (fields[k] && $(prefix + k + "-error")) {
			fieldError(prefix + k, serverProblem(labels[k],
			    fields[k], labels));
			first = first || $(prefix + k);
		}
	return first;
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

/* A count with its noun, as a parameter of another message: key is a
   plural message of {count}. */
function counted(key, count) {
	return { msg: key, params: { count } };
}

async function loadCycle() {
	const res = await api("GET", "/api/cycles/" + cycleId);
	if (res.status !== 200) {
		show("load-error", res.status === 404 ? ["cycle.not_found"] :
		    errorMessage(res));
		return false;
	}
	cycle = res.body;
	sayTitle("cycle.page_title_of", { cycle: cycle.name });
	const title = $("cycle-title");
	delete title.dataset.i18n;
	title.textContent = cycle.name;
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
	say($("phase-name"), "phase." + cycle.phase);
	if (PHASE_HELP[cycle.phase])
		say($("phase-help"), PHASE_HELP[cycle.phase]);
	else
		$("phase-help").textContent = "";
	const moves = $("phase-moves");
	moves.textContent = "";
	for (const to of cycle.moves) {
		/* Announcing queues every mail at once: it is done from the
		   decisions page, where the outcomes are in view. */
		if (to === "announced") {
			const a = say(el("a", null, "button"),
			    "cycle.move_announce");
			a.href = "/decide?cycle=" + cycleId;
			moves.append(a);
			continue;
		}
		const back = (to === "nominations_open" && cycle.phase ===
		    "nominations_closed") || (to === "scoring" &&
		    cycle.phase === "deliberation");
		const key = back ? (to === "scoring" ?
		    "cycle.move_reopen_scoring" :
		    "cycle.move_reopen_nominations") : MOVE_KEYS[to];
		const b = el("button", null, back ? "secondary" : "");
		if (key)
			say(b, key);
		else
			b.textContent = to;
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
		lines.push(t("cycle.consequence_open", {
		    categories: counted("cycle.n_categories",
		    cycle.categories.length),
		    criteria: counted("cycle.n_criteria",
		    cycle.criteria.length) }));
	else if (to === "scoring" && cycle.phase === "nominations_closed") {
		lines.push(t("cycle.consequence_no_reopen"));
		lines.push(t("cycle.consequence_scoring", {
		    candidates: counted("cycle.n_candidates",
		    cycle.eligible_candidates),
		    to_screen: counted("cycle.n_nominations", cycle.to_screen),
		    assignments: counted("cycle.n_assignments",
		    cycle.assignments) }));
		/* Referees were told a date (letters_close_at()); starting
		   scoring before it takes their pen away. */
		if (cycle.letters_awaited > 0)
			lines.push(t(cycle.letters_close_at ?
			    "cycle.consequence_letters" :
			    "cycle.consequence_letters_open", {
			    letters: counted("cycle.n_letters",
			    cycle.letters_awaited),
			    until: { date: cycle.letters_close_at } }));
	} else if (to === "deliberation") {
		const p = await progressCounts();
		lines.push(t("cycle.consequence_deliberation", {
		    drafts: counted("cycle.n_reviews", p.draft),
		    not_started: counted("cycle.n_reviews", p.none) }));
		lines.push(t("cycle.consequence_unranked", {
		    candidates: counted("cycle.n_candidates",
		    p.unreviewed) }));
	} else if (to === "decided")
		lines.push(t("cycle.consequence_decided"));
	else
		return null;
	return lines;
}

async function move(to, button) {
	show("phase-error", null);
	show("phase-done", null);
	const lines = await moveConsequence(to);
	if (lines && !(await confirmStep({ title: t("cycle.move_ask",
	    { move: button.textContent }), lines,
	    confirm: button.textContent, opener: button })))
		return;
	const res = await api("POST", "/api/cycles/" + cycleId + "/phase",
	    { phase: to });
	if (res.status !== 200) {
		const [key, params] = errorMessage(res);
		show("phase-error", ["cycle.refused", { reason: { msg: key,
		    params } }]);
		$("phase-error").focus();
		return;
	}
	cycle = res.body;
	await renderPhase();
	renderRubric();
	await Promise.all([loadCandidates(), loadAssignments(),
	    loadConflicts()]);
	showResult($("phase-done"), ["cycle.moved", { phase: { msg: "phase." +
	    cycle.phase } }], true);
}

const SETTINGS = Object.keys(SETTING_LABELS);

function renderSettings() {
	$("set-name").value = cycle.name;
	for (const k of ["nominations_open_at", "nominations_close_at",
	    "scoring_close_at"])
		$("set-" + k).value = toLocalInput(cycle[k]);
	$("set-reviewers_per_candidate").value = cycle.reviewers_per_candidate;
	$("set-contact_email").value = cycle.contact_email || "";
	$("set-announce_to").value = cycle.announce_to || "";
	$("set-letters_max").value = cycle.letters_max;
	say($("set-letters_max-hint"), "cycle.letters_hint", { max: 3 });
	$("set-exit_url").value = cycle.exit_url || "";
	$("set-blind").checked = cycle.blind;
	$("set-notify_nominees").checked = cycle.notify_nominees;
}

async function saveSettings(ev) {
	ev.preventDefault();
	for (const k of SETTINGS)
		fieldError("set-" + k, null);
	show("settings-error", null);
	show("settings-done", null);
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
		letters_max: Number($("set-letters_max").value),
		exit_url: $("set-exit_url").value.trim() || null,
		blind: $("set-blind").checked,
		notify_nominees: $("set-notify_nominees").checked,
	};
	const res = await api("PATCH", "/api/cycles/" + cycleId, body);
	if (res.status === 200) {
		cycle = res.body;
		renderSettings();
		show("settings-done", ["cycle.saved"]);
		$("settings-done").focus();
		return;
	}
	const first = fieldProblems(res, "set-", SETTING_LABELS);
	if (first)
		first.focus();
	else
		show("settings-error", errorMessage(res));
}

/* The end of a criterion's scale: its number, and its words if any. */
function scaleEnd(n, words) {
	return words ? { msg: "cycle.scale_end", params: { n, words } } : n;
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
		const name = el("strong", c.name);
		name.dataset.slot = "name";
		text.append(name);
		say(text, c.description ? "cycle.category_line" :
		    "cycle.category_line_bare", { description: c.description,
		    awardees: counted("cycle.n_awardees", c.max_awardees) });
		li.append(text);
		if (rubricOpen)
			li.append(removeButton(["cycle.remove_category",
			    { name: c.name }], "/api/categories/" + c.id));
		cats.append(li);
		const o = el("option", c.name);
		o.value = c.id;
		filter.append(o);
	}
	filter.value = keep;
	if (cycle.categories.length === 0)
		cats.append(say(el("li"), "cycle.no_category"));
	const crits = $("criterion-list");
	crits.textContent = "";
	for (const c of cycle.criteria) {
		const li = el("li");
		const text = el("span");
		const name = el("strong", c.name);
		name.dataset.slot = "name";
		text.append(name);
		say(text, "cycle.criterion_line", { weight: c.weight,
		    low: scaleEnd(c.min, c.min_label),
		    high: scaleEnd(c.max, c.max_label) });
		li.append(text);
		if (rubricOpen)
			li.append(removeButton(["cycle.remove_criterion",
			    { name: c.name }], "/api/criteria/" + c.id));
		crits.append(li);
	}
	if (cycle.criteria.length === 0)
		crits.append(say(el("li"), "cycle.no_criterion"));
}

/* A Remove button whose name (label: [key, params]) says what it
   removes. */
function removeButton(label, path) {
	const b = say(el("button", null, "secondary"), "cycle.remove");
	b.type = "button";
	sayAttr(b, "aria-label", ...label);
	b.addEventListener("click", async () => {
		const res = await api("DELETE", path);
		if (res.status !== 204)
			show("phase-error", errorMessage(res));
		await loadCycle();
		$("cycle-title").focus();
	});
	return b;
}

async function addCategory(ev) {
	ev.preventDefault();
	fieldError("cat-name", null);
	show("cat-error", null);
	const name = $("cat-name").value.trim();
	if (!name) {
		fieldError("cat-name", ["cycle.name_missing"]);
		$("cat-name").focus();
		return;
	}
	const res = await api("POST", "/api/cycles/" + cycleId +
	    "/categories", { name, description: $("cat-description").value,
	    max_awardees: Number($("cat-max").value) || 1 });
	if (res.status !== 201) {
		const first = fieldProblems(res, "cat-", CATEGORY_LABELS);
		if (first)
			first.focus();
		else
			show("cat-error", res.status === 409 &&
			    res.body.error.code === "name_taken" ?
			    ["cycle.category_taken"] : errorMessage(res));
		return;
	}
	$("add-category").reset();
	await loadCycle();
	$("cat-name").focus();
}

async function addCriterion(ev) {
	ev.preventDefault();
	for (const k of ["name", "weight", "min", "max"])
		fieldError("crit-" + k, null);
	show("crit-error", null);
	const name = $("crit-name").value.trim();
	if (!name) {
		fieldError("crit-name", ["cycle.name_missing"]);
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
		const first = fieldProblems(res, "crit-", CRITERION_LABELS);
		if (first)
			first.focus();
		else
			show("crit-error", res.status === 409 &&
			    res.body.error.code === "name_taken" ?
			    ["cycle.criterion_taken"] : errorMessage(res));
		return;
	}
	$("add-criterion").reset();
	await loadCycle();
	$("crit-name").focus();
}

let screenOpen = false, rubricOpen = false;


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
		say($("screen-status"), ...errorMessage(res));
		return;
	}
	say($("screen-status"), "cycle.candidates_listed",
	    { candidates: counted("cycle.n_candidates", res.body.total) });
	screenOpen = await phaseAllows("screen", cycle.phase);
	for (const c of res.body.candidates)
		box.append(candidateCard(c));
}

function candidateCard(c) {
	const card = el("article", null, "candidate");
	card.dataset.candidate = c.id;
	card.append(el("h3", c.nominee_name));
	const about = el("p", null, "muted");
	about.append(c.category_name + (c.nominee_affiliation ? " · " +
	    c.nominee_affiliation : "") + " · ", say(el("span"), c.eligible ?
	    "cycle.reaches_committee" : "cycle.not_eligible_yet"), " · ",
	    say(el("span"), "cycle.n_reviewers", { count: c.reviewers }));
	card.append(about);
	for (const n of c.nominations)
		card.append(nominationBlock(n));
	return card;
}

function nominationBlock(n) {
	const box = el("div", null, "nomination");
	box.dataset.nomination = n.id;
	const head = el("p");
	head.append(say(el("span", null, "badge"),
	    STATUS_KEYS[n.status] || "cycle.status_other",
	    { status: n.status }), " ", say(el("span"),
	    n.nominator.relationship ? "cycle.nominated_by_relationship" :
	    "cycle.nominated_by", { name: n.nominator.name,
	    email: n.nominator.email,
	    relationship: n.nominator.relationship || "" }));
	if (n.edited_since_screening)
		head.append(" ", say(el("span", null, "badge"),
		    "cycle.edited"));
	box.append(head);
	if (n.reason)
		box.append(say(el("p", null, "muted"), "cycle.reason_line",
		    { reason: n.reason }));
	const details = el("details");
	details.append(say(el("summary"), "cycle.statement"),
	    el("p", n.statement, "statement"));
	box.append(details);
	if (n.status === "withdrawn" || n.status === "declined" || !screenOpen)
		return box;
	const form = el("form");
	form.noValidate = true;
	const sid = "screen-status-" + n.id, rid = "screen-reason-" + n.id;
	const f1 = el("div", null, "field"), f2 = el("div", null, "field");
	const l1 = say(el("label"), "cycle.screen_label");
	l1.htmlFor = sid;
	const select = el("select");
	select.id = sid;
	for (const v of ["eligible", "ineligible"]) {
		const o = say(el("option"), STATUS_KEYS[v]);
		o.value = v;
		select.append(o);
	}
	if (n.status === "ineligible")
		select.value = "ineligible";
	f1.append(l1, select);
	const l2 = say(el("label"), "cycle.reason");
	l2.htmlFor = rid;
	const reason = el("input");
	reason.type = "text";
	reason.id = rid;
	reason.value = n.reason || "";
	reason.setAttribute("aria-describedby", rid + "-error");
	f2.append(l2, reason);
	const button = say(el("button"), "cycle.save");
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
		    !(await confirmStep({ title: t("cycle.mail_nominee_title"),
		    lines: [t("cycle.mail_nominee_line", { name: n.nominee.name,
		    email: n.nominee.email }), t("cycle.mail_nominee_once")],
		    confirm: t("cycle.mail_nominee_confirm"),
		    opener: button })))
			return;
		reason.setAttribute("aria-invalid", "false");
		const res = await api("PATCH", "/api/nominations/" + n.id, {
			status: select.value, reason: reason.value.trim() });
		if (res.status !== 200) {
			const f = apiFields(res);
			say(err, ...(f.reason ? /is required/.test(f.reason) ?
			    ["cycle.reason_missing"] : serverProblem(
			    "cycle.reason", f.reason) : errorMessage(res)));
			err.hidden = false;
			if (f.reason) {
				reason.setAttribute("aria-invalid", "true");
				reason.focus();
			}
			return;
		}
		await loadCandidates();
		await loadAssignments();
		say($("screen-status"), res.body.status === "eligible" ?
		    "cycle.screened_eligible" : "cycle.screened_ineligible",
		    { name: n.nominee.name });
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

/* A table cell with the words of its column (label, a catalogue key),
   shown beside the value when the table becomes cards on a phone.
   content is text as it is (a name), a number (in the reader's digits)
   or an element. */
function cell(label, content, cls) {
	const td = el("td", typeof content === "string" ? content : null, cls);
	if (typeof content === "number")
		say(td, "common.number", { n: content });
	else if (content && typeof content !== "string")
		td.append(content);
	sayAttr(td, "data-label", label);
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
				const b = say(el("button", null,
				    "secondary small"), "cycle.unassign");
				b.type = "button";
				sayAttr(b, "aria-label", "cycle.unassign_label",
				    { member: m.name,
				    candidate: a.nominee_name });
				b.addEventListener("click", () =>
				    unassign(a.id));
				item.append(b);
			}
			list.append(item);
		}
		row.append(cell("cycle.col_member", m.name),
		    cell("cycle.col_load", m.load, "load"),
		    cell("cycle.col_candidates", list));
		body.append(row);
		const o = say(el("option"), "cycle.member_load",
		    { name: m.name, load: m.load });
		o.value = m.user_id;
		members.append(o);
	}
	for (const c of res.body.candidates) {
		const o = say(el("option"), "cycle.candidate_reviewers",
		    { name: c.nominee_name, category: c.category_name,
		    reviewers: c.reviewers,
		    wanted: res.body.reviewers_per_candidate });
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
		const inv = el("span");
		if (u && u.status === "invited") {
			const b = actionButton(["organizer.resend"],
			    ["organizer.resend_to", { name: m.name }],
			    "secondary small");
			b.addEventListener("click", () => reinvite(u, b));
			inv.append(say(el("span"), "cycle.not_signed_in"), " ",
			    b);
		} else
			say(inv, "cycle.signed_in");
		row.append(cell("cycle.col_member", m.name),
		    cell("cycle.col_done", n.final),
		    cell("cycle.col_draft", n.draft),
		    cell("cycle.col_not_started", n.none),
		    cell("cycle.col_invitation", inv));
		body.append(row);
	}
	if (assignData.members.length === 0) {
		const row = el("tr");
		const c = say(el("td"), "cycle.no_member");
		c.colSpan = 5;
		row.append(c);
		body.append(row);
	}
}

async function reinvite(u, button) {
	if (!(await confirmStep({ title: t("organizer.resend_title"),
	    lines: [t("organizer.resend_line", { name: u.name,
	    email: u.email })],
	    confirm: t("organizer.resend"), opener: button })))
		return;
	const res = await api("POST", "/api/users/" + u.id + "/invite", {});
	showResult($("remind-status"), res.status < 300 ?
	    ["organizer.resent", { name: u.name }] : errorMessage(res),
	    res.status < 300);
}

async function unassign(id) {
	const res = await api("DELETE", "/api/assignments/" + id);
	if (res.status !== 204)
		show("assign-error", errorMessage(res));
	await loadAssignments();
	$("assign-h").focus();
}

async function runAssignment() {
	show("assign-error", null);
	show("assign-done", null);
	$("assign-run").disabled = true;
	const res = await api("POST", "/api/cycles/" + cycleId +
	    "/assignments/auto", {});
	$("assign-run").disabled = false;
	if (res.status !== 200) {
		show("assign-error", errorMessage(res));
		$("assign-error").focus();
		return;
	}
	const r = res.body;
	/* The tables first, then the result: what the result announces is
	   on the page when it is read. */
	await Promise.all([loadAssignments(), loadCandidates()]);
	show("assign-done", [r.short ? "cycle.assigned_short" :
	    "cycle.assigned", { assigned: counted("cycle.n_new_assignments",
	    r.assigned), candidates: counted("cycle.n_candidates",
	    r.candidates), min: r.load_min, max: r.load_max,
	    short: counted("cycle.n_candidates", r.short || 0) }]);
	$("assign-done").focus();
}

async function addAssignment(ev) {
	ev.preventDefault();
	show("add-assignment-error", null);
	const res = await api("POST", "/api/assignments", {
		candidate_id: Number($("assign-candidate").value),
		user_id: Number($("assign-member").value) });
	if (res.status !== 201) {
		const f = apiFields(res);
		show("add-assignment-error", f.user_id ? serverProblem(
		    "cycle.member", f.user_id) : f.candidate_id ?
		    serverProblem("cycle.candidate", f.candidate_id) :
		    errorMessage(res));
		return;
	}
	await loadAssignments();
	$("assign-candidate").focus();
}

/* --- conflicts ---------------------------------------------------- */

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
			const b = actionButton(["cycle.remove"],
			    ["cycle.remove_conflict_of", { member: c.user_name,
			    candidate: c.nominee_name }], "secondary small");
			b.addEventListener("click", () => removeConflict(c, b));
			action.append(b);
		} else if (!c.removable)
			say(action, "cycle.conflict_derived");
		row.append(cell("cycle.col_member", c.user_name),
		    cell("cycle.col_candidate", say(el("span"),
		    "cycle.candidate_in", { name: c.nominee_name,
		    category: c.category_name })),
		    cell("cycle.col_kind", say(el("span"),
		    BASIS_KEYS[c.basis] || "cycle.basis_other",
		    { basis: c.basis })),
		    cell("cycle.col_reason", c.reason || t("common.none")),
		    cell("cycle.col_action", action));
		body.append(row);
	}
	if (res.body.conflicts.length === 0) {
		const row = el("tr");
		const td = say(el("td"), "cycle.no_conflict");
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
		const o = say(el("option"), "cycle.candidate_category",
		    { name: c.nominee_name, category: c.category_name });
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
	if (!(await confirmStep({ title: t("cycle.remove_conflict_title"),
	    lines: [t("cycle.remove_conflict_line", { member: c.user_name,
	    candidate: c.nominee_name })],
	    confirm: t("cycle.remove_conflict_confirm"), opener: button })))
		return;
	const res = await api("DELETE", "/api/conflicts/" + c.id);
	await Promise.all([loadConflicts(), loadAssignments()]);
	showResult($("conflict-status"), res.status === 204 ?
	    ["cycle.conflict_removed", { member: c.user_name,
	    candidate: c.nominee_name }] : errorMessage(res),
	    res.status === 204);
}

async function addConflict(ev) {
	ev.preventDefault();
	show("conflict-error", null);
	const cand = $("conflict-candidate"), mem = $("conflict-member");
	if (!cand.value || !mem.value)
		return;
	const who = mem.selectedOptions[0].textContent;
	const what = cand.selectedOptions[0].textContent;
	if (!(await confirmStep({ title: t("cycle.set_conflict_title"),
	    lines: [t("cycle.set_conflict_line", { member: who,
	    candidate: what })],
	    confirm: t("cycle.set_conflict_confirm"),
	    opener: $("conflict-add") })))
		return;
	const res = await api("POST", "/api/candidates/" + cand.value +
	    "/conflicts", { user_id: Number(mem.value),
	    reason: $("conflict-reason").value.trim() });
	if (res.status !== 201) {
		const f = apiFields(res);
		show("conflict-error", res.status === 409 &&
		    res.body.error.code === "already_conflicted" ?
		    ["cycle.already_conflicted", { member: who }] :
		    f.reason ? serverProblem("cycle.reason", f.reason) :
		    f.user_id ? serverProblem("cycle.member", f.user_id) :
		    errorMessage(res));
		$("conflict-reason").setAttribute("aria-invalid",
		    f.reason ? "true" : "false");
		$("conflict-error").focus();
		return;
	}
	$("conflict-reason").value = "";
	$("conflict-reason").setAttribute("aria-invalid", "false");
	await Promise.all([loadConflicts(), loadAssignments()]);
	showResult($("conflict-status"), ["cycle.conflict_set",
	    { member: who, candidate: what }], true);
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
		const label = ["cycle.merge_option", { name: c.nominee_name,
		    category: c.category_name, nominations: counted(
		    "cycle.n_nominations", c.nominations.length) }];
		const o1 = say(el("option"), ...label);
		const o2 = say(el("option"), ...label);
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
			li.append(say(el("p"), sameName ?
			    "cycle.lookalike_name" : "cycle.lookalike_address",
			    { a: a.nominee_name, b: b.nominee_name,
			    category: a.category_name }));
			const btn = say(el("button", null, "secondary"),
			    "cycle.merge_pair", { from: b.nominee_name,
			    into: a.nominee_name });
			btn.type = "button";
			btn.addEventListener("click", () => merge(b, a, btn));
			li.append(btn);
			list.append(li);
		}
	if (!list.children.length)
		list.append(say(el("li"), "cycle.no_lookalike"));
}

async function merge(from, into, opener) {
	if (from.id === into.id) {
		show("merge-error", ["cycle.merge_same"]);
		$("merge-error").focus();
		return;
	}
	if (!(await confirmStep({ title: t("cycle.merge_title"),
	    lines: [t("cycle.merge_line", { from: from.nominee_name,
	    from_nominations: counted("cycle.n_nominations",
	    from.nominations.length), from_reviewers: counted(
	    "cycle.n_reviewers", from.reviewers), into: into.nominee_name,
	    into_nominations: counted("cycle.n_nominations",
	    into.nominations.length) }), t("cycle.merge_undone")],
	    confirm: t("cycle.merge_confirm"), opener })))
		return;
	const res = await api("POST", "/api/candidates/" + from.id + "/merge",
	    { into: into.id });
	await Promise.all([loadMerge(), loadCandidates(), loadAssignments(),
	    loadConflicts()]);
	showResult($("merge-status"), res.status === 200 ? ["cycle.merged",
	    { from: from.nominee_name, into: into.nominee_name }] :
	    errorMessage(res), res.status === 200);
}

function mergeFromForm(ev) {
	ev.preventDefault();
	show("merge-error", null);
	const byId = (id) => allCandidates.find((c) => c.id === Number(id));
	const from = byId($("merge-from").value);
	const into = byId($("merge-into").value);
	if (!from || !into)
		return;
	if (from.category_id !== into.category_id) {
		show("merge-error", ["cycle.merge_category"]);
		$("merge-error").focus();
		return;
	}
	merge(from, into, $("merge-submit"));
}

/* --- reminders --------------------------------------------------------- */

/* A late member's line in the reminders' preview. */
function lateLine(m) {
	const h = m.hours_left;
	const params = { name: m.name,
	    drafts: counted("cycle.n_drafts", m.drafts),
	    not_started: counted("cycle.n_not_started", m.not_started),
	    days: counted("cycle.n_days", Math.floor(Math.abs(h || 0) / 24)) };
	return t(h === null ? "cycle.late" : h >= 0 ? "cycle.late_closes" :
	    "cycle.late_closed", params);
}

async function previewReminders() {
	const res = await api("GET", "/api/cycles/" + cycleId + "/reminders");
	if (res.status !== 200) {
		showResult($("remind-status"), errorMessage(res), false);
		return;
	}
	const r = res.body;
	if (r.would_queue === 0) {
		showResult($("remind-status"), r.late.length === 0 ?
		    ["cycle.none_late"] : ["cycle.reminded_today",
		    { members: counted("cycle.n_members",
		    r.already_reminded) }], true);
		return;
	}
	const lines = [t("cycle.remind_to", { members: counted(
	    "cycle.n_members", r.would_queue) })];
	for (const m of r.late)
		lines.push(lateLine(m));
	if (r.preview)
		lines.push(t("cycle.remind_mail", { to: r.preview.to,
		    subject: r.preview.subject }), r.preview.body);
	if (!(await confirmStep({ title: t("cycle.remind_title"), lines,
	    confirm: t("cycle.remind_confirm", { count: r.would_queue }),
	    opener: $("remind-preview") })))
		return;
	const sent = await api("POST", "/api/cycles/" + cycleId +
	    "/reminders", {});
	showResult($("remind-status"), sent.status === 200 ?
	    ["cycle.reminded", { count: sent.body.queued }] :
	    errorMessage(sent), sent.status === 200);
}

/* --- purge ------------------------------------------------------------ */

/* What the purge erases, in the order it says it: the count's name in
   the answer, and a plural message of {count}. */
const PURGE_WORDS = [
	["nominations", "cycle.purge_nominations"],
	["referees", "cycle.purge_referees"],
	["scores", "cycle.purge_scores"],
	["comments", "cycle.purge_comments"],
	["discussion", "cycle.purge_discussion"],
	["conflict_reasons", "cycle.purge_conflict_reasons"],
	["mails", "cycle.purge_mails"],
	["referee_mails", "cycle.purge_referee_mails"],
	["links", "cycle.purge_links"],
];

async function previewPurge() {
	const res = await api("GET", "/api/cycles/" + cycleId + "/purge");
	if (res.status !== 200) {
		showResult($("purge-status"), errorMessage(res), false);
		return;
	}
	const w = res.body.would_erase;
	const lines = [t("cycle.purge_erases")];
	let total = 0;
	for (const [k, key] of PURGE_WORDS) {
		lines.push(t(key, { count: w[k] || 0 }));
		total += w[k] || 0;
	}
	if (total === 0) {
		showResult($("purge-status"), ["cycle.purge_nothing"], true);
		return;
	}
	lines.push(t("cycle.purge_keep"));
	if (!(await confirmStep({ title: t("cycle.purge_title"), lines,
	    confirm: t("cycle.purge_confirm"), typed: t("cycle.purge_word"),
	    opener: $("purge-preview") })))
		return;
	const done = await api("POST", "/api/cycles/" + cycleId + "/purge",
	    {});
	showResult($("purge-status"), done.status === 200 ? ["cycle.purged",
	    { nominations: counted("cycle.n_nominations",
	    done.body.erased.nominations), scores: counted("cycle.n_scores",
	    done.body.erased.scores) }] : errorMessage(done),
	    done.status === 200);
}

async function start() {
	const user = await sessionReady;
	if (!user)
		return;
	await i18nReady;
	if (user.role !== "organizer") {
		show("load-error", ["cycle.forbidden"]);
		return;
	}
	if (!cycleId) {
		show("load-error", ["cycle.no_cycle"]);
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
