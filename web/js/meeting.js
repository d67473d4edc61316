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

function failLoad(text) {
	$("loading").hidden = true;
	$("load-error").textContent = text;
	$("load-error").hidden = false;
	$("load-error").focus();
}

async function showCandidate(id, focus) {
	current = id;
	$("conflict").hidden = true;
	if (id === null) {
		$("candidate").textContent = "";
		$("follow-status").textContent = "The meeting has not " +
		    "started: no candidate is being discussed yet.";
		return;
	}
	const item = agenda.find((a) => a.c.candidate_id === id);
	$("follow-status").textContent = "Now discussing: " + (item ?
	    item.c.nominee_name + " (" + item.cat.name + ")" :
	    "candidate " + id) + ".";
	if (await showDeliberation($("candidate"), id, me, focus) && !item)
		$("follow-status").textContent = "Now discussing: " +
		    $("candidate-name").textContent + ".";
	if (me.role === "organizer")
		showDecision();
}

/* --- the organizer --------------------------------------------------- */

function countText(catId) {
	const k = categories[catId];
	return k.name + ": " + k.awardees + " of " + k.max + " awardee" +
	    (k.max === 1 ? "" : "s") + " chosen.";
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
			const p = el("p", countText(a.cat.id), "muted");
			p.id = "count-" + a.cat.id;
			list = el("ol", null, "agenda");
			list.setAttribute("aria-labelledby", h.id);
			box.append(h, p, list);
		}
		const li = el("li");
		const b = el("button", a.c.nominee_name + (a.c.disputed ?
		    " (disputed)" : "") + (decisions[a.c.candidate_id] ?
		    " — " + decisions[a.c.candidate_id].replace("_", " ") :
		    ""), "link");
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
	$("awardee-count").textContent = countText(item.cat.id);
	$("decide-status").textContent = "";
}

async function pick(id) {
	const res = await api("PUT", "/api/cycles/" + cycleId + "/meeting",
	    { candidate_id: id });
	if (res.status !== 200) {
		$("follow-status").textContent = errorText(res);
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
		$("decide-status").textContent = "Choose a decision first.";
		$("decision").focus();
		return;
	}
	const res = await api("PUT", "/api/candidates/" + current +
	    "/decision", { decision: choice });
	if (res.status !== 200) {
		$("decide-status").textContent = errorText(res);
		$("decide-status").focus();
		return;
	}
	decisions[current] = choice;
	categories[res.body.category_id].awardees = res.body.awardees;
	$("awardee-count").textContent = countText(res.body.category_id);
	$("decide-status").textContent = "Saved: " +
	    choice.replace("_", " ") + ".";
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
			failLoad(r.status === 409 ? "The meeting takes place " +
			    "during deliberation and after the decision." :
			    errorText(r));
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
	$("title").textContent = "The meeting of " + dec.body.cycle.name;
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
		$("follow-status").textContent = "The network is " +
		    "unreachable; trying again.";
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
		$("follow-status").textContent = errorText({ status: r.status,
		    body });
		return;
	}
	etag = r.headers.get("ETag");
	$("loading").hidden = true;
	if (body.conflicted) {
		current = undefined;
		$("candidate").textContent = "";
		$("follow-status").textContent = "";
		$("conflict").hidden = false;
		return;
	}
	if (body.candidate_id !== current)
		await showCandidate(body.candidate_id, null);
}

async function follow() {
	$("title").textContent = "Following the meeting";
	await poll();
	setInterval(poll, 1500);
}

async function init() {
	me = await sessionReady;
	if (!me)
		return;
	if (!Number.isInteger(cycleId) || cycleId < 1) {
		failLoad("No cycle is named.");
		return;
	}
	if (me.role === "organizer")
		await lead();
	else
		await follow();
}

document.addEventListener("DOMContentLoaded", init);
