/* /meeting?cycle=ID: the meeting (SPEC §3).  An organizer walks the
   ranked candidates category by category (previous, next, or pick one
   from the agenda) and records each decision here, with the category's
   awardee count in view; a decision is saved by its button only, never
   by moving through the choices.  A member follows: the page asks about
   every 1.5 s with If-None-Match (answered 304 while nothing changed)
   and shows the current candidate, or, if they are conflicted with it,
   that they have a conflict and nothing else. */
"use strict";

const cycleId = Number(new URLSearchParams(location.search).get("cycle"));
let me = null;
let agenda = [];		/* [{cat, c}] in ranked order */
let decisions = {};		/* candidate id -> decision */
let categories = {};		/* category id -> {name, max, awardees} */
let current;			/* candidate id on screen (null: none
				   yet; undefined: nothing shown) */
let etag = null;

/* message: [key, params] of the catalogue. */
function failLoad(message) {
	$("loading").hidden = true;
	say($("load-error"), ...message);
	$("load-error").hidden = false;
	$("load-error").focus();
}

async function showCandidate(id, focus) {
	current = id;
	$("conflict").hidden = true;
	if (id === null) {
		$("candidate").textContent = "";
		say($("follow-status"), "meeting.not_started");
		return;
	}
	const item = agenda.find((a) => a.c.candidate_id === id);
	if (item)
		say($("follow-status"), "meeting.now_with_category",
		    { name: item.c.nominee_name, category: item.cat.name });
	else
		say($("follow-status"), "meeting.now", { name:
		    { msg: "meeting.candidate_n", params: { id: String(id) } } });
	if (await showDeliberation($("candidate"), id, me, focus) && !item)
		say($("follow-status"), "meeting.now",
		    { name: $("candidate-name").textContent });
	if (me.role === "organizer")
		showDecision();
}

/* --- the organizer --------------------------------------------------- */

/* The awardees chosen in a category against its limit, for say(). */
function countText(catId) {
	const k = categories[catId];
	return ["meeting.count", { category: k.name, awardees: k.awardees,
	    max: k.max }];
}

function showAgenda() {
	const box = $("agenda");
	box.textContent = "";
	let last = null, list = null;
	for (const a of agenda) {
		if (a.cat.id !== last) {
			last = a.cat.id;
			const h = el("h3", a.cat.name);
			h.id = "agenda-cat-" + a.cat.id;
			const p = say(el("p", null, "muted"), ...countText(a.cat.id));
			p.id = "count-" + a.cat.id;
			list = el("ol", null, "agenda");
			list.setAttribute("aria-labelledby", h.id);
			box.append(h, p, list);
		}
		const li = el("li");
		const decided = decisions[a.c.candidate_id];
		const b = say(el("button", null, "link"), "meeting.agenda_item",
		    { name: a.c.nominee_name, disputed: a.c.disputed ?
		    { msg: "meeting.agenda_disputed" } : "",
		    decision: decided ? { msg: "meeting.agenda_decision",
		    params: { decision: { msg: "decision." + decided } } } :
		    "" });
		b.type = "button";
		b.dataset.candidate = a.c.candidate_id;
		if (a.c.candidate_id === current)
			b.setAttribute("aria-current", "true");
		b.addEventListener("click", () => pick(a.c.candidate_id));
		li.append(b);
		list.append(li);
	}
}

function showDecision() {
	const item = agenda.find((a) => a.c.candidate_id === current);
	$("decide").hidden = !item;
	if (!item)
		return;
	$("decide-name").textContent = item.c.nominee_name;
	$("decision").value = decisions[current] || "";
	say($("awardee-count"), ...countText(item.cat.id));
	$("decide-status").textContent = "";
	delete $("decide-status").dataset.i18n;
}

async function pick(id) {
	const res = await api("PUT", "/api/cycles/" + cycleId + "/meeting",
	    { candidate_id: id });
	if (res.status !== 200) {
		say($("follow-status"), ...errorMessage(res));
		return;
	}
	await showCandidate(id, "candidate-name");
	showAgenda();
}

