/* /candidate?id=ID: one candidate's deliberation page (deliberation.js):
   for organizers from scoring on, for its assigned members. */
"use strict";

async function init() {
	const user = await sessionReady;
	if (!user)
		return;
	const id = Number(new URLSearchParams(location.search).get("id"));
	if (user.role === "organizer")
		$("back").firstChild.replaceWith(Object.assign(el("a",
		    "← Organizer console"), { href: "/organizer" }));
	$("loading").hidden = true;
	if (!Number.isInteger(id) || id < 1) {
		$("candidate").append(el("p", "No candidate is named.",
		    "notice bad"));
		return;
	}
	if (await showDeliberation($("candidate"), id, user))
		document.title = $("candidate-name").textContent +
		    " — Deliberation — Change-Maker Awards";
}

document.addEventListener("DOMContentLoaded", init);
