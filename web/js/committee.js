/* /committee: a member's dashboard.  Per cycle: the scoring deadline, how
   far along they are, and their candidates with the state of each
   (conflict check to answer, not started, draft, final), each linking to
   its scoring page. */
"use strict";

const STATES = {
	check: ["Answer the conflict check", "todo"],
	none: ["Not started", "todo"],
	draft: ["Draft saved", ""],
	final: ["Final", "final"],
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
	const label = el("label", done + " of " + items.length +
	    " reviews final");
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
		p.append("Scoring closes on ");
		p.append(el("span", when(cycle.scoring_close_at), "deadline"));
		p.append(".");
	}
	if (cycle.phase !== "scoring")
		p.append(" " + (cycle.phase === "deliberation" ?
		    "Scoring is over: the committee is deliberating." :
		    cycle.phase === "decided" ? "The awards are decided." :
		    "Scoring has not started yet; you can already answer " +
		    "the conflict checks."));
	section.append(p);
	if (cycle.phase === "deliberation") {
		const a = el("a", "Read the rankings");
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
	table.append(el("caption", "Your candidates"));
	const head = el("tr");
	head.setAttribute("role", "row");
	for (const t of ["Nominee", "Category", "Your review"]) {
		const th = el("th", t);
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
	const cell = (label, cls) => {
		const td = el("td", null, cls);
		td.setAttribute("role", "cell");
		td.dataset.label = label;
		return td;
	};
	for (const a of items) {
		const tr = el("tr");
		tr.setAttribute("role", "row");
		tr.dataset.candidate = a.candidate_id;
		const name = cell("Nominee");
		const link = el("a", a.nominee_name);
		link.href = "/score?candidate=" + a.candidate_id;
		name.append(link);
		if (a.nominee_affiliation)
			name.append(el("div", a.nominee_affiliation, "muted"));
		const [text, cls] = STATES[stateOf(a)];
		const category = cell("Category");
		category.textContent = a.category_name;
		const state = cell("Your review", "state " + cls);
		state.textContent = text;
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
	const res = await api("GET", "/api/me/assignments");
	$("loading").hidden = true;
	if (res.status !== 200) {
		$("load-error").textContent = errorText(res);
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
