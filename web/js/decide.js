/* The decision screen (/decide?cycle=ID): a decision per eligible
   candidate, in the order of the rankings with the evidence beside it,
   the awardee limit of each category as it fills, and the announcement
   with its "hold mails" choice and a preview of each mail. */
"use strict";

/* The choices and the mails, with the catalogue key of their words. */
const DECISIONS = [
	["", "decide.no_decision"],
	["awardee", "decision.awardee"],
	["honorable_mention", "decision.honorable_mention"],
	["not_selected", "decision.not_selected"],
];
const MAILS = [
	["announcement_awardee", "decide.mail_awardee"],
	["announcement_nominator", "decide.mail_nominator"],
	["announcement_thanks", "decide.mail_thanks"],
	["announcement_list", "decide.mail_list"],
];
let cycleId = null;

function cycleFromQuery() {
	const m = /[?&]cycle=([1-9][0-9]{0,14})(?:&|$)/.exec(location.search);
	return m ? m[1] : null;
}

/* The awardees chosen against the limit, for say(). */
function limitText(cat) {
	return ["decide.limit", { awardees: cat.awardees,
	    max: cat.max_awardees }];
}

/* Number v with digits decimals, for say(). */
function fixed(v, digits) {
	return ["common.number", { n: { fixed: v, digits } }];
}

/* A cell of the candidates' table.  label names it in the card layout
   of narrow screens, where the table's head is not shown; explicit
   roles keep the table a table for assistive technology there. */
function cell(words, label, cls) {
	const td = el("td", null, cls);
	if (words)
		say(td, ...words);
	td.setAttribute("role", "cell");
	td.dataset.label = t(label);
	td.dataset.labelKey = label;
	return td;
}

/* Gives e the aria-label of message key with params, now and at every
   switch of language (relabel). */
function ariaLabel(e, key, params) {
	e.dataset.ariaKey = key;
	e.dataset.ariaArgs = JSON.stringify(params);
	e.setAttribute("aria-label", t(key, params));
}

/* The card layout's labels (data-label, read by style.css) and the
   aria-labels in the reader's language. */
