/* The organizer console: the cycles (and a form to create one), the
   committee and organizers, and a form to invite someone.  One cycle is
   run from /cycle?id=N (cycle.js). */
"use strict";

function fieldError(name, message) {
	const input = $("user-" + name), p = $("user-" + name + "-error");
	p.textContent = message || "";
	p.hidden = !message;
	if (message)
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
		const cell = el("td", errorText(res));
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
			const b = actionButton("Resend invitation", "to " +
			    u.name, "secondary small");
			b.addEventListener("click", () => reinvite(u, b));
			invite.append(b);
		} else
			invite.textContent = "Signed in";
		const cells = [el("td", u.name), el("td", u.email),
		    el("td", u.role === "organizer" ? "Organizer" :
		    "Committee member"),
		    el("td", u.status === "active" ? "Active" :
		    "Invited", "status"), invite];
		["Name", "Email", "Role", "Status", "Invitation"].forEach(
		    (label, i) => { cells[i].dataset.label = label; });
		row.append(...cells);
		body.append(row);
	}
}

/* A new invitation mail; the link sent before stops working. */
async function reinvite(u, button) {
	if (!(await confirmStep({ title: "Resend the invitation?",
	    lines: ["1 mail to " + u.name + " <" + u.email + "> with a new " +
	    "link, good for 7 days; the link sent before stops working."],
	    confirm: "Resend invitation", opener: button })))
		return;
	const res = await api("POST", "/api/users/" + u.id + "/invite", {});
	await loadUsers();
	showResult($("invite-status"), res.status === 200 ? "The " +
	    "invitation to " + u.name + " is on its way again." :
	    errorText(res), res.status === 200);
}

async function addUser(ev) {
	ev.preventDefault();
	const user = {
		name: $("user-name").value.trim(),
		email: $("user-email").value.trim(),
		role: $("user-role").value,
	};
	fieldError("name", user.name ? "" : "Enter a name.");
	fieldError("email", !user.email ? "Enter an email address." :
	    /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(user.email) ? "" :
	    "This is not an email address: it looks like name@example.org.");
	$("add-error").hidden = $("add-done").hidden = true;
	if (focusFirstError())
		return;
	$("add-submit").disabled = true;
	const res = await api("POST", "/api/users", user);
	$("add-submit").disabled = false;
	if (res.status === 201) {
		$("add-user").reset();
		$("add-done").textContent = user.name + " is invited: a mail " +
		    "with their link is on its way.";
		$("add-done").hidden = false;
		$("add-done").focus();
		await loadUsers();
		return;
	}
	const fields = (res.body && res.body.error &&
	    res.body.error.fields) || {};
	if (fields.name)
		fieldError("name", "The name " + fields.name + ".");
	if (fields.email)
		fieldError("email", "This address " + fields.email + ".");
	if (res.status === 409)
		fieldError("email", "Someone with this address is already " +
		    "on the list.");
	else if (!fields.name && !fields.email) {
		$("add-error").textContent = errorText(res);
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
		const cell = el("td", errorText(res));
		cell.colSpan = 3;
		row.append(cell);
		body.append(row);
		return;
	}
	if (res.body.cycles.length === 0) {
		const row = el("tr");
		const cell = el("td", "No cycle yet: create the first one.");
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
		name.dataset.label = "Name";
		const phase = el("td", phaseName(c.phase));
		phase.dataset.label = "Phase";
		const close = el("td", c.nominations_close_at ?
		    when(c.nominations_close_at) : "Not set");
		close.dataset.label = "Nominations close";
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
		err.textContent = "Enter a name for the cycle.";
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
		err.textContent = "The name " + fields.name + ".";
		err.hidden = false;
		$("cycle-name").setAttribute("aria-invalid", "true");
		$("cycle-name").focus();
	} else {
		$("cycle-error").textContent = errorText(res);
		$("cycle-error").hidden = false;
	}
}

async function start() {
	const user = await sessionReady;
	if (!user)
		return;
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
