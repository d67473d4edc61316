/* The confirmation page: the link from the first mail lands here.  The
   token is spent only by the POST that the button makes, so a mail
   scanner fetching the link confirms nothing. */
"use strict";

function fail(text, more) {
	$("ask").hidden = true;
	$("failed-text").textContent = text;
	$("failed-more").textContent = more || "";
	$("failed").hidden = false;
}

async function confirmNomination(token) {
	const button = $("confirm");
	button.disabled = true;
	$("working").textContent = "Confirming…";
	const res = await api("POST", "/api/nominations/confirm", { token });
	button.disabled = false;
	$("working").textContent = "";
	if (res.status === 200) {
		/* The token is spent: forget it. */
		forgetToken();
		$("ask").hidden = true;
		$("title").textContent = "Nomination confirmed";
		$("done").hidden = false;
		$("title").focus();
		return;
	}
	if (res.status === 404) {
		fail("This link is not valid or has expired.",
		    "A confirmation link works once, for 72 hours. If you " +
		    "already confirmed, your nomination is submitted and " +
		    "we emailed you a link to manage it. If the link " +
		    "expired, please nominate again.");
		return;
	}
	/* Anything else may pass: the button stays for another try. */
	$("working").textContent = errorText(res);
}

function start() {
	const token = fragmentToken();
	if (!token) {
		fail("This link is incomplete.",
		    "Open the link from your email again; if your email " +
		    "program split it over two lines, copy the whole " +
		    "address into the browser.");
		return;
	}
	$("confirm").addEventListener("click", () => confirmNomination(token));
	$("ask").hidden = false;
}

document.addEventListener("DOMContentLoaded", start);
