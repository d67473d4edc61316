/* The landing page: the cycle open for nominations, or that there is none. */
"use strict";

async function showCycle() {
	const res = await api("GET", "/api/cycles/current");
	const status = $("status");
	if (res.status === 404) {
		status.textContent = "Nominations are closed. Thank you for " +
		    "your interest; please come back when the next cycle opens.";
		return;
	}
	if (res.status !== 200) {
		status.textContent = errorText(res);
		return;
	}
	const cycle = res.body;
	$("title").textContent = cycle.name;
	if (new Date(cycle.nominations_close_at) <= new Date()) {
		status.textContent = "Nominations for " + cycle.name +
		    " are closed.";
		return;
	}
	status.hidden = true;
	$("deadline").textContent = when(cycle.nominations_close_at);
	const list = $("categories");
	for (const c of cycle.categories) {
		const li = el("li");
		li.append(el("strong", c.name));
		if (c.description)
			li.append(" — ", c.description);
		list.append(li);
	}
	$("open").hidden = false;
}

/* Links to the awardees of every announced cycle, newest first. */
async function showAnnounced() {
	const res = await api("GET", "/api/cycles/announced");
	if (res.status !== 200 || res.body.cycles.length === 0)
		return;
	const list = $("announced-list");
	for (const c of res.body.cycles) {
		const li = el("li");
		const a = el("a", "The " + c.name + " awardees");
		a.href = "/awardees/" + c.id;
		li.append(a);
		list.append(li);
	}
	$("announced").hidden = false;
}

document.addEventListener("DOMContentLoaded", showCycle);
document.addEventListener("DOMContentLoaded", showAnnounced);
