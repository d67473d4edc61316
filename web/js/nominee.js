/* The nominee's page: the link of the nominee's mail lands
   here.  Shows what the nomination is (never by whom) and the nominee's
   two choices: to be recognised privately (any time), and to decline to
   be considered (before the decisions, with a confirmation step). */
"use strict";

const token = fragmentToken();
let current = null;

/* A message above the choices, [key, params] of the catalogue: kind
   is "good", "bad" or "". */
function notice(message, kind) {
	const box = $("message");
	box.className = "notice" + (kind ? " " + kind : "");
	say(box, message[0], message[1]);
	box.hidden = false;
	box.focus();
}

function show(c) {
	current = c;
	$("status").hidden = true;
	say($("title"), "nominee.title_of", { name: c.nominee_name });
	$("c-cycle").textContent = c.cycle_name;
	$("c-category").textContent = c.category_name;
	say($("c-state"), "nominee.state_" + (c.declined ? "declined" :
	    "considered") + "_" + (c.private ? "private" : "public"));
	say($("private"), c.private ? "nominee.make_public" :
	    "nominee.make_private");
	say($("decline"), c.declined ? "nominee.undecline" :
	    "nominee.decline");
	$("decline-card").hidden = !c.can_decline;
	$("decline-ask").hidden = true;
	$("choices").hidden = false;
}

function fail(res) {
	say($("status"), ...(res.status === 404 ? ["nominee.bad_link"] :
	    errorMessage(res)));
	$("status").classList.add("notice", "bad");
	$("status").hidden = false;
	showContact($("contact"));
}

async function choose(body, saved) {
	const res = await api("POST", "/api/nominee",
	    Object.assign({ token }, body));
	if (res.status === 200) {
		show(res.body);
		notice([saved], "good");
	} else if (res.status === 409) {
		notice(["nominee.too_late"], "bad");
	} else {
		notice(res.status === 404 ? ["nominee.bad_link"] :
		    errorMessage(res), "bad");
	}
}

async function start() {
	await i18nReady;
	if (!token) {
		fail({ status: 404 });
		say($("status"), "nominee.no_link");
		return;
	}
	$("private").addEventListener("click", () => choose(
	    { private: !current.private }, current.private ?
	    "nominee.saved_public" : "nominee.saved_private"));
	$("decline").addEventListener("click", () => {
		if (current.declined) {
			choose({ decline: false }, "nominee.saved_considered");
			return;
		}
		$("decline-ask").hidden = false;
		$("decline-yes").focus();
	});
	$("decline-no").addEventListener("click", () => {
		$("decline-ask").hidden = true;
		$("decline").focus();
	});
	$("decline-yes").addEventListener("click", () =>
	    choose({ decline: true }, "nominee.saved_declined"));
	const res = await api("POST", "/api/nominee", { token });
	if (res.status === 200)
		show(res.body);
	else
		fail(res);
}

document.addEventListener("DOMContentLoaded", start);
