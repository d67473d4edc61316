/* /overview?cycle=ID: a cycle in pictures, drawn here as SVG from
   GET /api/cycles/{id}/overview: nominations per day and per category,
   screening, each member's scoring progress, how normalisation moved
   each category's places, each reviewer's raw scores.  Every picture is
   a figure with a table of the same numbers beside it: the SVG is one
   image with a summary for screen readers (role="img", aria-label), and
   the table is what a keyboard or screen reader user reads in full.
   Its words are in the catalogues (overview.*); a switch of language
   draws every figure again. */
"use strict";

const cycleParam = Number(new URLSearchParams(location.search)
    .get("cycle"));
const SVG_NS = "http://www.w3.org/2000/svg";
/* Graphical objects at 3:1 or more on white (WCAG 1.4.11), and told
   apart by the legend's words and the table, not by colour alone. */
const COLOURS = { done: "#5a2d82", draft: "#a35200", not_started: "#767b8a",
	submitted: "#767b8a", eligible: "#1e6b3a", ineligible: "#b3261e",
	bar: "#5a2d82" };
let figureCount = 0;
let overview = null;	/* the API's answer, drawn again at a switch */

/* An SVG element with attributes. */
function svgEl(tag, attrs) {
	const e = document.createElementNS(SVG_NS, tag);
	for (const [k, v] of Object.entries(attrs || {}))
		e.setAttribute(k, v);
	return e;
}

/* SVG text; user data stays text. */
function svgText(text, attrs) {
	const e = svgEl("text", Object.assign({ fill: "#1d1f24",
	    "font-size": 12 }, attrs));
	e.textContent = text;
	return e;
}

/* A name cut to n characters, for a label inside a picture (the table
   beside it has it whole). */
function short(s, n) {
	return s.length <= n ? s : s.slice(0, n - 1) + "…";
}

/* The root of a picture of width × height user units, scaling to its
   box; label is what a screen reader says for the whole of it. */
function svgRoot(width, height, label) {
	const s = svgEl("svg", { viewBox: "0 0 " + width + " " + height,
	    role: "img", "aria-label": label, focusable: "false",
	    class: "chart" });
	return s;
}

/* A table of the picture's numbers: cols [[heading, numeric]], rows of
   cells (the first a row heading).  Under 600 px it becomes a card per
   row (style.css, table.cards), so its roles are explicit and each cell
   carries its column's name. */
function dataTable(caption, cols, rows) {
	const table = el("table", null, "cards");
	table.setAttribute("role", "table");
	table.append(el("caption", caption));
	const thead = el("thead");
	thead.setAttribute("role", "rowgroup");
	const head = el("tr");
	head.setAttribute("role", "row");
	for (const [name, num] of cols) {
		const th = el("th", t(name), num ? "num" : "");
		th.scope = "col";
		th.setAttribute("role", "columnheader");
		head.append(th);
	}
	thead.append(head);
	const tbody = el("tbody");
	tbody.setAttribute("role", "rowgroup");
	for (const row of rows) {
		const tr = el("tr");
		tr.setAttribute("role", "row");
		row.forEach((v, i) => {
			const c = el(i === 0 ? "th" : "td",
			    typeof v === "number" ? number(v) : String(v),
			    cols[i][1] ? "num" : "");
			if (i === 0) {
				c.scope = "row";
				c.setAttribute("role", "rowheader");
			} else {
				c.setAttribute("role", "cell");
				c.dataset.label = t(cols[i][0]);
			}
			tr.append(c);
		});
		tbody.append(tr);
	}
	table.append(thead, tbody);
	return table;
}

/* A figure: heading, caption, the picture and its table side by side
   (stacked on narrow screens), or words when there is nothing to draw. */
