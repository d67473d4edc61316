/* The header of every signed-in page: who is signed in, and a button to
   sign out.  Put <div id="who"></div> in the header and load this after
   common.js.  A page that needs a role says so with
   <body data-role="organizer"> (or "committee"): without a session it
   sends the visitor to /login.  sessionReady resolves to the signed-in
   user, or null. */
"use strict";

async function loadSession() {
	const res = await api("GET", "/api/session");
	if (res.status !== 200) {
		sessionStorage.removeItem("csrf");
		return null;
	}
	/* A new tab has no token yet: the session tells it. */
	sessionStorage.setItem("csrf", res.body.csrf_token);
	return res.body.user;
}

async function logout() {
	const res = await api("DELETE", "/api/session");
	if (res.status === 204 || res.status === 401) {
		sessionStorage.removeItem("csrf");
		location.assign("/login#signed-out");
	}
}

const sessionReady = loadSession();

async function showWho() {
	const who = $("who");
	const user = await sessionReady;
	const need = document.body.dataset.role;
	if (!user) {
		if (need) {
			location.assign("/login");
			return;
		}
		return;
	}
	if (!who)
		return;
	if ($("signin-link"))
		$("signin-link").hidden = true;
	who.textContent = "";
	const name = el("span", user.name, "who-name");
	name.id = "who-name";
	const organizer = user.role === "organizer";
	/* A public page has a catalogue (i18n.js); the others are English.
	   Asked of i18nReady, not say: some pages have a say() of their own
	   (outbox.js, manage.js). */
	const words = typeof i18nReady !== "undefined";
	if (words) {
		await i18nReady;
		const line = el("span");
		const role = say(el("span"), organizer ? "who.organizer" :
		    "who.member");
		name.dataset.slot = "name";
		role.dataset.slot = "role";
		line.append(name, role);
		who.append(say(line, "who.signed_in"), " ");
	} else {
		who.append("Signed in as ", name, " (" + (organizer ?
		    "organizer" : "committee member") + ") ");
	}
	/* A way back to one's own page from any other (the public ones too). */
	const home = organizer ? "/organizer" : "/committee";
	if (location.pathname !== home) {
		const back = el("a", organizer ? "Organizer console" :
		    "Your assignments");
		if (words)
			say(back, organizer ? "who.console" : "who.assignments");
		back.href = home;
		who.append(back, " ");
	}
	const button = el("button", "Sign out", "secondary");
	if (words)
		say(button, "who.sign_out");
	button.type = "button";
	button.id = "logout";
	button.addEventListener("click", logout);
	who.append(button);
}

document.addEventListener("DOMContentLoaded", showWho);
