/* The landing page: the cycle open for nominations, or that there is none. */
"use strict";

async function showCycle() {
	await i18nReady;
	const res = await api("GET", "/api/cycles/current");
	const status = $("status");
	if (res.status === 404) {
		say(status, "index.closed_none");
		return;
	}
	if (res.status !== 200) {
		status.textContent = errorText(res);
		return;
	}
	const cycle = res.body;
	$("title").textContent = cycle.name;
	if (new Date(cycle.nominations_close_at) <= new Date()) {
		say(status, "index.closed", { cycle: cycle.name });
		return;
	}
	status.hidden = true;
	$("deadline").textContent = when(cycle.nominations_close_at);
	/* The date is written again when the language changes. */
	document.addEventListener("langchange", () => {
		$("deadline").textContent = when(cycle.nominations_close_at);
	});
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
	await i18nReady;
	const res = await api("GET", "/api/cycles/announced");
	if (res.status !== 200 || res.body.cycles.length === 0)
		return;
	const list = $("announced-list");
	for (const c of res.body.cycles) {
		const li = el("li");
		const a = say(el("a"), "index.awardees_of", { cycle: c.name });
		a.href = "/awardees/" + c.id;
		li.append(a);
		list.append(li);
	}
	$("announced").hidden = false;
}

document.addEventListener("DOMContentLoaded", showCycle);
document.addEventListener("DOMContentLoaded", showAnnounced);
