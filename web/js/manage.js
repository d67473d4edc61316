/* The manage page: the link from the receipt lands here.  Shows the
   nomination and, when the cycle asks for letters, its referees with the
   state of each letter (asked or received, never the text); before the
   close, edits its statement, names or replaces its referees, or
   withdraws it, and until it is screened, corrects the nominee's name,
   role and affiliation. */
"use strict";

/* The catalogue key of each status. */
const STATUS = {
	pending: "manage.status_pending",
	submitted: "manage.status_submitted",
	eligible: "manage.status_eligible",
	ineligible: "manage.status_ineligible",
	withdrawn: "manage.status_withdrawn",
};

let token = null;
let nomination = null;

/* A message above the nomination, [key, params] of the catalogue (or
   null to hide it): kind is "good", "bad" or "". */
function notice(message, kind) {
	const box = $("message");
	box.className = "notice" + (kind ? " " + kind : "");
	if (message)
		say(box, message[0], message[1]);
	else
		box.replaceChildren();
	box.hidden = !message;
	if (message)
		box.focus();
	if (kind === "bad")
		showContact($("contact"));
}

function joined(parts) {
	return parts.filter((p) => p).join(", ");
}

function show(n) {
	nomination = n;
	$("status").hidden = true;
	say($("title"), "manage.title_of", { nominee: n.nominee.name });
	if (STATUS[n.status])
		say($("n-status"), STATUS[n.status]);
	else
		$("n-status").textContent = n.status;
	$("n-cycle").textContent = n.cycle_name;
	$("n-category").textContent = n.category_name;
	$("n-nominee").textContent = joined([n.nominee.name,
	    n.nominee.role, n.nominee.affiliation]);
	$("n-nominee-email").textContent = n.nominee.email;
	$("n-nominator").textContent = joined([n.nominator.name,
	    n.nominator.email, n.nominator.relationship]);
	say($("n-consent"), n.consent_contact_nominee ? "manage.consent_yes" :
	    "manage.consent_no");
	say($("n-created"), "manage.when", { when: { date: n.created_at } });
	$("n-statement").textContent = n.statement;

	const live = n.editable && n.status !== "withdrawn";
	$("actions").hidden = !live;
	$("fix").hidden = !(live && n.status === "submitted" && !n.screened);
	$("edit-form").hidden = true;
	$("nominee-form").hidden = true;
	$("referees-form").hidden = true;
	$("withdraw-ask").hidden = true;
	showReferees(n, live);
	const locked = $("locked");
	if (n.status === "withdrawn")
		say(locked, "manage.locked_withdrawn");
	else if (!n.editable)
		say(locked, "manage.locked_closed");
	locked.hidden = live;
	$("nomination").hidden = false;
}

/* The referees and their letters' states; the button to name them
   while the nomination may change. */
function showReferees(n, live) {
	const max = n.letters_max || 0;
	const list = n.referees || [];
	$("referees").hidden = max === 0 && list.length === 0;
	$("referees-none").hidden = list.length > 0;
	const ul = $("referee-states");
	ul.replaceChildren();
	for (const r of list) {
		const li = el("li");
		const who = el("span", r.name);
		who.dataset.slot = "name";
		const state = say(el("strong"), r.state === "received" ?
		    "manage.letter_received" : "manage.letter_asked");
		state.dataset.slot = "state";
		state.className = "letter-" + r.state;
		li.append(who, state);
		say(li, r.relationship ? "manage.referee_line_rel" :
		    "manage.referee_line", { relationship: r.relationship,
		    email: r.email });
		ul.append(li);
	}
	$("referees-edit").hidden = !(live && max > 0);
	if (max > 0)
		say($("referees-edit"), list.length ? "manage.referees_change" :
		    "manage.referees_edit");
}

/* What to say for an answer that is not 200, as [key, params]. */
function failure(res) {
	if (res.status === 404)
		return ["manage.bad_link"];
	if (res.status === 409) {
		const code = res.body && res.body.error && res.body.error.code;
		if (code === "withdrawn")
			return ["manage.already_withdrawn"];
		if (code === "screened")
			return ["manage.screened"];
		return ["manage.closed"];
	}
	return errorMessage(res);
}

async function load() {
	const res = await api("POST", "/api/nominations/manage", { token });
	if (res.status === 200) {
		show(res.body);
		return;
	}
	say($("status"), ...failure(res));
	$("status").classList.add("notice", "bad");
	showContact($("contact"));
}

