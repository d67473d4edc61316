/* The organizer console: the cycles (and a form to create one), the
   committee and organizers, and a form to invite someone.  One cycle is
   run from /cycle?id=N (cycle.js).  Its words are in the catalogues
   (organizer.*, phase.*); the API's field problems get the reader's
   words from serverProblem() (common.js). */
"use strict";

/* The labels (catalogue keys) of the invitation's fields, by their API
   name. */
const USER_LABELS = { name: "organizer.name", email: "organizer.email" };

/* The field's error: the words of key with params, or none. */
function fieldError(name, key, params) {
	const input = $("user-" + name), p = $("user-" + name + "-error");
	if (key)
		say(p, key, params);
	else
		p.textContent = "";
	p.hidden = !key;
	if (key)
		input.setAttribute("aria-invalid", "true");
	else
		input.removeAttribute("aria-invalid");
}

/* After a submit the focus goes to the first field in error (its error
   is tied to it and announced), so the keyboard user is where to fix it. */
function focusFirstError() {
	for (const name of ["name", "email"])
		if (!$("user-" + name + "-error").hidden) {
			$("user-" + name).focus();
			return true;
		}
	return false;
}

async function loadUsers() {
	const res = await api("GET", "/api/users");
	const body = $("users").tBodies[0];
	body.textContent = "";
	if (res.status !== 200) {
		const row = el("tr");
		const cell = say(el("td"), ...errorMessage(res));
		cell.colSpan = 5;
		row.append(cell);
		body.append(row);
		return;
	}
	for (const u of res.body.users) {
		const row = el("tr");
		row.dataset.email = u.email;
		const invite = el("td");
		if (u.status !== "active") {
			/* The visible words first, then whom for a screen
			   reader. */
			const b = el("button", null, "secondary small");
			b.type = "button";
			b.append(say(el("span"), "organizer.resend"), " ",
			    say(el("span", null, "visually-hidden"),
			    "organizer.resend_to", { name: u.name }));
			b.addEventListener("click", () => reinvite(u, b));
			invite.append(b);
		} else
			say(invite, "organizer.signed_in");
		const cells = [el("td", u.name), el("td", u.email),
		    say(el("td"), u.role === "organizer" ?
		    "organizer.role_organizer" : "organizer.role_committee"),
		    say(el("td", null, "status"), u.status === "active" ?
		    "organizer.active" : "organizer.invited"), invite];
		["organizer.col_name", "organizer.col_email",
		    "organizer.col_role", "organizer.col_status",
		    "organizer.col_invitation"].forEach(
		    (key, i) => { cardLabel(cells[i], key); });
		row.append(...cells);
		body.append(row);
	}
}

/* A new invitation mail; the link sent before stops working. */
async function reinvite(u, button) {
	if (!(await confirmStep({ title: t("organizer.resend_title"),
	    lines: [t("organizer.resend_line", { name: u.name,
	    email: u.email })],
	    confirm: t("organizer.resend"), opener: button })))
		return;
	const res = await api("POST", "/api/users/" + u.id + "/invite", {});
	await loadUsers();
	const r = $("invite-status");
	if (res.status === 200)
		say(r, "organizer.resent", { name: u.name });
	else
		say(r, ...errorMessage(res));
	r.hidden = false;
	r.classList.toggle("bad", res.status !== 200);
	r.focus();
}

/* A card's label on narrow screens: the column's words, again at every
   switch of language. */
function cardLabel(cell, key) {
	cell.dataset.labelKey = key;
	cell.dataset.label = t(key);
	return cell;
}

document.addEventListener("langchange", () => {
	for (const cell of document.querySelectorAll("[data-label-key]"))
		cell.dataset.label = t(cell.dataset.labelKey);
});

