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

document.addEventListener("DOMContentLoaded", showCycle);
