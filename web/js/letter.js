/* The referee's page (issue 23): the link of the request mail lands
   here.  Shows what the referee may see (awards, category, nominee,
   until when) and their own letter, keeps their draft in this tab
   (sessionStorage) until it is sent, and sends it. */
"use strict";

/* Every word this page writes, in one place. */
const TEXT = {
	noLink: "This page needs the link from the mail that asked you " +
	    "for a letter.",
	badLink: "This link is not valid or has expired. Use the link from " +
	    "the latest mail we sent you.",
	closed: "Letters are closed: the committee has begun its work. " +
	    "Thank you.",
	sent: "Thank you: your letter has arrived. You can change it until " +
	    "letters close.",
	tooShort: "Please write at least 50 characters.",
	tooLong: "Please keep to 10,000 characters.",
	count: (n) => n + " of 10,000 characters",
	title: (name) => "A letter of support for " + name,
	replace: "Replace the letter",
	unknownClose: "when the committee begins scoring",
};

const token = fragmentToken();
const draftKey = "draft:" + location.pathname;

function say(text, kind) {
	const box = $("message");
	box.className = "notice" + (kind ? " " + kind : "");
	box.textContent = text;
	box.hidden = !text;
	if (text)
		box.focus();
}

function problem(text) {
	const n = [...text.trim()].length;
	if (n < 50)
		return TEXT.tooShort;
	if (n > 10000)
		return TEXT.tooLong;
	return null;
}

function showError(why) {
	$("letter-error").textContent = why || "";
	$("letter-error").hidden = !why;
	if (why)
		$("letter").setAttribute("aria-invalid", "true");
	else
		$("letter").removeAttribute("aria-invalid");
}

function counter() {
	$("letter-counter").textContent =
	    TEXT.count([...$("letter").value].length);
}

function show(l) {
	$("status").hidden = true;
	$("title").textContent = TEXT.title(l.nominee_name);
	$("l-cycle").textContent = l.cycle_name;
	$("l-category").textContent = l.category_name;
	$("l-nominee").textContent = l.nominee_name;
	$("l-close").textContent = l.letters_close_at ?
	    when(l.letters_close_at) : TEXT.unknownClose;
	const draft = sessionStorage.getItem(draftKey);
	$("letter").value = draft !== null ? draft : (l.letter || "");
	if (l.letter)
		$("send").textContent = TEXT.replace;
	$("letter-form").hidden = !l.writable;
	$("closed").textContent = TEXT.closed;
	$("closed").hidden = l.writable;
	counter();
	$("letter-section").hidden = false;
}

function fail(res) {
	$("status").textContent = res.status === 404 ? TEXT.badLink :
	    errorText(res);
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
		say(TEXT.sent, "good");
		return;
	}
	if (res.status === 409) {
		$("letter-form").hidden = true;
		$("closed").textContent = TEXT.closed;
		$("closed").hidden = false;
		return;
	}
	if (res.status === 422) {
		showError(errorText(res));
		return;
	}
	say(res.status === 404 ? TEXT.badLink : errorText(res), "bad");
}

async function start() {
	if (!token) {
		fail({ status: 404 });
		$("status").textContent = TEXT.noLink;
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

start();
