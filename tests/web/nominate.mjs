// A nominator on a phone: the form, the confirmation link, the manage link.
// Usage: node nominate.mjs BASE_URL PHASE [TOKEN] SCREENSHOT_DIR
//   form            fill the form at 360 px, meet the errors, send it
//   confirm TOKEN   open the confirmation link and confirm
//   spent TOKEN     open a confirmation link that is spent: 404 message
//   manage TOKEN    read the nomination, edit its statement, withdraw it
//   closed          the form says nominations are closed
// Prints one line of JSON about what it saw.
import { launch, check } from "./browser.mjs";

const args = process.argv.slice(2);
const base = args[0];
const phase = args[1];
const shots = args[args.length - 1];
const token = args.length > 3 ? args[2] : null;

const STATEMENT = "She set up a peer-support line for survivors " +
    "on campus, trained forty volunteers to answer it with care, and " +
    "rewrote the reporting policy with them. Zoë says it changed lives 💜";
const EDITED = STATEMENT + "\n\nShe also mentored the next team.";

const browser = await launch();
const errors = [];
const seen = {};

// A page that records its errors; API answers of 4xx are part of the flow
// (the browser logs them as console errors with the API's address).
async function open(width, height) {
	const page = await browser.newPage({ viewport: { width, height } });
	page.on("pageerror", (e) => errors.push(String(e)));
	page.on("console", (m) => {
		if (m.type() === "error" && !m.location().url.includes("/api/"))
			errors.push(m.text());
	});
	return page;
}

async function noSideways(page, what) {
	const w = await page.evaluate(() => [
		document.documentElement.scrollWidth, window.innerWidth]);
	check(w[0] <= w[1], what + ": scrolls sideways (" + w + ")");
}

// Every control is labelled by a <label for>, or is a described radio.
async function labelled(page) {
	const bad = await page.$$eval("input, textarea, select", (list) =>
		list.filter((x) => x.type !== "hidden" &&
		    !document.querySelector("label[for='" + x.id + "']"))
		    .map((x) => x.id || x.name));
	check(bad.length === 0, "controls without a label: " + bad);
}

async function fieldError(page, id) {
	const text = (await page.textContent("#" + id + "-error")).trim();
	const visible = await page.isVisible("#" + id + "-error");
	const invalid = await page.getAttribute("#" + id, "aria-invalid");
	const described = await page.getAttribute("#" + id, "aria-describedby");
	return { text, visible, invalid,
	    linked: (described || "").split(" ").includes(id + "-error") };
}

