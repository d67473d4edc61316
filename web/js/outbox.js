/* The outbox screen (/outbox?status=held): every mail with its status;
   held mails can be read and released, dead ones tried again.  Its words
   are in the catalogues (outbox.*). */
"use strict";

const STATUS_KEYS = { held: "outbox.status_held",
	queued: "outbox.status_queued", sending: "outbox.status_sending",
	sent: "outbox.status_sent", dead: "outbox.status_dead" };
let mails = [];
let lastOpener = null;

/* The page's message: the words of key with params (i18n.js say()). */
function tell(key, params, good) {
	const m = $("message");
	say(m, key, params);
	m.className = "notice " + (good ? "good" : "bad");
	m.hidden = false;
	m.focus();
}

/* An API failure in the page's message. */
function tellError(res) {
	const [key, params] = errorMessage(res);
	tell(key, params, false);
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
		tell("outbox.requeued", { address: mail.to_address }, true);
	else
		tellError(res);
	await load();
}

async function release() {
	/* Releasing sends every held mail at once: count them first. */
	const held = await api("GET", "/api/outbox?status=held&per_page=1");
	const count = held.status === 200 ? held.body.total : 0;
	if (count === 0) {
		tell("outbox.none_held", null, true);
		return;
	}
	if (!(await confirmStep({ title: t("outbox.release_title"),
	    lines: [t("outbox.release_line", { count })],
	    confirm: t("outbox.release_confirm", { count }),
	    opener: $("release") })))
		return;
	const res = await api("POST", "/api/outbox/release", {});
	if (res.status !== 200) {
		tellError(res);
		return;
	}
	tell("outbox.released", { count: res.body.released }, true);
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
		const cell = say(el("td"), ...errorMessage(res));
		cell.colSpan = 6;
		row.append(cell);
		body.append(row);
		return;
	}
	mails = res.body.mails;
	if (mails.length === 0) {
		const row = el("tr");
		const cell = say(el("td"), "outbox.empty");
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
			const b = say(el("button", null, "secondary"),
			    "outbox.read");
			b.type = "button";
			ariaLabel(b, "outbox.read_label",
			    { address: mail.to_address });
			b.addEventListener("click", () => read(mail, b));
			action.append(b);
		} else if (mail.status === "dead") {
			const b = say(el("button", null, "secondary"),
			    "outbox.retry");
			b.type = "button";
			ariaLabel(b, "outbox.retry_label",
			    { address: mail.to_address });
			b.addEventListener("click", () => retry(mail));
			action.append(b);
		}
		const status = el("td", null, "status");
		if (STATUS_KEYS[mail.status])
			say(status, STATUS_KEYS[mail.status]);
		else
			status.textContent = mail.status;
		const cells = [["outbox.col_to", el("td", recipient(mail))],
		    ["outbox.col_subject", el("td", mail.subject)],
		    ["outbox.col_status", status],
		    ["outbox.col_attempts", say(el("td"), "common.number",
		    { n: mail.attempts })],
		    ["outbox.col_error", el("td", mail.last_error || "—")]];
		for (const [key, td] of cells)
			row.append(cardLabel(td, key));
		cardLabel(action, "outbox.col_action");
		row.append(action);
		body.append(row);
	}
}

/* An attribute's words (a card's label on narrow screens, a button's
   name), again at every switch of language. */
function cardLabel(cell, key) {
	cell.dataset.labelKey = key;
	cell.dataset.label = t(key);
	return cell;
}

function ariaLabel(element, key, params) {
	element.dataset.ariaKey = key;
	element.dataset.ariaArgs = JSON.stringify(params || {});
	element.setAttribute("aria-label", t(key, params));
}

document.addEventListener("langchange", () => {
	for (const e of document.querySelectorAll("[data-label-key]"))
		e.dataset.label = t(e.dataset.labelKey);
	for (const e of document.querySelectorAll("[data-aria-key]"))
		e.setAttribute("aria-label", t(e.dataset.ariaKey,
		    JSON.parse(e.dataset.ariaArgs)));
});

async function start() {
	const user = await sessionReady;
	if (!user)
		return;
	await i18nReady;
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
