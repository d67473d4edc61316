/* The decision screen (/decide?cycle=ID): a decision per eligible
   candidate, in the order of the rankings with the evidence beside it,
   the awardee limit of each category as it fills, and the announcement
   with its "hold mails" choice and a preview of each mail. */
"use strict";

const DECISIONS = [
	["", "No decision yet"],
	["awardee", "Awardee"],
	["honorable_mention", "Honourable mention"],
	["not_selected", "Not selected"],
];
const MAILS = [
	["announcement_awardee", "To each awardee"],
	["announcement_nominator", "To a nominator of someone recognised"],
	["announcement_thanks", "To a nominator of no one recognised"],
	["announcement_list", "To the announcement list"],
];
let cycleId = null;

function cycleFromQuery() {
	const m = /[?&]cycle=([1-9][0-9]{0,14})(?:&|$)/.exec(location.search);
	return m ? m[1] : null;
}

function limitText(cat) {
	return cat.awardees + " of " + cat.max_awardees + " awardee" +
	    (cat.max_awardees === 1 ? "" : "s") + " chosen";
}

function fixed(v, digits) {
	return v === null || v === undefined ? "—" : v.toFixed(digits);
}

/* A cell of the candidates' table.  label names it in the card layout
   of narrow screens, where the table's head is not shown; explicit
   roles keep the table a table for assistive technology there. */
function cell(text, label, cls) {
	const td = el("td", text, cls);
	td.setAttribute("role", "cell");
	td.dataset.label = label;
	return td;
}

/* One category: its heading, the count of awardees against the limit
   (kept in view while the list scrolls), and its candidates in the
   order of the rankings with the evidence beside each decision: place,
   score, raw score, spread, disputed.  A table on wide screens, a card
   per candidate on narrow ones (style.css), never scrolling sideways. */
function categorySection(cat) {
	const sec = el("section", null, "card decide-category");
	sec.dataset.category = cat.id;
	const h = el("h2", cat.name);
	h.id = "cat-" + cat.id;
	sec.setAttribute("aria-labelledby", h.id);
	const count = el("p", limitText(cat), "limit");
	count.id = "limit-" + cat.id;
	count.setAttribute("aria-live", "polite");
	sec.append(h, count);
	if (cat.candidates.length === 0) {
		sec.append(el("p", "No eligible candidate.", "muted"));
		return sec;
	}
	const table = el("table", null, "decide");
	table.setAttribute("role", "table");
	table.setAttribute("aria-labelledby", h.id);
	const head = el("tr");
	head.setAttribute("role", "row");
	for (const [t, cls] of [["Place", "num"], ["Nominee", ""],
	    ["Score", "num"], ["Raw", "num"], ["Spread", "num"],
	    ["Disputed", ""], ["Decision", ""]]) {
		const th = el("th", t, cls);
		th.scope = "col";
		th.setAttribute("role", "columnheader");
		head.append(th);
	}
	table.append(el("thead"), el("tbody"));
	table.tHead.append(head);
	table.tHead.setAttribute("role", "rowgroup");
	table.tBodies[0].setAttribute("role", "rowgroup");
	for (const c of cat.candidates) {
		const row = el("tr", null, c.disputed ? "disputed" : "");
		row.setAttribute("role", "row");
		row.dataset.candidate = c.candidate_id;
		row.dataset.rank = c.rank;
		const select = el("select");
		select.id = "decision-" + c.candidate_id;
		select.setAttribute("aria-label", "Decision for " +
		    c.nominee_name);
		for (const [value, text] of DECISIONS) {
			const o = el("option", text);
			o.value = value;
			if (value === "")
				o.disabled = true;
			select.append(o);
		}
		select.value = c.decision || "";
		select.dataset.saved = select.value;
		const err = el("p", null, "error");
		err.id = "decision-error-" + c.candidate_id;
		err.setAttribute("role", "alert");
		err.hidden = true;
		select.setAttribute("aria-describedby", err.id);
		/* Saved by its button only: an arrow key on a closed select
		   changes its value, and must not make an awardee. */
		const save = el("button", "Save", "secondary save");
		save.type = "button";
		save.setAttribute("aria-label", "Save the decision for " +
		    c.nominee_name);
		save.addEventListener("click",
		    () => setDecision(cat, c, select, err));
		const decide = cell(null, "Decision", "decision");
		const controls = el("div", null, "decide-controls");
		controls.append(select, save);
		decide.append(controls, err);
		const who = el("th");
		who.scope = "row";
		who.setAttribute("role", "rowheader");
		who.dataset.label = "Nominee";
		const link = el("a", c.nominee_name);
		link.href = "/candidate?id=" + c.candidate_id;
		who.append(link);
		if (c.nominee_affiliation)
			who.append(el("span", c.nominee_affiliation,
			    "affiliation"));
		const place = cell(String(c.rank), "Place", "num place");
		if (c.rank_raw !== c.rank && c.reviews > 0)
			place.append(el("span", "raw score alone: " +
			    c.rank_raw, "hint"));
		row.append(place, who,
		    cell(fixed(c.score, 4), "Score", "num score"),
		    cell(fixed(c.raw, 1), "Raw", "num raw"),
		    cell(fixed(c.spread, 4), "Spread", "num spread"),
		    cell(c.reviews === 0 ? "No final review" : c.disputed ?
		    "Disputed" : "No", "Disputed", c.disputed ?
		    "flag disputed-cell" : "disputed-cell"),
		    decide);
		table.tBodies[0].append(row);
	}
	sec.append(table);
	return sec;
}