/* --- editing the statement ------------------------------------------- */

/* Shows (or with null, clears) the statement's error, [key, params]. */
function statementError(why) {
	if (why)
		say($("statement-error"), why[0], why[1]);
	else
		$("statement-error").replaceChildren();
	$("statement-error").hidden = !why;
	if (why)
		$("statement").setAttribute("aria-invalid", "true");
	else
		$("statement").removeAttribute("aria-invalid");
}

function checkStatement() {
	return statementProblem($("statement").value);
}

function openEditor() {
	notice(null);
	$("statement").value = nomination.statement;
	statementError(null);
	updateCounter();
	$("actions").hidden = true;
	$("edit-form").hidden = false;
	$("statement").focus();
}

function closeEditor() {
	$("edit-form").hidden = true;
	$("actions").hidden = false;
	$("edit").focus();
}

async function save(ev) {
	ev.preventDefault();
	const why = checkStatement();
	statementError(why);
	if (why) {
		$("statement").focus();
		return;
	}
	$("save").disabled = true;
	const res = await api("POST", "/api/nominations/manage",
	    { token, statement: $("statement").value });
	$("save").disabled = false;
	if (res.status === 200) {
		show(res.body);
		notice(["manage.saved_statement"], "good");
		return;
	}
	const fields = res.body && res.body.error && res.body.error.fields;
	if (res.status === 422 && fields && fields.statement) {
		statementError(serverProblem("nominate.statement",
		    fields.statement));
		$("statement").focus();
		return;
	}
	notice(failure(res), "bad");
	if (res.status === 409)
		await load();
}

/* --- correcting the nominee ------------------------------------------- */

const FIX = ["name", "role", "affiliation"];
const FIX_LABEL = { name: "nominate.nominee_name",
    role: "nominate.nominee_role",
    affiliation: "nominate.nominee_affiliation" };

/* Shows (or with null, clears) the error of a nominee's field. */
function fixError(name, why) {
	const p = $("fix-" + name + "-error"), input = $("fix-" + name);
	if (why)
		say(p, why[0], why[1]);
	else
		p.replaceChildren();
	p.hidden = !why;
	input.setAttribute("aria-invalid", why ? "true" : "false");
}

function openFix() {
	notice(null);
	for (const f of FIX) {
		$("fix-" + f).value = nomination.nominee[f];
		fixError(f, null);
	}
	$("actions").hidden = true;
	$("nominee-form").hidden = false;
	$("fix-name").focus();
}

function closeFix() {
	$("nominee-form").hidden = true;
	$("actions").hidden = false;
	$("fix").focus();
}

async function saveFix(ev) {
	ev.preventDefault();
	const nominee = {};
	for (const f of FIX) {
		nominee[f] = $("fix-" + f).value.trim();
		fixError(f, null);
	}
	if (!nominee.name) {
		fixError("name", ["form.nominee_name_missing"]);
		$("fix-name").focus();
		return;
	}
	$("fix-save").disabled = true;
	const res = await api("POST", "/api/nominations/manage",
	    { token, nominee });
	$("fix-save").disabled = false;
	if (res.status === 200) {
		show(res.body);
		notice(["manage.saved_details"], "good");
		return;
	}
	const fields = (res.status === 422 && res.body && res.body.error &&
	    res.body.error.fields) || {};
	const bad = FIX.filter((f) => fields["nominee." + f] || fields[f]);
	if (bad.length) {
		for (const f of bad)
			fixError(f, serverProblem(FIX_LABEL[f],
			    fields["nominee." + f] || fields[f]));
		$("fix-" + bad[0]).focus();
		return;
	}
	notice(failure(res), "bad");
	if (res.status === 409)
		await load();
}

/* --- naming the referees ------------------------------------------- */

function openReferees() {
	notice(null);
	const max = nomination.letters_max || 0;
	say($("referees-form-hint"), "manage.referees_form_hint",
	    { count: max });
	refereeRows(max);
	(nomination.referees || []).forEach((r, i) => {
		if (i >= max)
			return;
		for (const f of REFEREE_FIELDS)
			$("referee-" + i + "-" + f.part).value = r[f.part] || "";
	});
	$("referees-error").hidden = true;
	$("actions").hidden = true;
	$("referees-form").hidden = false;
	$("referees-form-title").focus();
}

