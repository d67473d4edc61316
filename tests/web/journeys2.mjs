// Journeys of issue 14, second part, each of which failed before its fix.
// Usage: node journeys2.mjs BASE_URL PHASE WIDTH [ARG...] SCREENSHOT_DIR
//   fix WRONG RIGHT  send a nomination from a mistyped address, correct
//                    it on "Check your email" ("Wrong address?"), reload
//                    (the draft and the screen stay), print FIXED, then
//                    wait until the nomination is confirmed elsewhere:
//                    the tab sees it and lets the draft go
//   oldlink TOKEN CONTACT  a link that no longer works on /confirm shows
//                    the organizers' contact address as a mailto link
//   invite COOKIE    keyboard alone: an organizer invites someone with a
//                    bad address; the focus lands on the field, whose
//                    error is tied to it and announced; fixed, it is sent
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const argv = process.argv.slice(2);
const [base, phase, widthText] = argv;
const args = argv.slice(3, -1);
const shots = argv[argv.length - 1];
const width = Number(widthText);
const STATEMENT = "They set up a peer-support line and trained forty " +
    "volunteers to answer it with care; people say it changed lives.";

const browser = await launch();
const errors = [];

async function page(context) {
	const p = await context.newPage();
	p.on("pageerror", (e) => errors.push(String(e)));
	return p;
}

async function clean(p, what) {
	const found = await axe(p);
	check(found.length === 0, what + ": axe: " + found.join("; "));
	check(!(await scrollsSideways(p)), what + ": scrolls sideways");
}

const focused = (p) => p.evaluate(() => document.activeElement.id);

async function fix(wrong, right) {
	const context = await browser.newContext({
	    viewport: { width, height: 800 } });
	const p = await page(context);
	await p.goto(base + "/nominate");
	await p.waitForSelector("#form:not([hidden])");
	await p.getByRole("radio", { name: /Students/ }).check();
	await p.fill("#nominee-name", "Ada Lovelace");
	await p.fill("#nominee-email", "ada@example.org");
	await p.fill("#nominator-name", "Rosa Parks");
	await p.fill("#nominator-email", wrong);
	await p.fill("#statement", STATEMENT);
	await p.click("#send");
	await p.waitForSelector("#done:not([hidden])");
	check(await p.textContent("#done-email") === wrong, "sent to " + wrong);

	await p.click("#wrong");
	check(await focused(p) === "fix-email", "the focus goes to the " +
	    "address: " + await focused(p));
	check(await p.inputValue("#fix-email") === wrong, "the address as typed");
	await p.fill("#fix-email", right);
	await p.keyboard.press("Enter");
	await p.waitForSelector("#done-fixed:not([hidden])");
	check(await focused(p) === "done-fixed", "the focus goes to the result");
	const said = await p.textContent("#done-fixed");
	check(said.includes(right) && said.includes(wrong) &&
	    /no longer works/.test(said), "says what changed: " + said);
	check(await p.textContent("#done-email") === right, "now " + right);
	await clean(p, "corrected");
	await p.screenshot({ path: `${shots}/journey-fix-${width}.png`,
	    fullPage: true });

	// The draft stays in the tab until the nomination is confirmed.
	await p.reload();
	await p.waitForSelector("#done:not([hidden])");
	check(await p.textContent("#done-email") === right,
	    "after a reload: " + await p.textContent("#done-email"));
	const kept = await p.evaluate(() => JSON.parse(
	    sessionStorage.getItem("nominate-draft")));
	check(kept && kept.values.statement === STATEMENT &&
	    kept.values["nominator.email"] === right, "draft kept, corrected");
	console.log("FIXED");

	// Confirmed from the mail in another tab; back to this one.
	const deadline = Date.now() + 30000;
	while (await p.isHidden("#done-confirmed")) {
		check(Date.now() < deadline, "the tab never saw the confirmation");
		await p.evaluate(() => document.dispatchEvent(
		    new Event("visibilitychange")));
		await p.waitForTimeout(300);
	}
	check(await p.evaluate(() => sessionStorage.getItem("nominate-draft"))
	    === null, "the draft goes once confirmed");
	await clean(p, "confirmed");
	await context.close();
}

async function oldLink(token, contact) {
	const context = await browser.newContext({
	    viewport: { width, height: 800 } });
	const p = await page(context);
	await p.goto(base + "/confirm#token=" + token);
	await p.waitForSelector("#failed:not([hidden])");
	await p.waitForSelector("#failed-contact:not([hidden])");
	const href = await p.getAttribute("#failed-contact a", "href");
	check(href === "mailto:" + contact, "contact link: " + href);
	check((await p.textContent("#failed-contact")).includes(contact),
	    "the address is shown");
	await clean(p, "failed link");
	await p.screenshot({ path: `${shots}/journey-contact-${width}.png`,
	    fullPage: true });
	// The page of no page names it too.
	await p.goto(base + "/no-such-page");
	await p.waitForSelector("#contact:not([hidden])");
	check(await p.getAttribute("#contact a", "href") === "mailto:" +
	    contact, "the 404 page names the contact");
	await clean(p, "404 page");
	await context.close();
}

async function invite(cookie) {
	const context = await browser.newContext({
	    viewport: { width, height: 800 } });
	await context.addCookies([{ name: "awards_session", value: cookie,
	    url: base, httpOnly: true, sameSite: "Strict" }]);
	const p = await page(context);
	await p.goto(base + "/organizer");
	await p.waitForSelector("#people:not([hidden])");
	await p.waitForSelector("#logout");
	// Tab to the form: no mouse from here on.
	for (let i = 0; i < 80 && await focused(p) !== "user-name"; i++)
		await p.keyboard.press("Tab");
	check(await focused(p) === "user-name", "Tab reaches the name");
	await p.keyboard.type("Mia Member");
	await p.keyboard.press("Tab");
	check(await focused(p) === "user-email", "then the address");
	await p.keyboard.type("mia@example");
	await p.keyboard.press("Enter");
	await p.waitForSelector("#user-email-error:not([hidden])");
	check(await focused(p) === "user-email", "the focus lands on the " +
	    "field in error: " + await focused(p));
	const input = p.locator("#user-email");
	check(await input.getAttribute("aria-invalid") === "true",
	    "marked invalid");
	check((await input.getAttribute("aria-describedby") || "").split(" ")
	    .includes("user-email-error"), "the error is tied to its field");
	check(await p.getAttribute("#user-email-error", "role") === "alert",
	    "the error is announced");
	check(/email address/.test(await p.textContent("#user-email-error")),
	    "says what is wrong");
	await clean(p, "invite error");
	await p.screenshot({ path: `${shots}/journey-invite-error-${width}.png`,
	    fullPage: true });
	await p.keyboard.press("Control+A");
	await p.keyboard.type("mia@example.org");
	await p.keyboard.press("Enter");
	await p.waitForSelector("#add-done:not([hidden])");
	check(await focused(p) === "add-done", "the focus goes to the result");
	await p.locator('#users tr[data-email="mia@example.org"]').waitFor();
	check(await p.isHidden("#user-email-error"), "the error went");
	await clean(p, "invite sent");
	await context.close();
}

if (phase === "fix")
	await fix(args[0], args[1]);
else if (phase === "oldlink")
	await oldLink(args[0], args[1]);
else if (phase === "invite")
	await invite(args[0]);
else
	check(false, "unknown phase " + phase);
check(errors.length === 0, "page errors: " + errors.join("; "));
await browser.close();
console.log(JSON.stringify({ phase, width, ok: true }));
