/* The confirmation page: the link from the first mail lands here.  The
   page first asks the API what the link is for (a preview that spends
   nothing) and shows whom and which category the nominator confirms; the
   token is spent only by the POST that the button makes, so a mail
   scanner fetching the link confirms nothing.  The token stays in the
   tab after the confirmation, so that a reload asks again and shows the
   calm "already confirmed", never an error. */
"use strict";

/* Shows the failure (the catalogue's key, else a text) and the "send me
   fresh links" form. */
function fail(key, moreKey) {
	$("loading").hidden = true;
	$("ask").hidden = true;
	if (hasMessage(key))
		say($("failed-text"), key);
	else
		$("failed-text").textContent = key;
	if (moreKey)
		say($("failed-more"), moreKey);
	else
		$("failed-more").textContent = "";
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
	say($("title"), already ? "confirm.title_already" :
	    "confirm.title_done");
	if (already) {
		say($("done-lead"), "confirm.already_lead");
		delete $("done-thanks").dataset.i18n;
		$("done-thanks").textContent = "";
	}
	$("done").hidden = false;
	$("title").focus();
}

/* Answers of the API for a link that does not work, as text. */
function failure(res) {
	if (res.status === 410)
		fail("confirm.expired", "confirm.expired_more");
	else if (res.status === 404)
		fail("confirm.invalid", "confirm.invalid_more");
	else if (res.status === 409)
		fail(errorText(res).replace(/\.?$/, "."), null);
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
		say(status, "confirm.fresh_done", { email });
		status.classList.remove("bad");
	} else {
		delete status.dataset.i18n;
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
		say(error, email ? "common.email_bad" :
		    "confirm.fresh_missing");
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
	say($("working"), "confirm.working");
	const res = await api("POST", "/api/nominations/confirm", { token });
	button.disabled = false;
	delete $("working").dataset.i18n;
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
		document.addEventListener("langchange", () => {
			$("duplicate-when").textContent = when(p.duplicate_at);
		});
		$("duplicate").hidden = false;
		$("duplicate-send").addEventListener("click", () =>
		    mailLinks(p.nominator_email, $("duplicate-send"),
		    $("duplicate-sent")));
		say($("confirm"), "confirm.button_second");
	}
	$("fresh-email").value = p.nominator_email;
	$("confirm").addEventListener("click", () => confirmNomination(token));
	$("ask").hidden = false;
}

async function start() {
	await i18nReady;
	$("fresh").addEventListener("submit", freshLinks);
	const token = fragmentToken();
	if (!token) {
		fail("confirm.incomplete", "confirm.incomplete_more");
		return;
	}
	const res = await api("POST", "/api/nominations/confirm",
	    { token, preview: true });
	if (res.status === 200 && res.body.already)
		done(true);
	else if (res.status === 200)
		ask(token, res.body);
	else if (!failure(res)) {
		say($("loading"), "common.reload",
		    { message: errorText(res) });
	}
}

document.addEventListener("DOMContentLoaded", start);