async function formPhase() {
	const page = await open(360, 740);
	await page.goto(base + "/nominate");
	await page.waitForSelector("#form:not([hidden])");
	await labelled(page);
	const radios = await page.$$eval("input[name=category]", (l) => l.length);
	check(radios === 2, "two categories: " + radios);
	await page.screenshot({ path: `${shots}/nominate-360.png`, fullPage: true });
	await noSideways(page, "empty form at 360 px");

	// Sending it empty lists every problem and focuses the summary.
	await page.click("#send");
	await page.waitForSelector("#summary:not([hidden])");
	check(await page.evaluate(() => document.activeElement.id) === "summary",
	    "the summary takes the focus");
	const listed = await page.$$eval("#summary-list li", (l) => l.length);
	check(listed === 6, "six problems listed when empty: " + listed);

	await page.getByRole("radio", { name: /Students/ }).check();
	await page.fill("#nominee-name", "Ada Lovelace");
	await page.fill("#nominee-email", "ada.lovelace");
	await page.fill("#nominee-affiliation", "Analytical Society");
	await page.fill("#nominee-role", "Student");
	await page.fill("#nominator-name", "Charles Babbage");
	await page.fill("#nominator-email", "charles@example.org");
	await page.fill("#nominator-relationship", "Colleague");
	await page.fill("#statement", "Too short.");
	const short = await page.textContent("#statement-counter");
	check(short.includes("10 characters") && short.includes("40 more"),
	    "counter when short: " + short);
	await page.fill("#statement", STATEMENT);
	const counter = await page.textContent("#statement-counter");
	// Code points, as the server counts them (the heart is one, not two).
	check(counter.startsWith([...STATEMENT].length + " of 20,000"),
	    "counter: " + counter);
	await page.check("#consent");

	// A bad email, caught in the page.
	await page.click("#send");
	await page.waitForSelector("#summary:not([hidden])");
	let e = await fieldError(page, "nominee-email");
	check(e.visible && e.text === "Enter their email address, like " +
	    "name@example.org", "page's email error: " + JSON.stringify(e));
	check(e.invalid === "true" && e.linked, "aria: " + JSON.stringify(e));
	const summary = await page.$$eval("#summary-list a",
	    (l) => l.map((a) => a.getAttribute("href")));
	check(summary.length === 1 && summary[0] === "#nominee-email",
	    "summary links the field: " + summary);
	seen.pageError = e.text;
	await page.screenshot({ path: `${shots}/nominate-360-error.png`, fullPage: true });
	await noSideways(page, "form with errors at 360 px");

	// An address the page lets pass and the server refuses: the 422's
	// "fields" lands beside the same input.
	await page.fill("#nominee-email", "ada@exa_mple.org");
	e = await fieldError(page, "nominee-email");
	check(!e.visible && e.invalid === null, "fixed error clears: " + JSON.stringify(e));
	await page.click("#send");
	await page.waitForFunction(() => !document.getElementById(
	    "nominee-email-error").hidden);
	e = await fieldError(page, "nominee-email");
	check(e.text === "Their email is not an email address" &&
	    e.invalid === "true" && e.linked,
	    "server's email error: " + JSON.stringify(e));
	seen.serverError = e.text;

	// A reload keeps the draft.
	await page.reload();
	await page.waitForSelector("#form:not([hidden])");
	check(await page.inputValue("#statement") === STATEMENT, "draft statement");
	check(await page.inputValue("#nominee-email") === "ada@exa_mple.org",
	    "draft email");
	check(await page.isChecked("#consent"), "draft consent");
	check(await page.getByRole("radio", { name: /Students/ }).isChecked(),
	    "draft category");

	// Fixed.  The first answer of 202 is lost on the way (a phone
	// leaving the wifi): the page sends again with the same
	// Idempotency-Key, and the server answers as before.
	await page.fill("#nominee-email", "ada@example.org");
	const keys = [];
	let dropped = false;
	await page.route("**/api/nominations", async (route) => {
		keys.push(route.request().headers()["idempotency-key"]);
		const response = await route.fetch();
		if (response.status() === 202 && !dropped) {
			dropped = true;
			await route.abort("connectionreset");
			return;
		}
		await route.fulfill({ response });
	});
	await page.click("#send");
	await page.waitForSelector("#done:not([hidden])", { timeout: 15000 });
	const done = await page.textContent("#done");
	check(done.includes("Check your email") &&
	    done.includes("charles@example.org") && done.includes("72 hours"),
	    "done: " + done);
	check(await page.isHidden("#form"), "the form is gone");
	check(dropped && keys.length === 2 && keys[0] === keys[1] && keys[0],
	    "sent twice with one key: " + keys);
	// The draft stays in the tab until the nomination is confirmed
	// (issue 14): a reload shows "Check your email" again.
	check(await page.evaluate(() => JSON.parse(sessionStorage.getItem(
	    "nominate-draft")).values.statement.length > 0), "draft kept");
	await page.screenshot({ path: `${shots}/nominate-360-done.png`, fullPage: true });
	seen.sent = keys.length;

	// The wide screen.
	const wide = await open(1280, 900);
	await wide.goto(base + "/nominate");
	await wide.waitForSelector("#form:not([hidden])");
	await wide.screenshot({ path: `${shots}/nominate-1280.png`, fullPage: true });
	await noSideways(wide, "form at 1280 px");
}

