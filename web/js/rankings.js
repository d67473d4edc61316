/* /rankings?cycle=ID: per category, the ranking of SPEC §3 with its
   fairness report side by side: normalised score and rank, raw score and
   raw rank, how normalisation moved each candidate, median, reviews,
   spread; disputed candidates marked in words, not colour alone. */
"use strict";

/* A cell of number v with digits decimals, in the reader's digits. */
function numberCell(v, digits, cls) {
	return say(el("td", null, cls), "common.number",
	    { n: { fixed: v, digits } });
}

/* Where normalisation moved a candidate, and why, in words: [key,
   params]. */
function moved(c) {
	const d = c.rank_raw - c.rank;
	if (c.reviews === 0 || d === 0)
		return ["common.none"];
	return [d > 0 ? "rankings.moved_up" : "rankings.moved_down",
	    { count: Math.abs(d) }];
}

function categoryTable(cat) {
	const section = el("section");
	const h = el("h2", cat.name);
	h.id = "category-" + cat.id;
	section.append(h);
	if (cat.candidates.length === 0) {
		section.append(say(el("p", null, "muted"),
		    "rankings.no_candidates"));
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
	table.append(say(el("caption"), "rankings.caption",
	    { category: cat.name }));
	const head = el("tr");
	head.setAttribute("role", "row");
	const cols = [["rankings.col_place", 1], ["rankings.col_raw_place", 1],
	    ["rankings.col_nominee", 0], ["rankings.col_score", 1],
	    ["rankings.col_raw", 1], ["rankings.col_moved", 0],
	    ["rankings.col_median", 1], ["rankings.col_reviews", 1],
	    ["rankings.col_spread", 1], ["rankings.col_disputed", 0]];
	for (const [key, num] of cols) {
		const th = say(el("th", null, num ? "num" : ""), key);
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
	const cell = (td, key) => {
		td.setAttribute("role", "cell");
		td.dataset.label = t(key);
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
		tr.append(cell(numberCell(c.rank, 0, "num"), "rankings.col_place"),
		    cell(numberCell(c.rank_raw, 0, "num"),
		    "rankings.col_raw_place"), name,
		    cell(numberCell(c.score, 4, "num score"),
		    "rankings.col_score"),
		    cell(numberCell(c.raw, 1, "num raw"), "rankings.col_raw"),
		    cell(say(el("td"), ...moved(c)), "rankings.col_moved"),
		    cell(numberCell(c.median, 1, "num"), "rankings.col_median"),
		    cell(numberCell(c.reviews, 0, "num reviews"),
		    "rankings.col_reviews"),
		    cell(numberCell(c.spread, 4, "num"), "rankings.col_spread"),
		    cell(say(el("td", null, c.disputed ? "flag" : ""),
		    c.disputed ? "rankings.disputed" : "rankings.not_disputed"),
		    "rankings.col_disputed"));
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
		say($("load-error"), ...(res.status === 404 ?
		    ["rankings.no_cycle", { cycle: String(cycle) }] :
		    res.status === 409 ? ["rankings.not_yet"] :
		    errorMessage(res)));
		$("load-error").hidden = false;
		$("load-error").focus();
		return;
	}
	$("about").hidden = false;
	for (const cat of res.body.categories)
		$("categories").append(categoryTable(cat));
	const meet = say(el("a"), "rankings.meeting");
	meet.href = "/meeting?cycle=" + cycle;
	$("categories").append(el("p", null));
	$("categories").lastChild.append(meet);
	say($("title"), "rankings.title_of", { cycle: res.body.cycle_name });
	$("title").focus();
}

async function init() {
	const user = await sessionReady;
	if (!user)
		return;
	await i18nReady;
	const cycle = new URLSearchParams(location.search).get("cycle");
	$("cycle-form").addEventListener("submit", (e) => {
		e.preventDefault();
		const v = $("cycle").value.trim();
		if (!/^[1-9][0-9]{0,14}$/.test(v)) {
			say($("cycle-error"), "rankings.cycle_bad");
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
