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

function numberText(n) {
	return n.toLocaleString("en");
}

/* What is wrong with the statement's text, or null. */
function statementProblem(text) {
	const n = chars(text);
	if (text.trim() === "")
		return "Tell us why they deserve the award";
	if (n < STATEMENT_MIN)
		return "Write at least " + STATEMENT_MIN +
		    " characters (you have " + n + ")";
	if (n > STATEMENT_MAX)
		return "Keep it to " + numberText(STATEMENT_MAX) +
		    " characters (you have " + numberText(n) + ")";
	return null;
}

function updateCounter() {
	const n = chars($("statement").value);
	const counter = $("statement-counter");
	counter.classList.toggle("over", n > STATEMENT_MAX);
	if (n < STATEMENT_MIN)
		counter.textContent = numberText(n) + " characters: at least " +
		    (STATEMENT_MIN - n) + " more to go";
	else if (n > STATEMENT_MAX)
		counter.textContent = numberText(n) + " characters: " +
		    numberText(n - STATEMENT_MAX) + " over the limit of " +
		    numberText(STATEMENT_MAX);
	else
		counter.textContent = numberText(n) + " of " +
		    numberText(STATEMENT_MAX) + " characters";
}