function figure(title, caption, svg, table, empty) {
	const section = el("section", null, "overview-figure");
	const h = el("h2", title);
	h.id = "fig-h-" + (++figureCount);
	section.setAttribute("aria-labelledby", h.id);
	section.append(h);
	if (empty) {
		section.append(el("p", empty, "muted"));
		return section;
	}
	const fig = el("figure");
	const pair = el("div", null, "chart-pair");
	const box = el("div", null, "chart-box");
	box.append(svg);
	pair.append(box, table);
	fig.append(el("figcaption", caption), pair);
	section.append(fig);
	return section;
}

/* Horizontal stacked bars: rows [{label, values: {key: n}}], keys in
   order with their words.  Equal scale for every row (the largest
   total), so bars compare. */
function stackedBars(rows, keys, label) {
	const rowH = 26, left = 120, width = 420, top = 28;
	const max = Math.max(1, ...rows.map((r) =>
	    keys.reduce((t, [k]) => t + r.values[k], 0)));
	const scale = (width - left - 40) / max;
	const svg = svgRoot(width, top + rows.length * rowH + 4, label);
	/* The legend, in words. */
	let x = 0;
	for (const [k, words] of keys) {
		svg.append(svgEl("rect", { x, y: 6, width: 12, height: 12,
		    fill: COLOURS[k] }));
		svg.append(svgText(words, { x: x + 16, y: 16 }));
		x += 24 + words.length * 7;
	}
	rows.forEach((r, i) => {
		const y = top + i * rowH;
		svg.append(svgText(short(r.label, 16), { x: 0, y: y + 15 }));
		let at = left, total = 0;
		for (const [k] of keys) {
			const w = r.values[k] * scale;
			total += r.values[k];
			if (w > 0)
				svg.append(svgEl("rect", { x: at, y, width: w,
				    height: rowH - 8, fill: COLOURS[k],
				    stroke: "#ffffff", "stroke-width": 1 }));
			at += w;
		}
		svg.append(svgText(number(total), { x: at + 4, y: y + 14 }));
	});
	return svg;
}

/* Nominations per day: one vertical bar a day, the count above it; day
   labels thinned so that they never overlap. */
function perDay(data) {
	const days = data.per_day;
	const total = days.reduce((t, d) => t + d.count, 0);
	if (days.length === 0)
		return figure(t("overview.per_day"), "", null, null,
		    t("overview.per_day_none"));
	const width = 420, height = 200, bottom = 30, top = 16;
	const max = Math.max(...days.map((d) => d.count));
	const slot = (width - 10) / days.length;
	const busiest = days.find((d) => d.count === max);
	const svg = svgRoot(width, height, t("overview.per_day_label",
	    { total, days: days.length, first: days[0].day,
	    last: days[days.length - 1].day, max, busiest: busiest.day }));
	const every = Math.ceil(days.length / 6);
	svg.append(svgEl("line", { x1: 5, x2: width - 5,
	    y1: height - bottom, y2: height - bottom, stroke: "#1d1f24" }));
	days.forEach((d, i) => {
		const h = d.count / max * (height - bottom - top);
		const x = 5 + i * slot;
		svg.append(svgEl("rect", { x: x + slot * 0.15,
		    y: height - bottom - h, width: Math.max(1, slot * 0.7),
		    height: h, fill: COLOURS.bar }));
		if (days.length <= 31)
			svg.append(svgText(number(d.count), { x: x + slot / 2,
			    y: height - bottom - h - 3, "text-anchor": "middle",
			    "font-size": 10 }));
		if (i % every === 0)
			svg.append(svgText(d.day.slice(5), { x: x + slot / 2,
			    y: height - bottom + 16, "text-anchor": "middle",
			    "font-size": 10 }));
	});
	return figure(t("overview.per_day"), t("overview.per_day_caption",
	    { total }), svg,
	    dataTable(t("overview.per_day_table"), [["overview.col_day", 0],
	    ["overview.col_nominations", 1]],
	    days.map((d) => [d.day, d.count])));
}

