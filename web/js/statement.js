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