async function confirmPhase() {
	const page = await open(360, 740);
	const posts = [];
	// Opening the link only asks what it is for (a preview, issue 14).
	page.on("request", (r) => {
		if (r.method() === "POST" &&
		    !(JSON.parse(r.postData() || "{}").preview === true))
			posts.push(r.url());
	});
	await page.goto(base + "/confirm#token=" + token);
	await page.waitForSelector("#ask:not([hidden])");
	check(posts.length === 0, "opening the link spends nothing: " + posts);
	await page.screenshot({ path: `${shots}/confirm-360-ask.png`, fullPage: true });
	await page.click("text=Confirm my nomination");
	await page.waitForSelector("#done:not([hidden])");
	const text = await page.textContent("main");
	check(text.includes("Your nomination is submitted") &&
	    text.includes("emailed you a link to manage it"), "confirmed: " + text);
	check(await page.evaluate(() => location.hash) === "", "token left the URL");
	await page.screenshot({ path: `${shots}/confirm-360.png`, fullPage: true });
	await noSideways(page, "confirm");
}

async function spentPhase() {
	const page = await open(360, 740);
	await page.goto(base + "/confirm#token=" + token);
	// Spent by its confirmation: a calm success, no button (issue 14).
	await page.waitForSelector("#done:not([hidden])");
	const text = await page.textContent("#title");
	check(text === "Already confirmed", "spent: " + text);
	check(await page.isHidden("#ask"), "no button left");
	check(await page.isHidden("#failed"), "no error");
}

async function managePhase() {
	const page = await open(360, 740);
	await page.goto(base + "/manage#token=" + token);
	await page.waitForSelector("#nomination:not([hidden])");
	check(await page.textContent("#n-statement") === STATEMENT,
	    "statement shown");
	check(await page.textContent("#n-category") === "Students", "category");
	check(await page.textContent("#n-status") === "Submitted", "status");
	check((await page.textContent("#n-nominee")).startsWith("Ada Lovelace"),
	    "nominee");
	await page.screenshot({ path: `${shots}/manage-360.png`, fullPage: true });
	await noSideways(page, "manage");
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.screenshot({ path: `${shots}/manage-1280.png`, fullPage: true });
	await page.setViewportSize({ width: 360, height: 740 });

	// Edit: too short first, then the real thing.
	await page.click("#edit");
	check(await page.inputValue("#statement") === STATEMENT, "editor filled");
	await page.fill("#statement", "Short.");
	await page.click("#save");
	const e = await fieldError(page, "statement");
	check(e.visible && e.invalid === "true" && e.linked &&
	    e.text.startsWith("Write at least 50"), "short: " + JSON.stringify(e));
	await page.fill("#statement", EDITED);
	await page.click("#save");
	await page.waitForSelector("#edit-form", { state: "hidden" });
	check(await page.textContent("#message") === "Your statement is saved.",
	    "saved message");
	check(await page.textContent("#n-statement") === EDITED, "edited shown");

	// Withdraw asks first; "No" keeps it.
	await page.click("#withdraw");
	await page.waitForSelector("#withdraw-ask:not([hidden])");
	await page.click("#withdraw-no");
	check(await page.isVisible("#actions"), "kept");
	await page.click("#withdraw");
	await page.click("#withdraw-yes");
	await page.waitForFunction(() =>
	    document.getElementById("n-status").textContent === "Withdrawn");
	check(await page.isHidden("#actions"), "no actions once withdrawn");
	check((await page.textContent("#locked")).includes("You withdrew"),
	    "withdrawn explained");
	await page.screenshot({ path: `${shots}/manage-360-withdrawn.png`, fullPage: true });
}

async function closedPhase() {
	const page = await open(360, 740);
	await page.goto(base + "/nominate");
	await page.waitForFunction(() =>
	    document.getElementById("status").textContent.includes("closed"));
	check(await page.isHidden("#form"), "no form when closed");
}

try {
	const phases = { form: formPhase, confirm: confirmPhase,
	    spent: spentPhase, manage: managePhase, closed: closedPhase };
	check(phases[phase], "unknown phase " + phase);
	await phases[phase]();
	check(errors.length === 0, "page errors: " + errors.join("; "));
	console.log(JSON.stringify(seen));
} finally {
	await browser.close();
}