async function addUser(ev) {
	ev.preventDefault();
	const user = {
		name: $("user-name").value.trim(),
		email: $("user-email").value.trim(),
		role: $("user-role").value,
	};
	fieldError("name", user.name ? "" : "organizer.name_missing");
	fieldError("email", !user.email ? "organizer.email_missing" :
	    /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(user.email) ? "" :
	    "organizer.email_bad");
	$("add-error").hidden = $("add-done").hidden = true;
	if (focusFirstError())
		return;
	$("add-submit").disabled = true;
	const res = await api("POST", "/api/users", user);
	$("add-submit").disabled = false;
	if (res.status === 201) {
		$("add-user").reset();
		say($("add-done"), "organizer.added", { name: user.name });
		$("add-done").hidden = false;
		$("add-done").focus();
		await loadUsers();
		return;
	}
	const fields = (res.body && res.body.error &&
	    res.body.error.fields) || {};
	for (const k of ["name", "email"])
		if (fields[k])
			fieldError(k, ...serverProblem(USER_LABELS[k], fields[k],
			    USER_LABELS));
	if (res.status === 409)
		fieldError("email", "organizer.email_taken");
	else if (!fields.name && !fields.email) {
		say($("add-error"), ...errorMessage(res));
		$("add-error").hidden = false;
	}
	focusFirstError();
}


async function loadCycles() {
	const res = await api("GET", "/api/cycles?per_page=200");
	const body = $("cycle-list").tBodies[0];
	body.textContent = "";
	if (res.status !== 200) {
		const row = el("tr");
		const cell = say(el("td"), ...errorMessage(res));
		cell.colSpan = 3;
		row.append(cell);
		body.append(row);
		return;
	}
	if (res.body.cycles.length === 0) {
		const row = el("tr");
		const cell = say(el("td"), "organizer.no_cycle");
		cell.colSpan = 3;
		row.append(cell);
		body.append(row);
	}
	for (const c of res.body.cycles) {
		const row = el("tr");
		const link = el("a", c.name);
		link.href = "/cycle?id=" + c.id;
		const name = el("td");
		name.append(link);
		cardLabel(name, "organizer.col_name");
		const phase = cardLabel(say(el("td"), "phase." + c.phase),
		    "organizer.col_phase");
		const close = cardLabel(c.nominations_close_at ?
		    say(el("td"), "common.date",
		    { date: { date: c.nominations_close_at } }) :
		    say(el("td"), "organizer.not_set"), "organizer.col_close");
		row.append(name, phase, close);
		body.append(row);
	}
}

async function createCycle(ev) {
	ev.preventDefault();
	const name = $("cycle-name").value.trim();
	const err = $("cycle-name-error");
	err.hidden = true;
	$("cycle-error").hidden = true;
	$("cycle-name").setAttribute("aria-invalid", "false");
	if (!name) {
		say(err, "organizer.cycle_name_missing");
		err.hidden = false;
		$("cycle-name").setAttribute("aria-invalid", "true");
		$("cycle-name").focus();
		return;
	}
	$("cycle-submit").disabled = true;
	const res = await api("POST", "/api/cycles", { name });
	$("cycle-submit").disabled = false;
	if (res.status === 201) {
		location.assign("/cycle?id=" + res.body.id);
		return;
	}
	const fields = (res.body && res.body.error &&
	    res.body.error.fields) || {};
	if (fields.name) {
		say(err, ...serverProblem("organizer.name", fields.name));
		err.hidden = false;
		$("cycle-name").setAttribute("aria-invalid", "true");
		$("cycle-name").focus();
	} else {
		say($("cycle-error"), ...errorMessage(res));
		$("cycle-error").hidden = false;
	}
}

async function start() {
	const user = await sessionReady;
	if (!user)
		return;
	await i18nReady;
	if (user.role !== "organizer") {
		$("forbidden").hidden = false;
		return;
	}
	$("cycles").hidden = false;
	$("people").hidden = false;
	$("new-cycle").addEventListener("submit", createCycle);
	$("add-user").addEventListener("submit", addUser);
	await Promise.all([loadCycles(), loadUsers()]);
}

document.addEventListener("DOMContentLoaded", start);
