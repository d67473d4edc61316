/* /committee: a member's dashboard.  Per cycle: the scoring deadline, how
   far along they are, and their candidates with the state of each
   (conflict check to answer, not started, draft, final), each linking to
   its scoring page. */
"use strict";

/* Each state's words (catalogue key) and class. */
const STATES = {
	check: ["committee.state_check", "todo"],
	none: ["committee.state_none", "todo"],
	draft: ["committee.state_draft", ""],
	final: ["committee.state_final", "final"],
};

function stateOf(a) {
	return a.attested ? a.review : "check";
}

function cycleSection(cycle, items) {
	const section = el("section", null, "card");
	const h = el("h2", cycle.name);
	h.id = "cycle-" + cycle.id;
	section.setAttribute("aria-labelledby", h.id);
	section.append(h);
	const done = items.filter((a) => a.review === "final").length;
	const line = el("div", null, "progress-line");
	const label = say(el("label"), "committee.progress",
	    { done, total: items.length });
	label.htmlFor = "progress-" + cycle.id;
	label.id = "progress-label-" + cycle.id;
	const bar = document.createElement("progress");
	bar.id = "progress-" + cycle.id;
	bar.max = items.length;
	bar.value = done;
	line.append(label, bar);
	section.append(line);
	const p = el("p");
	if (cycle.scoring_close_at) {
		const date = say(el("span", null, "deadline"), "common.date",
		    { date: { date: cycle.scoring_close_at } });
		date.dataset.slot = "date";
		const line = el("span");
		line.append(date);
		p.append(say(line, "committee.closes"));
	}
	if (cycle.phase !== "scoring")
		p.append(" ", say(el("span"), cycle.phase === "deliberation" ?
		    "committee.phase_deliberation" : cycle.phase === "decided" ?
		    "committee.phase_decided" : "committee.phase_before"));
	section.append(p);
	if (cycle.phase === "deliberation") {
		const a = say(el("a"), "committee.rankings_link");
		a.href = "/rankings?cycle=" + cycle.id;
		const para = el("p");
		para.append(a);
		section.append(para);
	}
	const wrap = el("div", null, "table-wrap");
	wrap.tabIndex = 0;
	wrap.setAttribute("role", "region");
	wrap.setAttribute("aria-labelledby", h.id);
	/* A card per candidate under 600 px (style.css); explicit roles
	   keep it a table for assistive technology there. */
	const table = el("table", null, "cards");
	table.setAttribute("role", "table");
	table.append(say(el("caption"), "committee.caption"));
	const head = el("tr");
	head.setAttribute("role", "row");
	for (const key of ["committee.col_nominee", "committee.col_category",
	    "committee.col_review"]) {
		const th = say(el("th"), key);
		th.scope = "col";
		th.setAttribute("role", "columnheader");
		head.append(th);
	}
	const thead = el("thead");
	thead.setAttribute("role", "rowgroup");
	thead.append(head);
	table.append(thead);
	const body = el("tbody");
	body.setAttribute("role", "rowgroup");
	/* A card's label: the column's words in the page's language. */
	const cell = (key, cls) => {
		const td = el("td", null, cls);
		td.setAttribute("role", "cell");
		td.dataset.label = t(key);
		return td;
	};
	for (const a of items) {
		const tr = el("tr");
		tr.setAttribute("role", "row");
		tr.dataset.candidate = a.candidate_id;
		const name = cell("committee.col_nominee");
		const link = el("a", a.nominee_name);
		link.href = "/score?candidate=" + a.candidate_id;
		name.append(link);
		if (a.nominee_affiliation)
			name.append(el("div", a.nominee_affiliation, "muted"));
		const [key, cls] = STATES[stateOf(a)];
		const category = cell("committee.col_category");
		category.textContent = a.category_name;
		const state = say(cell("committee.col_review", "state " + cls),
		    key);
		tr.append(name, category, state);
		body.append(tr);
	}
	table.append(body);
	wrap.append(table);
	section.append(wrap);
	return section;
}

async function loadAssignments() {
	const user = await sessionReady;
	if (!user)
		return;
	await i18nReady;
	const res = await api("GET", "/api/me/assignments");
	$("loading").hidden = true;
	if (res.status !== 200) {
		say($("load-error"), ...errorMessage(res));
		$("load-error").hidden = false;
		return;
	}
	const list = res.body.assignments;
	if (list.length === 0) {
		$("empty").hidden = false;
		return;
	}
	const cycles = new Map();
	for (const a of list) {
		if (!cycles.has(a.cycle_id))
			cycles.set(a.cycle_id, { cycle: { id: a.cycle_id,
			    name: a.cycle_name, phase: a.phase,
			    scoring_close_at: a.scoring_close_at }, items: [] });
		cycles.get(a.cycle_id).items.push(a);
	}
	for (const { cycle, items } of cycles.values())
		$("cycles").append(cycleSection(cycle, items));
}

document.addEventListener("DOMContentLoaded", loadAssignments);
