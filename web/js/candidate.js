/* /candidate?id=ID: one candidate's deliberation page (deliberation.js):
   for organizers from scoring on, for its assigned members. */
"use strict";

async function init() {
	const user = await sessionReady;
	if (!user)
		return;
	await i18nReady;
	const id = Number(new URLSearchParams(location.search).get("id"));
	if (user.role === "organizer")
		$("back").firstChild.replaceWith(Object.assign(say(el("a"),
		    "candidate.back_console"), { href: "/organizer" }));
	$("loading").hidden = true;
	if (!Number.isInteger(id) || id < 1) {
		$("candidate").append(say(el("p", null, "notice bad"),
		    "candidate.none_named"));
		return;
	}
	if (await showDeliberation($("candidate"), id, user))
		sayTitle("candidate.page_title_of",
		    { name: $("candidate-name").textContent });
}

document.addEventListener("DOMContentLoaded", init);
