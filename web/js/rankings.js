/* /rankings?cycle=ID: per category, the ranking of SPEC §3 with its
   fairness report side by side: normalised score and rank, raw score and
   raw rank, how normalisation moved each candidate, median, reviews,
   spread; disputed candidates marked in words, not colour alone. */
"use strict";

function fixed(v, digits) {
	return v === null || v === undefined ? "—" : v.toFixed(digits);
}

/* Where normalisation moved a candidate, and why, in words. */
function moved(c) {
	const d = c.rank_raw - c.rank;
	if (c.reviews === 0 || d === 0)
		return "—";
	return d > 0 ? "up " + d + ": its reviewers scored everyone low" :
	    "down " + (-d) + ": its reviewers scored everyone high";
}

function categoryTable(cat) {
	const section = el("section");
	const h = el("h2", cat.name);
	h.id = "category-" + cat.id;
	section.append(h);
	if (cat.candidates.length === 0) {
		section.append(el("p", "No eligible candidates.", "muted"));
		return section;
	}
	const wrap = el("div", null, "table-wrap");
	wrap.tabIndex = 0;
	wrap.setAttribute("role", "region");
	wrap.setAttribute("aria-labelledby", h.id);
	/* A card per candidate under 600 px (style.css): explicit roles
	   keep it a table for assistive technology when it is no longer
	   laid out as one, and each cell's data-label names it there. */
	const table = el("table", null, "wide cards");
	table.setAttribute("role", "table");
	table.dataset.category = cat.id;
	table.append(el("caption", "Ranking of " + cat.name));
	const head = el("tr");
	head.setAttribute("role", "row");
	const cols = [["Place", 1], ["Raw place", 1], ["Nominee", 0],
	    ["Score", 1], ["Raw", 1], ["Normalisation moved it", 0],
	    ["Median", 1],
	    ["Reviews", 1], ["Spread", 1], ["Disputed", 0]];
	for (const [t, num] of cols) {
		const th = el("th", t, num ? "num" : "");
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
	const cell = (text, label, cls) => {
		const td = el("td", text, cls);
		td.setAttribute("role", "cell");
		td.dataset.label = label;
		return td;
	};
	for (const c of cat.candidates) {
		const tr = el("tr", null, c.disputed ? "disputed" : "");
		tr.setAttribute("role", "row");
		tr.dataset.candidate = c.candidate_id;
		const name = el("th");
		name.scope = "row";
		name.setAttribute("role", "rowheader");
		const link = el("a", c.nominee_name);
		link.href = "/candidate?id=" + c.candidate_id;
		name.append(link);
		tr.append(cell(String(c.rank), "Place", "num"),
		    cell(String(c.rank_raw), "Raw place", "num"), name,
		    cell(fixed(c.score, 4), "Score", "num score"),
		    cell(fixed(c.raw, 1), "Raw", "num raw"),
		    cell(moved(c), "Normalisation moved it"),
		    cell(fixed(c.median, 1), "Median", "num"),
		    cell(String(c.reviews), "Reviews", "num reviews"),
		    cell(fixed(c.spread, 4), "Spread", "num"),
		    cell(c.disputed ? "Disputed" : "No", "Disputed",
		    c.disputed ? "flag" : ""));
		body.append(tr);
	}
	table.append(body);
	wrap.append(table);
	section.append(wrap);
	return section;
}

async function show(cycle) {
	$("load-error").hidden = true;
	$("categories").textContent = "";
	const res = await api("GET", "/api/cycles/" + cycle + "/rankings");
	if (res.status !== 200) {
		$("load-error").textContent = res.status === 404 ?
		    "There is no cycle " + cycle + "." :
		    res.status === 409 ? "The rankings open to the committee " +
		    "during deliberation." : errorText(res);
		$("load-error").hidden = false;
		$("load-error").focus();
		return;
	}
	$("about").hidden = false;
	for (const cat of res.body.categories)
		$("categories").append(categoryTable(cat));
	const meet = el("a", "Open the meeting");
	meet.href = "/meeting?cycle=" + cycle;
	$("categories").append(el("p", null));
	$("categories").lastChild.append(meet);
	$("title").textContent = "Rankings of " + res.body.cycle_name;
	$("title").focus();
}

async function init() {
	const user = await sessionReady;
	if (!user)
		return;
	const cycle = new URLSearchParams(location.search).get("cycle");
	$("cycle-form").addEventListener("submit", (e) => {
		e.preventDefault();
		const v = $("cycle").value.trim();
		if (!/^[1-9][0-9]{0,14}$/.test(v)) {
			$("cycle-error").textContent = "Enter the cycle's number.";
			$("cycle-error").hidden = false;
			$("cycle").setAttribute("aria-invalid", "true");
			$("cycle").focus();
			return;
		}
		$("cycle-error").hidden = true;
		$("cycle").removeAttribute("aria-invalid");
		history.replaceState(null, "", "/rankings?cycle=" + v);
		show(v);
	});
	if (cycle && /^[1-9][0-9]{0,14}$/.test(cycle)) {
		$("cycle").value = cycle;
		show(cycle);
	}
}

document.addEventListener("DOMContentLoaded", init);