function relabel() {
	for (const e of document.querySelectorAll("[data-label-key]"))
		e.dataset.label = t(e.dataset.labelKey);
	for (const e of document.querySelectorAll("[data-aria-key]"))
		e.setAttribute("aria-label", t(e.dataset.ariaKey,
		    JSON.parse(e.dataset.ariaArgs)));
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
	const count = say(el("p", null, "limit"), ...limitText(cat));
	count.id = "limit-" + cat.id;
	count.setAttribute("aria-live", "polite");
	sec.append(h, count);
	if (cat.candidates.length === 0) {
		sec.append(say(el("p", null, "muted"), "decide.no_candidate"));
		return sec;
	}
	const table = el("table", null, "decide");
	table.setAttribute("role", "table");
	table.setAttribute("aria-labelledby", h.id);
	const head = el("tr");
	head.setAttribute("role", "row");
	for (const [key, cls] of [["decide.col_place", "num"],
	    ["decide.col_nominee", ""], ["decide.col_score", "num"],
	    ["decide.col_raw", "num"], ["decide.col_spread", "num"],
	    ["decide.col_disputed", ""], ["decide.col_decision", ""]]) {
		const th = say(el("th", null, cls), key);
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
		ariaLabel(select, "decide.decision_for", { name: c.nominee_name });
		for (const [value, key] of DECISIONS) {
			const o = say(el("option"), key);
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
		const save = say(el("button", null, "secondary save"),
		    "decide.save");
		save.type = "button";
		ariaLabel(save, "decide.save_for", { name: c.nominee_name });
		save.addEventListener("click",
		    () => setDecision(cat, c, select, err));
		const decide = cell(null, "decide.col_decision", "decision");
		const controls = el("div", null, "decide-controls");
		controls.append(select, save);
		decide.append(controls, err);
		const who = el("th");
		who.scope = "row";
		who.setAttribute("role", "rowheader");
		who.dataset.label = t("decide.col_nominee");
		who.dataset.labelKey = "decide.col_nominee";
		const link = el("a", c.nominee_name);
		link.href = "/candidate?id=" + c.candidate_id;
		who.append(link);
		if (c.nominee_affiliation)
			who.append(el("span", c.nominee_affiliation,
			    "affiliation"));
		const place = cell(null, "decide.col_place", "num place");
		place.append(say(el("span"), "common.number", { n: c.rank }));
		if (c.rank_raw !== c.rank && c.reviews > 0)
			place.append(say(el("span", null, "hint"),
			    "decide.raw_alone", { rank: c.rank_raw }));
		row.append(place, who,
		    cell(fixed(c.score, 4), "decide.col_score", "num score"),
		    cell(fixed(c.raw, 1), "decide.col_raw", "num raw"),
		    cell(fixed(c.spread, 4), "decide.col_spread",
		    "num spread"),
		    cell([c.reviews === 0 ? "decide.no_final" : c.disputed ?
		    "decide.disputed" : "decide.not_disputed"],
		    "decide.col_disputed", c.disputed ?
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
		say(err, "decide.choose_first");
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
		say(err, ...errorMessage(res));
		err.hidden = false;
		select.setAttribute("aria-invalid", "true");
		select.focus();
		return;
	}
	err.hidden = true;
	select.setAttribute("aria-invalid", "false");
	select.dataset.saved = value;
	cat.awardees = res.body.awardees;
	say($("limit-" + cat.id), ...limitText(cat));
	await refreshMissing();
}

/* How many eligible candidates still need a decision, for say(). */
function missingText(n) {
	return ["decide.missing", { count: n }];
}

async function refreshMissing() {
	const res = await api("GET", "/api/cycles/" + cycleId + "/decisions");
	if (res.status === 200)
		say($("missing"), ...missingText(res.body.missing));
}

async function loadPreviews() {
	const box = $("previews");
	box.textContent = "";
	for (const [event, key] of MAILS) {
		const res = await api("GET", "/api/cycles/" + cycleId +
		    "/templates/" + event);
		const d = el("details", null, "preview");
		d.dataset.event = event;
		d.append(say(el("summary"), key));
		if (res.status === 200) {
			d.append(say(el("p", null, "preview-subject"),
			    "decide.subject", { subject: res.body.subject }));
			d.append(el("pre", res.body.body, "mail-body"));
			const braces = el("span");
			braces.dataset.slot = "braces";
			braces.append("{{", say(el("span"),
			    "decide.braces_words"), "}}");
			const hint = el("p", null, "hint");
			hint.append(braces);
			d.append(say(hint, "decide.braces"));
		} else {
			d.append(say(el("p", null, "error"), ...errorMessage(res)));
		}
		box.append(d);
	}
}

function showAnnounce(phase) {
	$("announce").hidden = false;
	const form = $("announce-form");
	if (phase === "decided") {
		say($("announce-phase"), "decide.phase_decided");
		form.hidden = false;
		loadPreviews();
	} else if (phase === "announced") {
		say($("announce-phase"), "decide.phase_announced");
		form.hidden = true;
	} else {
		say($("announce-phase"), "decide.phase_before");
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
		say($("announce-error"), ...errorMessage(res));
		$("announce-error").hidden = false;
		$("announce-error").focus();
		return;
	}
	$("announce-form").hidden = true;
	const done = $("announce-done");
	const a = say(el("a"), "decide.the_outbox");
	a.href = "/outbox" + (hold ? "?status=held" : "");
	a.dataset.slot = "outbox";
	done.replaceChildren(a);
	say(done, hold ? "decide.announced_held" : "decide.announced_sent",
	    { count: res.body.mails });
	done.hidden = false;
	done.focus();
	await load(false);
}

async function load(first) {
	const status = $("status");
	const res = await api("GET", "/api/cycles/" + cycleId + "/decisions");
	if (res.status !== 200) {
		say(status, ...(res.status === 404 ? ["decide.no_cycle",
		    { cycle: String(cycleId) }] : errorMessage(res)));
		status.hidden = false;
		$("board").hidden = true;
		return;
	}
	status.hidden = true;
	const body = res.body;
	say($("title"), "decide.page_title_of", { cycle: body.cycle.name });
	sayTitle("decide.page_title_of", { cycle: body.cycle.name });
	const box = $("categories");
	box.textContent = "";
	for (const cat of body.categories)
		box.append(categorySection(cat));
	const frozen = body.cycle.phase === "announced";
	const open = body.cycle.phase === "deliberation" ||
	    body.cycle.phase === "decided";
	for (const s of box.querySelectorAll("select"))
		s.disabled = !open;
	say($("missing"), ...(frozen ? ["decide.frozen"] : open ?
	    missingText(body.missing) : ["decide.not_open"]));
	$("outbox-link").href = "/outbox";
	$("awardees-link").href = "/awardees/" + cycleId;
	$("board").hidden = false;
	if (first)
		showAnnounce(body.cycle.phase);
	else if (frozen)
		say($("announce-phase"), "decide.phase_announced");
}

function pick(ev) {
	ev.preventDefault();
	const v = $("pick-cycle").value.trim();
	if (!/^[1-9][0-9]{0,14}$/.test(v)) {
		say($("pick-error"), "decide.cycle_bad");
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
	await i18nReady;
	document.addEventListener("langchange", relabel);
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
