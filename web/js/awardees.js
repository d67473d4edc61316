/* The public awardees page (/awardees/ID): names, affiliations and
   categories, with the honourable mentions; nothing else is published. */
"use strict";

function person(p) {
	const li = el("li");
	li.append(el("strong", p.name));
	if (p.affiliation)
		li.append(", " + p.affiliation);
	return li;
}

async function show() {
	await i18nReady;
	const status = $("status");
	const m = /^\/awardees\/([1-9][0-9]{0,14})$/.exec(location.pathname);
	if (!m) {
		say(status, "awardees.none");
		return;
	}
	const res = await api("GET", "/api/cycles/" + m[1] + "/awardees");
	if (res.status === 404) {
		say(status, "awardees.not_yet");
		return;
	}
	if (res.status !== 200) {
		status.textContent = errorText(res);
		return;
	}
	const body = res.body;
	say($("title"), "awardees.title_of", { cycle: body.cycle.name });
	sayTitle("awardees.doc_title_of", { cycle: body.cycle.name });
	const box = $("categories");
	for (const cat of body.categories) {
		if (cat.awardees.length === 0 &&
		    cat.honorable_mentions.length === 0)
			continue;
		const sec = el("section", null, "card");
		sec.append(el("h2", cat.name));
		if (cat.awardees.length > 0) {
			const ul = el("ul", null, "people awardees");
			cat.awardees.forEach((p) => ul.append(person(p)));
			sec.append(ul);
		}
		if (cat.honorable_mentions.length > 0) {
			sec.append(say(el("h3"), "awardees.mentions"));
			const ul = el("ul", null, "people mentions");
			cat.honorable_mentions.forEach((p) =>
			    ul.append(person(p)));
			sec.append(ul);
		}
		box.append(sec);
	}
	status.hidden = true;
	$("list").hidden = false;
}

document.addEventListener("DOMContentLoaded", show);