function step(by) {
	const i = agenda.findIndex((a) => a.c.candidate_id === current);
	const j = i < 0 ? 0 : i + by;
	if (j >= 0 && j < agenda.length)
		pick(agenda[j].c.candidate_id);
}

async function saveDecision(e) {
	e.preventDefault();
	const choice = $("decision").value;
	if (!choice) {
		say($("decide-status"), "meeting.choose_first");
		$("decision").focus();
		return;
	}
	const res = await api("PUT", "/api/candidates/" + current +
	    "/decision", { decision: choice });
	if (res.status !== 200) {
		say($("decide-status"), ...errorMessage(res));
		$("decide-status").focus();
		return;
	}
	decisions[current] = choice;
	categories[res.body.category_id].awardees = res.body.awardees;
	say($("awardee-count"), ...countText(res.body.category_id));
	say($("decide-status"), "meeting.saved",
	    { decision: { msg: "decision." + choice } });
	$("decide-status").focus();
	showAgenda();
}

async function lead() {
	const [rank, dec, meet] = await Promise.all([
		api("GET", "/api/cycles/" + cycleId + "/rankings"),
		api("GET", "/api/cycles/" + cycleId + "/decisions"),
		api("GET", "/api/cycles/" + cycleId + "/meeting")]);
	for (const r of [rank, dec, meet])
		if (r.status !== 200) {
			failLoad(r.status === 409 ? ["meeting.not_now"] :
			    errorMessage(r));
			return;
		}
	for (const cat of dec.body.categories) {
		categories[cat.id] = { name: cat.name, max: cat.max_awardees,
		    awardees: cat.awardees };
		for (const c of cat.candidates)
			decisions[c.candidate_id] = c.decision;
	}
	for (const cat of rank.body.categories)
		for (const c of cat.candidates)
			if (c.candidate_id in decisions)
				agenda.push({ cat, c });
	say($("title"), "meeting.title_of", { cycle: dec.body.cycle.name });
	$("loading").hidden = true;
	$("lead").hidden = false;
	$("prev").addEventListener("click", () => step(-1));
	$("next").addEventListener("click", () => step(1));
	$("decide-form").addEventListener("submit", saveDecision);
	await showCandidate(meet.body.candidate_id, null);
	showAgenda();
}

/* --- a member following ---------------------------------------------- */

async function poll() {
	const headers = {};
	if (etag)
		headers["If-None-Match"] = etag;
	let r;
	try {
		r = await fetch("/api/cycles/" + cycleId + "/meeting",
		    { headers, credentials: "same-origin" });
	} catch (e) {
		say($("follow-status"), "meeting.offline");
		return;
	}
	if (r.status === 304)
		return;
	if (r.status === 401) {
		location.assign("/login");
		return;
	}
	const body = await r.json().catch(() => null);
	if (r.status !== 200 || !body) {
		say($("follow-status"), ...errorMessage({ status: r.status,
		    body }));
		return;
	}
	etag = r.headers.get("ETag");
	$("loading").hidden = true;
	if (body.conflicted) {
		current = undefined;
		$("candidate").textContent = "";
		$("follow-status").textContent = "";
		delete $("follow-status").dataset.i18n;
		$("conflict").hidden = false;
		return;
	}
	if (body.candidate_id !== current)
		await showCandidate(body.candidate_id, null);
}

async function follow() {
	say($("title"), "meeting.following");
	await poll();
	setInterval(poll, 1500);
}

async function init() {
	me = await sessionReady;
	if (!me)
		return;
	await i18nReady;
	if (!Number.isInteger(cycleId) || cycleId < 1) {
		failLoad(["meeting.no_cycle"]);
		return;
	}
	if (me.role === "organizer")
		await lead();
	else
		await follow();
}

document.addEventListener("DOMContentLoaded", init);