function closeReferees() {
	$("referees-form").hidden = true;
	$("actions").hidden = false;
	$("referees-edit").focus();
}

/* Checks the rows, shows each problem at its field; returns the first
   field in error, or null. */
function checkReferees() {
	let first = null;
	for (let i = 0; $("referee-" + i + "-name"); i++)
		for (const f of REFEREE_FIELDS) {
			const why = refereeProblem(i, f.part,
			    nomination.nominee.email, nomination.nominator.email);
			refereeError(i, f.part, why);
			if (why && !first)
				first = $("referee-" + i + "-" + f.part);
		}
	return first;
}

async function saveReferees(ev) {
	ev.preventDefault();
	$("referees-error").hidden = true;
	const first = checkReferees();
	if (first) {
		first.focus();
		return;
	}
	$("referees-save").disabled = true;
	const res = await api("POST", "/api/nominations/manage",
	    { token, referees: refereesTyped().map((r) => r.value) });
	$("referees-save").disabled = false;
	if (res.status === 200) {
		show(res.body);
		notice(["manage.saved_referees"], "good");
		return;
	}
	const fields = (res.status === 422 && res.body && res.body.error &&
	    res.body.error.fields) || null;
	if (fields) {
		let target = null;
		for (const [apiKey, why] of Object.entries(fields)) {
			const m = /^referees\[(\d+)\]\.(\w+)$/.exec(
			    refereePageKey(apiKey));
			const f = m && REFEREE_FIELDS.find((x) => x.part === m[2]);
			if (f) {
				refereeError(Number(m[1]), m[2],
				    serverProblem(f.label, why));
				target = target || $("referee-" + m[1] + "-" + m[2]);
			} else {
				say($("referees-error"), ...serverProblem(
				    "nominate.referees_legend", why));
				$("referees-error").hidden = false;
			}
		}
		if (target)
			target.focus();
		return;
	}
	notice(failure(res), "bad");
	if (res.status === 409)
		await load();
}

/* --- withdrawing ---------------------------------------------------------- */

function askWithdraw() {
	notice(null);
	$("actions").hidden = true;
	$("withdraw-ask").hidden = false;
	$("withdraw-title").focus();
}

async function withdraw() {
	$("withdraw-yes").disabled = true;
	const res = await api("POST", "/api/nominations/manage",
	    { token, withdraw: true });
	$("withdraw-yes").disabled = false;
	if (res.status === 200) {
		show(res.body);
		notice(["manage.saved_withdrawn"], "good");
		return;
	}
	notice(failure(res), "bad");
	if (res.status === 409)
		await load();
}

async function start() {
	await i18nReady;
	token = fragmentToken();
	if (!token) {
		say($("status"), "manage.incomplete");
		$("status").classList.add("notice", "bad");
		return;
	}
	$("edit").addEventListener("click", openEditor);
	$("cancel-edit").addEventListener("click", closeEditor);
	$("edit-form").addEventListener("submit", save);
	$("statement").addEventListener("input", () => {
		updateCounter();
		if ($("statement").getAttribute("aria-invalid") === "true")
			statementError(checkStatement());
	});
	$("fix").addEventListener("click", openFix);
	$("fix-cancel").addEventListener("click", closeFix);
	$("nominee-form").addEventListener("submit", saveFix);
	$("referees-edit").addEventListener("click", openReferees);
	$("referees-cancel").addEventListener("click", closeReferees);
	$("referees-form").addEventListener("submit", saveReferees);
	$("referees-form").addEventListener("input", (ev) => {
		const m = /^referee-(\d+)-(\w+)$/.exec(ev.target.id);
		if (m && ev.target.getAttribute("aria-invalid") === "true")
			refereeError(Number(m[1]), m[2], refereeProblem(
			    Number(m[1]), m[2], nomination.nominee.email,
			    nomination.nominator.email));
	});
	document.addEventListener("langchange", () => {
		if (!$("edit-form").hidden)
			updateCounter();
	});
	$("withdraw").addEventListener("click", askWithdraw);
	$("withdraw-yes").addEventListener("click", withdraw);
	$("withdraw-no").addEventListener("click", () => {
		$("withdraw-ask").hidden = true;
		$("actions").hidden = false;
		$("withdraw").focus();
	});
	load();
}

document.addEventListener("DOMContentLoaded", start);
