/* The statement of a nomination, shared by the form and the manage page:
   its limits, counted in code points as the server counts them, and the
   live counter under the textarea (#statement, #statement-counter). */
"use strict";

const STATEMENT_MIN = 50;
const STATEMENT_MAX = 20000;

/* Code points, as the server counts them. */
function chars(text) {
	return [...text].length;
}

/* What is wrong with the statement's text, as [key, params] of the
   catalogue, or null. */
function statementProblem(text) {
	const n = chars(text);
	if (text.trim() === "")
		return ["form.statement_missing"];
	if (n < STATEMENT_MIN)
		return ["form.statement_short", { min: STATEMENT_MIN,
		    count: n }];
	if (n > STATEMENT_MAX)
		return ["form.statement_long", { max: STATEMENT_MAX,
		    count: n }];
	return null;
}

function updateCounter() {
	const n = chars($("statement").value);
	const counter = $("statement-counter");
	counter.classList.toggle("over", n > STATEMENT_MAX);
	if (n < STATEMENT_MIN)
		say(counter, "form.counter_short", { count: n,
		    left: STATEMENT_MIN - n });
	else if (n > STATEMENT_MAX)
		say(counter, "form.counter_over", { count: n,
		    over: n - STATEMENT_MAX, max: STATEMENT_MAX });
	else
		say(counter, "form.counter", { count: n, max: STATEMENT_MAX });
}

/* The words for a field's problem as the API wrote it in a 422's
   "fields" (English, for programs): the known forms get the reader's
   words, with label (a catalogue key) naming the field; any other gets
   a plain "is not accepted".  Returns [key, params]. */
function serverProblem(label, why) {
	const name = { msg: label };
	const m = /must be (\d+) to (\d+) characters/.exec(why || "");
	if (m)
		return ["form.server_length", { label: name, min: Number(m[1]),
		    max: Number(m[2]) }];
	const known = [
		[/is required/, "form.server_required"],
		[/not supported in addresses/, "form.server_email_ascii"],
		[/is not an email address/, "form.server_email"],
		[/invisible or text-direction/, "form.server_invisible"],
		[/line break|control character/, "form.server_control"],
		[/nominee's address/, "form.server_referee_nominee"],
		[/nominator's address/, "form.server_referee_nominator"],
		[/same referee twice/, "form.server_referee_twice"],
		[/asks for no letters/, "form.server_no_letters"],
		[/^at most/, "form.server_too_many"],
	];
	for (const [re, key] of known)
		if (re.test(why || ""))
			return [key, { label: name }];
	return ["form.server_other", { label: name }];
}
