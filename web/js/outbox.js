/* The outbox screen (/outbox?status=held): every mail with its status;
   held mails can be read and released, dead ones tried again. */
"use strict";

const STATUS_NAMES = { held: "Held", queued: "Queued", sending: "Sending",
	sent: "Sent", dead: "Dead" };
let mails = [];
let lastOpener = null;

function tell(text, good) {
	const m = $("message");
	m.textContent = text;
	m.className = "notice " + (good ? "good" : "bad");
	m.hidden = false;
	m.focus();
}

function recipient(mail) {
	return mail.to_name ? mail.to_name + " <" + mail.to_address + ">" :
	    mail.to_address;
}

function read(mail, button) {
	lastOpener = button;
	$("reader-to").textContent = recipient(mail);
	$("reader-subject").textContent = mail.subject;
	$("reader-body").textContent = mail.body || "";
	$("reader").hidden = false;
	$("reader-title").focus();
}

async function retry(mail) {
	const res = await api("POST", "/api/outbox/" + mail.id + "/retry", {});
	if (res.status === 200)
		tell("The mail to " + mail.to_address + " is queued again.",
		    true);
	else
		tell(errorText(res), false);
	await load();
}

async function release() {
	/* Releasing sends every held mail at once: count them first. */
	const held = await api("GET", "/api/outbox?status=held&per_page=1");
	const count = held.status === 200 ? held.body.total : 0;
	if (count === 0) {
		tell("No mail is held.", true);
		return;
	}
	if (!(await confirmStep({ title: "Release the held mails?",
	    lines: [plural(count, "held mail leaves", "held mails leave") +
	    " now. A mail sent cannot be called back."],
	    confirm: "Release " + plural(count, "mail", "mails"),
	    opener: $("release") })))
		return;
	const res = await api("POST", "/api/outbox/release", {});
	if (res.status !== 200) {
		tell(errorText(res), false);
		return;
	}
	const n = res.body.released;
	tell(n === 0 ? "No mail was held." : n + " held mail" +
	    (n === 1 ? " is" : "s are") + " released and on " +
	    (n === 1 ? "its" : "their") + " way.", true);
	$("reader").hidden = true;
	await load();
}

async function load() {
	const status = $("status-filter").value;
	const res = await api("GET", "/api/outbox?per_page=200" +
	    (status ? "&status=" + status : ""));
	const body = $("list").tBodies[0];
	body.textContent = "";
	if (res.status !== 200) {
		const row = el("tr");
		const cell = el("td", errorText(res));
		cell.colSpan = 6;
		row.append(cell);
		body.append(row);
		return;
	}
	mails = res.body.mails;
	if (mails.length === 0) {
		const row = el("tr");
		const cell = el("td", "No mail here.");
		cell.colSpan = 6;
		row.append(cell);
		body.append(row);
	}
	for (const mail of mails) {
		const row = el("tr");
		row.dataset.id = mail.id;
		row.dataset.status = mail.status;
		const action = el("td");
		if (mail.status === "held") {
			const b = el("button", "Read", "secondary");
			b.type = "button";
			b.setAttribute("aria-label", "Read the mail to " +
			    mail.to_address);
			b.addEventListener("click", () => read(mail, b));
			action.append(b);
		} else if (mail.status === "dead") {
			const b = el("button", "Retry", "secondary");
			b.type = "button";
			b.setAttribute("aria-label", "Retry the mail to " +
			    mail.to_address);
			b.addEventListener("click", () => retry(mail));
			action.append(b);
		}
		const cells = [["To", recipient(mail)], ["Subject",
		    mail.subject], ["Status", STATUS_NAMES[mail.status] ||
		    mail.status], ["Attempts", String(mail.attempts)],
		    ["Last error", mail.last_error || "—"]];
		for (const [label, text] of cells) {
			const td = el("td", text, label === "Status" ?
			    "status" : null);
			td.dataset.label = label;
			row.append(td);
		}
		action.dataset.label = "Action";
		row.append(action);
		body.append(row);
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
	const m = /[?&]status=(held|queued|sending|sent|dead)(?:&|$)/.exec(
	    location.search);
	if (m)
		$("status-filter").value = m[1];
	$("mails").hidden = false;
	$("status-filter").addEventListener("change", load);
	$("release").addEventListener("click", release);
	$("reader-close").addEventListener("click", () => {
		$("reader").hidden = true;
		if (lastOpener && document.body.contains(lastOpener))
			lastOpener.focus();
	});
	await load();
}

document.addEventListener("DOMContentLoaded", start);
