/* The sign-in page: password, "mail me a link", and the landing place of
   invitation and login links (#token=...), which a POST spends.  A link
   is first asked about without spending it (a preview), so the page says
   what it is: an invitation (choose a password) or a sign-in link (sign
   in, or choose a new password).  After every submit the focus goes to
   the first field in error (whose error it describes) or to the result. */
"use strict";

/* Shows message (a key of the catalogue, or a text already in the
   reader's language) in the error paragraph id, or hides it when empty;
   the fields it describes are marked invalid or not. */
function showError(id, message, fields, params) {
	const p = $(id);
	if (message && hasMessage(message))
		say(p, message, params);
	else {
		delete p.dataset.i18n;
		p.textContent = message || "";
	}
	p.hidden = !message;
	for (const f of fields || [])
		$(f).setAttribute("aria-invalid", message ? "true" : "false");
}

/* Where a signed-in user goes. */
function home(user) {
	return user.role === "organizer" ? "/organizer" : "/committee";
}

/* Keeps the new session's CSRF token and leaves for the user's page. */
function signedIn(body) {
	sessionStorage.setItem("csrf", body.csrf_token);
	/* The token is spent: forget it. */
	forgetToken();
	location.assign(home(body.user));
}

/* The message of a refused password, else of the error. */
function fieldText(res, field) {
	const e = res.body && res.body.error;
	if (e && e.fields && e.fields[field])
		return "login.password_rejected";
	return errorText(res);
}

async function passwordLogin(ev) {
	ev.preventDefault();
	const email = $("email").value.trim(), password = $("password").value;
	const fields = ["email", "password"];
	if (!email || !password) {
		showError("login-error", "login.missing_both", fields);
		$(email ? "password" : "email").focus();
		return;
	}
	showError("login-error", "", fields);
	$("login-submit").disabled = true;
	/* A session still open here needs its CSRF token sent along. */
	await sessionReady;
	const res = await api("POST", "/api/session", { email, password });
	$("login-submit").disabled = false;
	if (res.status === 200) {
		signedIn(res.body);
		return;
	}
	if (res.status === 401)
		showError("login-error", "login.no_match", fields);
	else if (res.status === 429)
		showError("login-error", "login.throttled");
	else
		showError("login-error", errorText(res));
	$("login-error").focus();
}

async function mailLink(ev) {
	ev.preventDefault();
	const email = $("link-email").value.trim();
	$("link-sent").hidden = true;
	if (!email) {
		showError("link-error", "login.missing_email", ["link-email"]);
		$("link-email").focus();
		return;
	}
	showError("link-error", "", ["link-email"]);
	$("link-submit").disabled = true;
	await sessionReady;
	const res = await api("POST", "/api/session/link", { email });
	$("link-submit").disabled = false;
	if (res.status === 202) {
		$("link-sent").hidden = false;
		$("link-sent").focus();
		return;
	}
	showError("link-error", res.status === 422 ? "login.email_bad" :
	    errorText(res), ["link-email"]);
	$("link-email").focus();
}

/* The link is used or expired: the dead form goes, a new link is one
   field away. */
function deadLink() {
	$("token-loading").hidden = true;
	$("token-section").hidden = true;
	$("token-dead").hidden = false;
	/* The new link first: it is what the notice offers. */
	$("login-section").prepend($("link-form"));
	$("login-section").hidden = false;
	forgetToken();
	$("token-dead").focus();
	showContact($("token-dead-contact"));
}

/* Spends the link's token, with a new password or without. */
async function spendToken(token, password) {
	const body = { token };
	if (password !== undefined)
		body.password = password;
	$("token-submit").disabled = $("token-signin").disabled = true;
	await sessionReady;
	const res = await api("POST", "/api/session/token", body);
	$("token-submit").disabled = $("token-signin").disabled = false;
	if (res.status === 200) {
		signedIn(res.body);
		return;
	}
	if (res.status === 404) {
		deadLink();
		return;
	}
	if (res.status === 422 && password !== undefined) {
		showError("new-password-error", fieldText(res, "password"),
		    ["new-password"]);
		$("new-password").focus();
		return;
	}
	showError("token-error", res.status === 422 ?
	    "login.invite_needs_password" : errorText(res));
	$("token-error").focus();
}

/* Checks the two passwords; returns the first field in error, or null. */
function checkPasswords() {
	const p1 = $("new-password").value, p2 = $("new-password2").value;
	const short = [...p1].length < 12;
	showError("new-password-error", short ? "login.too_short" : "",
	    ["new-password"], { count: [...p1].length });
	showError("new-password2-error", !short && p1 !== p2 ?
	    "login.differ" : "", ["new-password2"]);
	if (short)
		return "new-password";
	return p1 !== p2 ? "new-password2" : null;
}

/* The texts for what the link is (preview), then the form. */
function showToken(token, p) {
	const invite = p.purpose === "invite";
	$("token-loading").hidden = true;
	say($("title"), invite ? "login.title_invite" : "login.title_link");
	say($("token-title"), invite ? "login.welcome" :
	    "login.token_title_link");
	if (invite) {
		const who = say(el("span"), p.role === "organizer" ?
		    "login.as_organizer" : "login.as_member");
		who.dataset.slot = "who";
		$("token-intro").replaceChildren(who);
		say($("token-intro"), "login.intro_invite");
	} else
		say($("token-intro"), "login.intro_link_token");
	say($("token-submit"), invite ? "login.set_and_sign_in" :
	    "login.set_new_and_sign_in");
	$("token-signin-p").hidden = invite;
	$("token-section").hidden = false;
	$("token-form").addEventListener("submit", (ev) => {
		ev.preventDefault();
		showError("token-error", "");
		const bad = checkPasswords();
		if (bad) {
			$(bad).focus();
			return;
		}
		spendToken(token, $("new-password").value);
	});
	$("token-signin").addEventListener("click", () => spendToken(token));
	$("new-password").focus();
}

async function setupToken(token) {
	$("login-section").hidden = true;
	$("token-loading").hidden = false;
	await sessionReady;
	const res = await api("POST", "/api/session/token",
	    { token, preview: true });
	if (res.status === 200)
		showToken(token, res.body);
	else if (res.status === 404)
		deadLink();
	else {
		say($("token-loading"), "common.reload",
		    { message: errorText(res) });
	}
}

document.addEventListener("DOMContentLoaded", async () => {
	await i18nReady;
	$("login-form").addEventListener("submit", passwordLogin);
	$("link-form").addEventListener("submit", mailLink);
	if (location.hash === "#signed-out") {
		history.replaceState(null, "", location.pathname);
		$("signed-out").hidden = false;
		$("signed-out").focus();
	}
	const token = fragmentToken();
	if (token)
		setupToken(token);
});