async function setDecision(cat, cand, select, err) {
	const value = select.value;
	if (!value) {
		err.textContent = "Choose a decision first.";
		err.hidden = false;
		select.focus();
		return;
	}
	select.disabled = true;
	const res = await api("PUT", "/api/candidates/" + cand.candidate_id +
	    "/decision", { decision: value });
	select.disabled = false;
	if (res.status !== 200) {
		select.value = select.dataset.saved;
		err.textContent = errorText(res);
		err.hidden = false;
		select.setAttribute("aria-invalid", "true");
		select.focus();
		return;
	}
	err.hidden = true;
	select.setAttribute("aria-invalid", "false");
	select.dataset.saved = value;
	cat.awardees = res.body.awardees;
	$("limit-" + cat.id).textContent = limitText(cat);
	await refreshMissing();
}

function missingText(n) {
	return n === 0 ? "Every eligible candidate has a decision." :
	    n + " eligible candidate" + (n === 1 ? " still needs" :
	    "s still need") + " a decision.";
}

async function refreshMissing() {
	const res = await api("GET", "/api/cycles/" + cycleId + "/decisions");
	if (res.status === 200)
		$("missing").textContent = missingText(res.body.missing);
}

async function loadPreviews() {
	const box = $("previews");
	box.textContent = "";
	for (const [event, label] of MAILS) {
		const res = await api("GET", "/api/cycles/" + cycleId +
		    "/templates/" + event);
		const d = el("details", null, "preview");
		d.dataset.event = event;
		d.append(el("summary", label));
		if (res.status === 200) {
			d.append(el("p", "Subject: " + res.body.subject,
			    "preview-subject"));
			d.append(el("pre", res.body.body, "mail-body"));
			d.append(el("p", "Words in {{double braces}} are " +
			    "filled in for each recipient.", "hint"));
		} else {
			d.append(el("p", errorText(res), "error"));
		}
		box.append(d);
	}
}

function showAnnounce(phase) {
	$("announce").hidden = false;
	const form = $("announce-form");
	if (phase === "decided") {
		$("announce-phase").textContent = "Every decision is made and " +
		    "the cycle is decided: it is ready to announce.";
		form.hidden = false;
		loadPreviews();
	} else if (phase === "announced") {
		$("announce-phase").textContent = "This cycle is announced: " +
		    "its decisions are final.";
		form.hidden = true;
	} else {
		$("announce-phase").textContent = "Once every candidate has " +
		    "a decision, move the cycle to the decided phase; then " +
		    "you can announce it here.";
		form.hidden = true;
	}
}

async function announce(ev) {
	ev.preventDefault();
	const hold = $("hold").checked;
	$("announce-error").hidden = true;
	$("announce-submit").disabled = true;
	const res = await api("POST", "/api/cycles/" + cycleId + "/announce",
	    { hold });
	$("announce-submit").disabled = false;
	if (res.status !== 200) {
		$("announce-error").textContent = errorText(res);
		$("announce-error").hidden = false;
		$("announce-error").focus();
		return;
	}
	$("announce-form").hidden = true;
	const done = $("announce-done");
	done.textContent = "";
	done.append("The awardees are announced; " + res.body.mails +
	    " mail" + (res.body.mails === 1 ? " is " : "s are ") +
	    (hold ? "held for your review in " : "on their way (see ") );
	const a = el("a", "the outbox");
	a.href = "/outbox" + (hold ? "?status=held" : "");
	done.append(a, hold ? "." : ").");
	done.hidden = false;
	done.focus();
	await load(false);
}

async function load(first) {
	const status = $("status");
	const res = await api("GET", "/api/cycles/" + cycleId + "/decisions");
	if (res.status !== 200) {
		status.textContent = res.status === 404 ? "There is no cycle " +
		    "number " + cycleId + "." : errorText(res);
		status.hidden = false;
		$("board").hidden = true;
		return;
	}
	status.hidden = true;
	const body = res.body;
	$("title").textContent = "Decisions — " + body.cycle.name;
	document.title = "Decisions — " + body.cycle.name;
	const box = $("categories");
	box.textContent = "";
	for (const cat of body.categories)
		box.append(categorySection(cat));
	const frozen = body.cycle.phase === "announced";
	const open = body.cycle.phase === "deliberation" ||
	    body.cycle.phase === "decided";
	for (const s of box.querySelectorAll("select"))
		s.disabled = !open;
	$("missing").textContent = frozen ? "The cycle is announced: " +
	    "these decisions are final." : open ? missingText(body.missing) :
	    "Decisions are made in the deliberation and decided phases.";
	$("outbox-link").href = "/outbox";
	$("awardees-link").href = "/awardees/" + cycleId;
	$("board").hidden = false;
	if (first)
		showAnnounce(body.cycle.phase);
	else
		$("announce-phase").textContent = frozen ? "This cycle is " +
		    "announced: its decisions are final." :
		    $("announce-phase").textContent;
}

function pick(ev) {
	ev.preventDefault();
	const v = $("pick-cycle").value.trim();
	if (!/^[1-9][0-9]{0,14}$/.test(v)) {
		$("pick-error").textContent = "Enter the number of a cycle.";
		$("pick-error").hidden = false;
		$("pick-cycle").setAttribute("aria-invalid", "true");
		$("pick-cycle").focus();
		return;
	}
	location.assign("/decide?cycle=" + v);
}

async function start() {
	const user = await sessionReady;
	if (!user)
		return;
	if (user.role !== "organizer") {
		$("forbidden").hidden = false;
		return;
	}
	cycleId = cycleFromQuery();
	if (!cycleId) {
		$("pick").hidden = false;
		$("pick").addEventListener("submit", pick);
		return;
	}
	$("announce-form").addEventListener("submit", announce);
	await load(true);
}

document.addEventListener("DOMContentLoaded", start);
