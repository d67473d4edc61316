/* The manage page: the link from the receipt lands here.  Shows the
   nomination; before the close, edits its statement or withdraws it, and
   until it is screened, corrects the nominee's name, role and
   affiliation. */
"use strict";


const STATUS = {
	pending: "Waiting for you to confirm it",
	submitted: "Submitted",
	eligible: "Submitted, and accepted for the committee",
	ineligible: "Not eligible this year",
	withdrawn: "Withdrawn",
};

let token = null;
let nomination = null;

/* A message above the nomination: kind is "good", "bad" or "". */
function say(text, kind) {
	const box = $("message");
	box.className = "notice" + (kind ? " " + kind : "");
	box.textContent = text;
	box.hidden = !text;
	if (text)
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
	$("title").textContent = "Your nomination of " + n.nominee.name;
	$("n-status").textContent = STATUS[n.status] || n.status;
	$("n-cycle").textContent = n.cycle_name;
	$("n-category").textContent = n.category_name;
	$("n-nominee").textContent = joined([n.nominee.name,
	    n.nominee.role, n.nominee.affiliation]);
	$("n-nominee-email").textContent = n.nominee.email;
	$("n-nominator").textContent = joined([n.nominator.name,
	    n.nominator.email, n.nominator.relationship]);
	$("n-consent").textContent = n.consent_contact_nominee ?
	    "Yes: they may be told they were nominated (never by whom)" :
	    "No: they are not told";
	$("n-created").textContent = when(n.created_at);
	$("n-statement").textContent = n.statement;

	const live = n.editable && n.status !== "withdrawn";
	$("actions").hidden = !live;
	$("fix").hidden = !(live && n.status === "submitted" && !n.screened);
	$("edit-form").hidden = true;
	$("nominee-form").hidden = true;
	$("withdraw-ask").hidden = true;
	const locked = $("locked");
	if (n.status === "withdrawn")
		locked.textContent = "You withdrew this nomination. The " +
		    "committee will not consider it.";
	else if (!n.editable)
		locked.textContent = "Nominations are closed, so this " +
		    "nomination can no longer be changed or withdrawn.";
	locked.hidden = live;
	$("nomination").hidden = false;
}

/* What to say for an answer that is not 200. */
function failure(res) {
	if (res.status === 404)
		return "This link is not valid or has expired. Use the link " +
		    "from the latest email we sent you about this nomination.";
	if (res.status === 409) {
		const code = res.body && res.body.error && res.body.error.code;
		if (code === "withdrawn")
			return "This nomination was already withdrawn.";
		if (code === "screened")
			return "The organizers have screened this nomination " +
			    "meanwhile, so the nominee's details can no longer " +
			    "be corrected. You can still edit the statement.";
		return "Nominations are closed, so this nomination can no " +
		    "longer be changed.";
	}
	return errorText(res);
}

async function load() {
	const res = await api("POST", "/api/nominations/manage", { token });
	if (res.status === 200) {
		show(res.body);
		return;
	}
	$("status").textContent = failure(res);
	$("status").classList.add("notice", "bad");
	showContact($("contact"));
}

/* --- editing the statement ------------------------------------------- */

function statementError(why) {
	$("statement-error").textContent = why || "";
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
	say("");
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
		say("Your statement is saved.", "good");
		return;
	}
	const fields = res.body && res.body.error && res.body.error.fields;
	if (res.status === 422 && fields && fields.statement) {
		statementError("The statement " + fields.statement);
		$("statement").focus();
		return;
	}
	say(failure(res), "bad");
	if (res.status === 409)
		await load();
}

/* --- correcting the nominee ------------------------------------------- */

const FIX = ["name", "role", "affiliation"];
const FIX_LABEL = { name: "Their name", role: "Their role",
    affiliation: "Their affiliation" };

function fixError(name, why) {
	const p = $("fix-" + name + "-error"), input = $("fix-" + name);
	p.textContent = why || "";
	p.hidden = !why;
	input.setAttribute("aria-invalid", why ? "true" : "false");
}

function openFix() {
	say("");
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
		fixError("name", "Enter their name.");
		$("fix-name").focus();
		return;
	}
	$("fix-save").disabled = true;
	const res = await api("POST", "/api/nominations/manage",
	    { token, nominee });
	$("fix-save").disabled = false;
	if (res.status === 200) {
		show(res.body);
		say("The nominee's details are saved.", "good");
		return;
	}
	const fields = (res.status === 422 && res.body && res.body.error &&
	    res.body.error.fields) || {};
	const bad = FIX.filter((f) => fields["nominee." + f] || fields[f]);
	if (bad.length) {
		for (const f of bad)
			fixError(f, FIX_LABEL[f] + " " +
			    (fields["nominee." + f] || fields[f]) + ".");
		$("fix-" + bad[0]).focus();
		return;
	}
	say(failure(res), "bad");
	if (res.status === 409)
		await load();
}

/* --- withdrawing ---------------------------------------------------------- */

function askWithdraw() {
	say("");
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
		say("Your nomination is withdrawn.", "good");
		return;
	}
	say(failure(res), "bad");
	if (res.status === 409)
		await load();
}

function start() {
	token = fragmentToken();
	if (!token) {
		$("status").textContent = "This link is incomplete. Open the " +
		    "link from your email again, or copy the whole address " +
		    "into the browser.";
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