/* Nominations per category and the screening of them: bars. */
function perCategory(data) {
	const cats = data.per_category;
	if (cats.length === 0)
		return figure(t("overview.per_category"), "", null, null,
		    t("overview.per_category_none"));
	const rows = cats.map((c) => ({ label: c.name,
	    values: { bar: c.count } }));
	const svg = stackedBars(rows, [["bar", t("overview.col_nominations")]],
	    t("overview.per_category_label", { list: cats.map((c) =>
	    c.name + " " + number(c.count)).join(", ") }));
	return figure(t("overview.per_category"),
	    t("overview.per_category_caption"), svg,
	    dataTable(t("overview.per_category_table"),
	    [["overview.col_category", 0], ["overview.col_nominations", 1]],
	    cats.map((c) => [c.name, c.count])));
}

function screening(data) {
	const s = data.screening;
	const keys = [["submitted", t("overview.to_screen")],
	    ["eligible", t("overview.eligible")],
	    ["ineligible", t("overview.ineligible")]];
	const svg = stackedBars([{ label: t("overview.col_nominations"),
	    values: s }], keys, t("overview.screening_label",
	    { list: keys.map(([k, w]) => w + " " + number(s[k]))
	    .join(", ") }));
	return figure(t("overview.screening"),
	    t("overview.screening_caption"), svg,
	    dataTable(t("overview.screening_table"),
	    [["overview.col_state", 0], ["overview.col_nominations", 1]],
	    keys.map(([k, w]) => [w, s[k]])));
}

/* Each member's assignments: done (final), draft, not started. */
function members(data) {
	const m = data.members;
	if (m.length === 0)
		return figure(t("overview.progress"), "", null, null,
		    t("overview.progress_none"));
	const keys = [["done", t("overview.done")],
	    ["draft", t("overview.draft")],
	    ["not_started", t("overview.not_started")]];
	const done = m.reduce((t, r) => t + r.done, 0);
	const all = m.reduce((t, r) => t + r.done + r.draft + r.not_started,
	    0);
	const svg = stackedBars(m.map((r) => ({ label: r.name, values: r })),
	    keys, t("overview.progress_label", { done, all,
	    count: m.length }));
	return figure(t("overview.progress"),
	    t("overview.progress_caption"), svg,
	    dataTable(t("overview.progress_table"),
	    [["overview.col_member", 0], ["overview.done", 1],
	    ["overview.draft", 1], ["overview.not_started", 1]],
	    m.map((r) => [r.name, r.done, r.draft, r.not_started])));
}

/* A slope chart per category: each candidate's raw place on the left,
   joined to their place after normalisation on the right. */
function slope(cat) {
	const c = cat.candidates;
	const rowH = 24, top = 24, width = 420, lx = 40, rx = 230;
	const svg = svgRoot(width, top + c.length * rowH,
	    t("overview.slope_label", { category: cat.name,
	    moved: c.filter((x) => x.rank !== x.rank_raw).length,
	    count: c.length }));
	svg.append(svgText(t("overview.raw_place"), { x: lx, y: 12,
	    "text-anchor": "middle" }));
	svg.append(svgText(t("overview.place"), { x: rx, y: 12,
	    "text-anchor": "middle" }));
	const y = (place) => top + (place - 0.5) * rowH;
	for (const x of c) {
		const moved = x.rank !== x.rank_raw;
		svg.append(svgEl("line", { x1: lx + 14, y1: y(x.rank_raw),
		    x2: rx - 14, y2: y(x.rank), stroke: moved ? "#5a2d82" :
		    "#767b8a", "stroke-width": moved ? 2.5 : 1.5 }));
		svg.append(svgText(number(x.rank_raw), { x: lx,
		    y: y(x.rank_raw) + 4, "text-anchor": "middle" }));
		svg.append(svgText(number(x.rank), { x: rx, y: y(x.rank) + 4,
		    "text-anchor": "middle" }));
		svg.append(svgText(short(x.nominee_name, 22), { x: rx + 16,
		    y: y(x.rank) + 4 }));
	}
	return svg;
}

