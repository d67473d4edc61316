/* The nominee's page (issue 23): the link of the nominee's mail lands
   here.  Shows what the nomination is (never by whom) and the nominee's
   two choices: to be recognised privately (any time), and to decline to
   be considered (before the decisions, with a confirmation step). */
"use strict";

/* Every word this page writes, in one place. */
const TEXT = {
	noLink: "This page needs the link from the mail we sent you.",
	badLink: "This link is not valid or has expired.",
	title: (name) => "You were nominated, " + name,
	considered: "You are being considered.",
	declined: "You declined to be considered.",
	privately: " If chosen, you are recognised privately.",
	publicly: " If chosen, you are recognised publicly.",
	makePrivate: "Recognise me privately",
	makePublic: "Recognise me publicly",
	decline: "Decline",
	undecline: "Be considered again",
	savedPrivate: "Saved: you will be recognised privately.",
	savedPublic: "Saved: you will be recognised publicly.",
	savedDeclined: "Saved: you will not be considered.",
	savedConsidered: "Saved: you will be considered again.",
	tooLate: "The committee has decided already, so this can no " +
	    "longer change.",
};

const token = fragmentToken();
let current = null;

function say(text, kind) {
	const box = $("message");
	box.className = "notice" + (kind ? " " + kind : "");
	box.textContent = text;
	box.hidden = !text;
	if (text)
		box.focus();
}

function show(c) {
	current = c;
	$("status").hidden = true;
	$("title").textContent = TEXT.title(c.nominee_name);
	$("c-cycle").textContent = c.cycle_name;
	$("c-category").textContent = c.category_name;
	$("c-state").textContent = (c.declined ? TEXT.declined :
	    TEXT.considered) + (c.private ? TEXT.privately : TEXT.publicly);
	$("private").textContent = c.private ? TEXT.makePublic :
	    TEXT.makePrivate;
	$("decline").textContent = c.declined ? TEXT.undecline :
	    TEXT.decline;
	$("decline-card").hidden = !c.can_decline;
	$("decline-ask").hidden = true;
	$("choices").hidden = false;
}

function fail(res) {
	$("status").textContent = res.status === 404 ? TEXT.badLink :
	    errorText(res);
	$("status").classList.add("notice", "bad");
	$("status").hidden = false;
	showContact($("contact"));
}

async function choose(body, saved) {
	const res = await api("POST", "/api/nominee",
	    Object.assign({ token }, body));
	if (res.status === 200) {
		show(res.body);
		say(saved, "good");
	} else if (res.status === 409) {
		say(TEXT.tooLate, "bad");
	} else {
		say(res.status === 404 ? TEXT.badLink : errorText(res), "bad");
	}
}

async function start() {
	if (!token) {
		fail({ status: 404 });
		$("status").textContent = TEXT.noLink;
		return;
	}
	$("private").addEventListener("click", () => choose(
	    { private: !current.private }, current.private ?
	    TEXT.savedPublic : TEXT.savedPrivate));
	$("decline").addEventListener("click", () => {
		if (current.declined) {
			choose({ decline: false }, TEXT.savedConsidered);
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
	    choose({ decline: true }, TEXT.savedDeclined));
	const res = await api("POST", "/api/nominee", { token });
	if (res.status === 200)
		show(res.body);
	else
		fail(res);
}

start();
