/* Awards: what every page shares.  No framework, no build step. */
"use strict";

/* Calls the API; resolves to {status, body}.  Sends the CSRF token of
   the session on every non-GET request. */
async function api(method, path, body) {
	const headers = {};
	const csrf = sessionStorage.getItem("csrf");
	if (body !== undefined)
		headers["Content-Type"] = "application/json";
	if (method !== "GET" && csrf)
		headers["X-CSRF-Token"] = csrf;
	let r;
	try {
		r = await fetch(path, {
			method, headers, credentials: "same-origin",
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	} catch (e) {
		return { status: 0, body: { error: { code: "network",
		    message: "The network is unreachable. Check your " +
		    "connection and try again." } } };
	}
	let data = null;
	try { data = await r.json(); } catch (e) { data = null; }
	return { status: r.status, body: data };
}

/* Shortcut for document.getElementById. */
function $(id) { return document.getElementById(id); }

/* Creates an element with text (never HTML: user data stays text). */
function el(tag, text, cls) {
	const e = document.createElement(tag);
	if (text !== undefined && text !== null) e.textContent = text;
	if (cls) e.className = cls;
	return e;
}

/* A date-time for people, in their own time zone, which it names, and
   in the page's language (i18n.js) where the page has one. */
function when(iso) {
	const d = new Date(iso);
	if (typeof currentLang === "function")
		return new Intl.DateTimeFormat(currentLang(), {
		    year: "numeric", month: "long", day: "numeric",
		    hour: "numeric", minute: "2-digit",
		    timeZoneName: "long" }).format(d);
	return d.toLocaleString(undefined, { dateStyle: "long",
	    timeStyle: "short" }) + " (" + (Intl.DateTimeFormat()
	    .resolvedOptions().timeZone || "UTC") + ")";
}

/* The token of the link this page was opened with (i18n.js took it out
   of the address), or null. */
function fragmentToken() {
	return typeof linkToken !== "undefined" ? linkToken : null;
}

/* Forgets the link's token once spent (confirm, login). */
function forgetToken() {
	sessionStorage.removeItem("token:" + location.pathname);
}

/* The words for an API failure as [key, params] of the catalogue, for
   say(): the error's code picks them, the same code in every language;
   the strings and numbers of the error and of its fields (an awardee
   limit's category and count) fill them. */
function errorMessage(res) {
	const e = res.body && res.body.error;
	if (e && e.code && hasMessage("error." + e.code)) {
		const params = {};
		for (const from of [e.fields || {}, e])
			for (const [k, v] of Object.entries(from))
				if (k !== "message" && (typeof v === "string" ||
				    typeof v === "number"))
					params[k] = v;
		return ["error." + e.code, params];
	}
	if (res.status === 429)
		return ["error.throttled"];
	if (res.status === 503)
		return ["error.unavailable"];
	if (res.status === 0)
		return ["error.network"];
	return ["error.status", { status: res.status }];
}

/* A field's problem that names another field, by what the API says
   ("must not be before"). */
const SERVER_ORDER = {
	before: "form.server_before",
	after: "form.server_after",
	"not before": "form.server_not_before",
	"not after": "form.server_not_after",
	above: "form.server_above",
	below: "form.server_below",
};

/* The words for a field's problem as the API wrote it in a 422's
   "fields" (English, for programs, the same in every language): the
   known forms get the reader's words, with label (a catalogue key)
   naming the field; any other gets a plain "is not accepted".  names
   gives the labels (catalogue keys) of the other fields a problem may
   name by their API name ("must be after nominations_open_at").  Used
   by every form, public and organizers' alike.  Returns [key, params]
   for say(). */
function serverProblem(label, why, names) {
	const name = { msg: label };
	const text = why || "";
	let m = /must be (\d+) to (\d+) characters/.exec(text);
	if (m)
		return ["form.server_length", { label: name, min: Number(m[1]),
		    max: Number(m[2]) }];
	if ((m = /must be from (-?\d+) to (-?\d+)/.exec(text)))
		return ["form.server_range", { label: name, min: Number(m[1]),
		    max: Number(m[2]) }];
	if ((m = /must be a number above 0 and at most (\d+)/.exec(text)))
		return ["form.server_weight", { label: name,
		    max: Number(m[1]) }];
	m = /must (not )?be (before|after|above|below) ([a-z_]+)$/.exec(text);
	if (m && names && names[m[3]] && SERVER_ORDER[(m[1] || "") + m[2]])
		return [SERVER_ORDER[(m[1] || "") + m[2]], { label: name,
		    other: { msg: names[m[3]] } }];
	if ((m = /unknown placeholder (\{\{.*\}\})/.exec(text)))
		return ["form.server_placeholder_unknown", { label: name,
		    placeholder: m[1] }];
	if ((m = /(\{\{.*\}\}) must stand alone/.exec(text)))
		return ["form.server_link_alone", { label: name,
		    placeholder: m[1] }];
	const known = [
		[/is required|cannot be empty/, "form.server_required"],
		[/not supported in addresses/, "form.server_email_ascii"],
		[/is not an email address/, "form.server_email"],
		[/invisible or text-direction/, "form.server_invisible"],
		[/line break|control character/, "form.server_control"],
		[/nominee's address/, "form.server_referee_nominee"],
		[/nominator's address/, "form.server_referee_nominator"],
		[/same referee twice/, "form.server_referee_twice"],
		[/asks for no letters/, "form.server_no_letters"],
		[/^at most/, "form.server_too_many"],
		[/is not a time like/, "form.server_time"],
		[/unterminated/, "form.server_placeholder_open"],
		[/links belong in the body/, "form.server_link_subject"],
		[/starting with https:/, "form.server_url"],
		[/not one of the allowed values/, "form.server_choice"],
		[/is not a committee member/, "form.server_not_member"],
		[/must be an integer|must be a number|positive integer/,
		    "form.server_number"],
	];
	for (const [re, key] of known)
		if (re.test(text))
			return [key, { label: name }];
	return ["form.server_other", { label: name }];
}

/* A message for an API failure.  On a page with a catalogue (i18n.js)
   the error's code picks the words, the same code in every language;
   the API's own English message is for the pages without one. */
function errorText(res) {
	const e = res.body && res.body.error;
	if (typeof t === "function")
		return t(...errorMessage(res));
	if (e && e.message)
		return e.message;
	if (res.status === 429)
		return "Too many attempts. Please wait a moment and try again.";
	return "Something went wrong (" + res.status + "). Please try again.";
}

/* --- the organizers' contact address (issue 14) --------------------------
   Every page that shows a failure names whom to write to, as a mailto
   link: GET /api/contact (the cycle's contact address, else the sender
   address of the mails).  Asked once per page; a page that may lose the
   network (the form) asks early with contactAddress(). */
let contactAsked = null;

function contactAddress() {
	if (contactAsked === null)
		contactAsked = api("GET", "/api/contact").then((r) =>
		    r.status === 200 && r.body && r.body.contact_email ?
		    r.body.contact_email : null);
	return contactAsked;
}

/* Fills box (an element, hidden until then) with "Need help? Write to the
   organizers at <a mailto>."; leaves it hidden when no address is
   known. */
async function showContact(box) {
	if (typeof i18nReady !== "undefined")
		await i18nReady;
	const address = await contactAddress();
	if (!box || !address)
		return;
	const a = el("a", address);
	a.href = "mailto:" + address;
	if (typeof i18nReady !== "undefined") {
		a.dataset.slot = "address";
		box.replaceChildren(a);
		say(box, "common.contact");
	} else
		box.replaceChildren("Need help, or is something wrong? " +
		    "Write to the organizers at ", a, ".");
	box.hidden = false;
}