function rankings(data) {
	const out = [];
	for (const cat of data.rankings) {
		const title = t("overview.places_in", { category: cat.name });
		if (cat.candidates.length === 0) {
			out.push(figure(title, "", null, null,
			    t("overview.places_none")));
			continue;
		}
		out.push(figure(title, t("overview.places_caption"),
		    slope(cat), dataTable(title,
		    [["overview.col_candidate", 0], ["overview.raw_place", 1],
		    ["overview.place", 1], ["overview.col_moved", 0]],
		    cat.candidates.map((x) => [x.nominee_name,
		    x.rank_raw, x.rank, x.rank === x.rank_raw ?
		    t("overview.moved_no") : x.rank < x.rank_raw ?
		    t("overview.moved_up", { n: x.rank_raw - x.rank }) :
		    t("overview.moved_down", { n: x.rank - x.rank_raw })]))));
	}
	return out;
}

/* A strip plot: a row per reviewer, a dot per final review's raw score
   on one 0 to 100 scale, so harsh and lenient reviewers show. */
function reviewers(data) {
	const r = data.reviewers;
	if (r.length === 0)
		return figure(t("overview.reviewers"), "", null, null,
		    t("overview.reviewers_none"));
	const rowH = 26, top = 26, left = 120, width = 420, right = 10;
	const scale = (width - left - right) / 100;
	const svg = svgRoot(width, top + r.length * rowH,
	    t("overview.reviewers_label", { count: r.length }));
	for (const v of [0, 50, 100]) {
		const x = left + v * scale;
		svg.append(svgEl("line", { x1: x, x2: x, y1: top - 6,
		    y2: top + r.length * rowH, stroke: "#d7dae2" }));
		svg.append(svgText(number(v), { x, y: 14,
		    "text-anchor": v === 100 ? "end" : "middle" }));
	}
	r.forEach((p, i) => {
		const y = top + i * rowH + rowH / 2;
		svg.append(svgText(short(p.name, 16), { x: 0, y: y + 4 }));
		for (const s of p.scores)
			svg.append(svgEl("circle", { cx: left + s * scale,
			    cy: y, r: 5, fill: "#5a2d82", "fill-opacity": 0.55,
			    stroke: "#5a2d82" }));
	});
	const median = (a) => a.length % 2 ? a[(a.length - 1) / 2] :
	    (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
	return figure(t("overview.reviewers"),
	    t("overview.reviewers_caption"), svg,
	    dataTable(t("overview.reviewers_table"),
	    [["overview.col_reviewer", 0], ["overview.col_reviews", 1],
	    ["overview.col_median", 1], ["overview.col_scores", 0]],
	    r.map((p) => [p.name, p.scores.length,
	    fixedNumber(median(p.scores), 1),
	    p.scores.map(number).join(", ")])));
}

/* Every figure of the cycle, in the page's language. */
function draw() {
	const d = overview;
	figureCount = 0;
	say($("title"), "overview.title_of", { cycle: d.cycle_name });
	sayTitle("overview.page_title_of", { cycle: d.cycle_name });
	$("figures").replaceChildren(perDay(d), perCategory(d), screening(d),
	    members(d), ...rankings(d), reviewers(d));
}

async function load() {
	$("print").addEventListener("click", () => window.print());
	const user = await sessionReady;
	if (!user)
		return;
	await i18nReady;
	const fail = (key, params) => {
		say($("load-error"), key, params);
		$("load-error").hidden = false;
	};
	if (user.role !== "organizer")
		return fail("overview.forbidden");
	if (!(cycleParam > 0))
		return fail("overview.no_cycle");
	$("back").href = "/cycle?id=" + cycleParam;
	const res = await api("GET", "/api/cycles/" + cycleParam +
	    "/overview");
	if (res.status !== 200)
		return res.status === 404 ? fail("overview.not_found") :
		    fail(...errorMessage(res));
	overview = res.body;
	draw();
}

document.addEventListener("langchange", () => {
	if (overview)
		draw();
});

document.addEventListener("DOMContentLoaded", load);
