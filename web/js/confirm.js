/* The confirmation page: the link from the first mail lands here.  The
   page first asks the API what the link is for (a preview that spends
   nothing) and shows whom and which category the nominator confirms; the
   token is spent only by the POST that the button makes, so a mail
   scanner fetching the link confirms nothing.  The token stays in the
   tab after the confirmation, so that a reload asks again and shows the
   calm "already confirmed", never an error. */
"use strict";

/* Shows the failure text and the "send me fresh links" form. */
function fail(text, more) {
	$("loading").hidden = true;
	$("ask").hidden = true;
	$("failed-text").textContent = text;
	$("failed-more").textContent = more || "";
	$("failed").hidden = false;
	$("fresh").hidden = false;
	$("form-link").hidden = false;
	showContact($("failed-contact"));
}

/* The success, first time (already false) or again (already true). */
function done(already) {
	$("loading").hidden = true;
	$("ask").hidden = true;
	$("failed").hidden = true;
	$("title").textContent = already ? "Already confirmed" :
	    "Nomination confirmed";
	if (already) {
		$("done-lead").textContent = "This nomination is confirmed " +
		    "already: it went in, there is nothing more to do.";
		$("done-thanks").textContent = "";
	}
	$("done").hidden = false;
	$("title").focus();
}

/* Answers of the API for a link that does not work, as text. */
function failure(res) {
	if (res.status === 410)
		fail("This link has expired.", "A confirmation link works " +
		    "for 72 hours. If you ask below, we email you fresh " +
		    "links for the nominations still waiting.");
	else if (res.status === 404)
		fail("This link does not work.", "Perhaps it was cut: open " +
		    "it again from your email, copying the whole address " +
		    "if your email program split it, or ask for fresh " +
		    "links below.");
	else if (res.status === 409)
		fail(errorText(res) + ".", "");
	else
		return false;
	return true;
}

/* Asks for fresh links mailed to email; says so in status. */
async function mailLinks(email, button, status) {
	button.disabled = true;
	const res = await api("POST", "/api/nominations/links", { email });
	button.disabled = false;
	if (res.status === 202) {
		status.textContent = "Done: if " + email + " nominated " +
		    "anyone in this round, a mail with fresh links is on " +
		    "its way to it.";
		status.classList.remove("bad");
	} else {
		status.textContent = errorText(res);
		status.classList.add("bad");
	}
	status.hidden = false;
	status.focus();
	return res.status === 202;
}

async function freshLinks(ev) {
	ev.preventDefault();
	const input = $("fresh-email"), error = $("fresh-error");
	const email = input.value.trim();
	$("fresh-sent").hidden = true;
	if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
		error.textContent = email ? "This is not an email address." :
		    "Enter the address you nominated from.";
		error.hidden = false;
		input.setAttribute("aria-invalid", "true");
		input.focus();
		return;
	}
	error.hidden = true;
	input.removeAttribute("aria-invalid");
	await mailLinks(email, $("fresh-send"), $("fresh-sent"));
}

async function confirmNomination(token) {
	const button = $("confirm");
	button.disabled = true;
	$("working").textContent = "Confirming…";
	const res = await api("POST", "/api/nominations/confirm", { token });
	button.disabled = false;
	$("working").textContent = "";
	if (res.status === 200) {
		done(res.body.already);
		return;
	}
	if (failure(res)) {
		$("title").focus();
		return;
	}
	/* Anything else may pass: the button stays for another try. */
	$("working").textContent = errorText(res);
}

/* Shows what the link is for, and the button. */
function ask(token, p) {
	$("loading").hidden = true;
	$("ask-nominee").textContent = p.nominee_name;
	$("ask-category").textContent = p.category_name;
	$("ask-cycle").textContent = p.cycle_name;
	if (p.duplicate_at) {
		$("duplicate-nominee").textContent = p.nominee_name;
		$("duplicate-when").textContent = when(p.duplicate_at);
		$("duplicate").hidden = false;
		$("duplicate-send").addEventListener("click", () =>
		    mailLinks(p.nominator_email, $("duplicate-send"),
		    $("duplicate-sent")));
		$("confirm").textContent = "Confirm this second nomination";
	}
	$("fresh-email").value = p.nominator_email;
	$("confirm").addEventListener("click", () => confirmNomination(token));
	$("ask").hidden = false;
}

async function start() {
	$("fresh").addEventListener("submit", freshLinks);
	const token = fragmentToken();
	if (!token) {
		fail("This link is incomplete.",
		    "Open the link from your email again; if your email " +
		    "program split it over two lines, copy the whole " +
		    "address into the browser. Or ask for fresh links " +
		    "below.");
		return;
	}
	const res = await api("POST", "/api/nominations/confirm",
	    { token, preview: true });
	if (res.status === 200 && res.body.already)
		done(true);
	else if (res.status === 200)
		ask(token, res.body);
	else if (!failure(res)) {
		$("loading").textContent = errorText(res) +
		    " Reload the page to try again.";
	}
}

document.addEventListener("DOMContentLoaded", start);
