/* The sign-in page: password, "mail me a link", and the landing place of
   invitation and login links (#token=...), which a POST spends. */
"use strict";

/* Shows message in the error paragraph id, or hides it when empty. */
function showError(id, message) {
	const p = $(id);
	p.textContent = message || "";
	p.hidden = !message;
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

/* The message of the first field error, else of the error. */
function fieldText(res, field) {
	const e = res.body && res.body.error;
	if (e && e.fields && e.fields[field])
		return field.charAt(0).toUpperCase() + field.slice(1) + " " +
		    e.fields[field] + ".";
	return errorText(res);
}

async function passwordLogin(ev) {
	ev.preventDefault();
	const email = $("email").value.trim(), password = $("password").value;
	if (!email || !password) {
		showError("login-error", "Enter your email and your password.");
		return;
	}
	showError("login-error", "");
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
		showError("login-error", "This email and password do not " +
		    "match. Check them, or ask for a sign-in link below.");
	else if (res.status === 429)
		showError("login-error", "Too many failed attempts. Please " +
		    "wait 15 minutes, or ask for a sign-in link below.");
	else
		showError("login-error", errorText(res));
}

async function mailLink(ev) {
	ev.preventDefault();
	const email = $("link-email").value.trim();
	$("link-sent").hidden = true;
	if (!email) {
		showError("link-error", "Enter your email.");
		return;
	}
	showError("link-error", "");
	$("link-submit").disabled = true;
	await sessionReady;
	const res = await api("POST", "/api/session/link", { email });
	$("link-submit").disabled = false;
	if (res.status === 202)
		$("link-sent").hidden = false;
	else
		showError("link-error", res.status === 422 ?
		    "This is not an email address." : errorText(res));
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
		showError("token-error", "This link is no longer valid: it " +
		    "was used already or it expired. Ask for a new one below.");
		$("login-section").hidden = false;
	} else if (res.status === 422)
		showError("token-error", password === undefined ?
		    "This is an invitation: choose a password to accept it." :
		    fieldText(res, "password"));
	else
		showError("token-error", errorText(res));
}

function setupToken(token) {
	$("token-section").hidden = false;
	$("login-section").hidden = true;
	$("title").textContent = "Welcome to the awards committee";
	$("token-form").addEventListener("submit", (ev) => {
		ev.preventDefault();
		const p1 = $("new-password").value, p2 = $("new-password2").value;
		if ([...p1].length < 12) {
			showError("token-error", "Your password needs at least " +
			    "12 characters.");
			return;
		}
		if (p1 !== p2) {
			showError("token-error", "The two passwords differ.");
			return;
		}
		showError("token-error", "");
		spendToken(token, p1);
	});
	$("token-signin").addEventListener("click", () => spendToken(token));
	$("new-password").focus();
}

document.addEventListener("DOMContentLoaded", () => {
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
