/* The referee's page: the link of the request mail lands
   here.  Shows what the referee may see (awards, category, nominee,
   until when) and their own letter, keeps their draft in this tab
   (sessionStorage) until it is sent, and sends it. */
"use strict";

const token = fragmentToken();
const draftKey = "draft:" + location.pathname;

const LETTER_MIN = 50;
const LETTER_MAX = 10000;

/* A message above the letter, [key, params] of the catalogue: kind is
   "good", "bad" or "". */
function notice(message, kind) {
	const box = $("message");
	box.className = "notice" + (kind ? " " + kind : "");
	say(box, message[0], message[1]);
	box.hidden = false;
	box.focus();
}

/* What is wrong with the letter, as [key, params], or null. */
function problem(text) {
	const n = [...text.trim()].length;
	if (n < LETTER_MIN)
		return ["letter.too_short", { min: LETTER_MIN, count: n }];
	if (n > LETTER_MAX)
		return ["letter.too_long", { max: LETTER_MAX, count: n }];
	return null;
}

/* Shows (or with null, clears) the letter's error. */
function showError(why) {
	if (why)
		say($("letter-error"), why[0], why[1]);
	else
		$("letter-error").replaceChildren();
	$("letter-error").hidden = !why;
	if (why)
		$("letter").setAttribute("aria-invalid", "true");
	else
		$("letter").removeAttribute("aria-invalid");
}

function counter() {
	say($("letter-counter"), "letter.count", {
	    count: [...$("letter").value].length, max: LETTER_MAX });
}

function show(l) {
	$("status").hidden = true;
	say($("title"), "letter.title_of", { nominee: l.nominee_name });
	$("l-cycle").textContent = l.cycle_name;
	$("l-category").textContent = l.category_name;
	$("l-nominee").textContent = l.nominee_name;
	if (l.letters_close_at)
		say($("l-close"), "manage.when",
		    { when: { date: l.letters_close_at } });
	else
		say($("l-close"), "letter.close_unknown");
	const draft = sessionStorage.getItem(draftKey);
	$("letter").value = draft !== null ? draft : (l.letter || "");
	say($("send"), l.letter ? "letter.replace" : "letter.send");
	$("letter-form").hidden = !l.writable;
	say($("closed"), "letter.closed");
	$("closed").hidden = l.writable;
	counter();
	$("letter-section").hidden = false;
}

function fail(res) {
	say($("status"), ...(res.status === 404 ? ["letter.bad_link"] :
	    errorMessage(res)));
	$("status").classList.add("notice", "bad");
	$("status").hidden = false;
	showContact($("contact"));
}

async function send(ev) {
	ev.preventDefault();
	const why = problem($("letter").value);
	showError(why);
	if (why) {
		$("letter").focus();
		return;
	}
	$("send").disabled = true;
	const res = await api("POST", "/api/letters",
	    { token, letter: $("letter").value });
	$("send").disabled = false;
	if (res.status === 200) {
		sessionStorage.removeItem(draftKey);
		show(res.body);
		notice(["letter.sent"], "good");
		return;
	}
	if (res.status === 409) {
		$("letter-form").hidden = true;
		say($("closed"), "letter.closed");
		$("closed").hidden = false;
		return;
	}
	if (res.status === 422) {
		const fields = res.body && res.body.error &&
		    res.body.error.fields;
		showError(fields && fields.letter ? serverProblem(
		    "letter.label", fields.letter) : errorMessage(res));
		return;
	}
	notice(res.status === 404 ? ["letter.bad_link"] : errorMessage(res),
	    "bad");
}

async function start() {
	await i18nReady;
	if (!token) {
		fail({ status: 404 });
		say($("status"), "letter.no_link");
		return;
	}
	$("letter").addEventListener("input", () => {
		sessionStorage.setItem(draftKey, $("letter").value);
		counter();
	});
	$("letter-form").addEventListener("submit", send);
	const res = await api("POST", "/api/letters", { token });
	if (res.status === 200)
		show(res.body);
	else
		fail(res);
}

document.addEventListener("DOMContentLoaded", start);
