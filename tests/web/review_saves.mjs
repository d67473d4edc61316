// A review's saves that meet something in between (issue 22), at 360 px:
//   node review_saves.mjs BASE stale COOKIE CANDIDATE CRIT1 CRIT2 SHOTS
//     Two tabs of one member: the first saves, the second's save answers
//     409 stale; the page shows the saved review beside what was typed
//     and lets the member choose: "keep mine" saves it; then the first
//     tab, stale in turn, takes "use the saved version".
//   node review_saves.mjs BASE session COOKIE CANDIDATE CRIT1 CRIT2
//       EMAIL PASSWORD SHOTS
//     The member types, prints "typed" and waits for a line on stdin
//     (the test deletes the session meanwhile); the save then offers to
//     sign in again in place, the typed text stays, and after signing in
//     the save goes through with the new CSRF token.
import { createInterface } from "readline";
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const [base, step, cookie, cand, c1, c2, ...rest] = process.argv.slice(2);
const browser = await launch();
const errors = [];

async function tab(context) {
	const page = await context.newPage();
	page.on("pageerror", (e) => errors.push(String(e)));
	await page.goto(base + "/score?candidate=" + cand);
	await page.waitForSelector("#review-form:not([hidden])");
	return page;
}

async function type(page, a, b, comment) {
	await page.check(`#crit-${c1}-${a}`);
	await page.check(`#crit-${c2}-${b}`);
	await page.fill("#comment", comment);
}

async function saved(page) {
	await page.waitForFunction(() => document.getElementById(
	    "review-status").textContent.startsWith("Draft saved"));
}

async function stale() {
	const [shots] = rest;
	const context = await browser.newContext({ viewport: { width: 360,
	    height: 800 } });
	await context.addCookies([{ name: "awards_session", value: cookie,
	    url: base, httpOnly: true, sameSite: "Strict" }]);
	const first = await tab(context);
	const second = await tab(context);
	await type(first, 5, 4, "From the first tab.");
	await first.click("#save-draft");
	await saved(first);
	await type(second, 2, 1, "From the second tab.");
	const answer = second.waitForResponse((r) => r.url().endsWith(
	    "/review") && r.request().method() === "PUT");
	await second.click("#save-draft");
	check((await answer).status() === 409, "the second save: " +
	    (await answer).status());
	await second.waitForSelector("#stale:not([hidden])");
	// Both reviews: the saved one in the notice, the typed one in the form.
	check((await second.textContent("#stale-saved")).includes(
	    "From the first tab."), "the saved review shown");
	check(await second.inputValue("#comment") === "From the second tab.",
	    "what was typed kept");
	check(await second.isChecked(`#crit-${c1}-2`), "typed scores kept");
	const v = await axe(second);
	check(v.length === 0, "stale notice: axe: " + v.join("; "));
	check(!(await scrollsSideways(second)), "stale notice scrolls");
	await second.screenshot({ path: `${shots}/review-stale.png`,
	    fullPage: true });
	await second.click("#stale-mine");
	await saved(second);
	check(await second.isHidden("#stale"), "the notice goes");
	// The first tab is behind now: it takes the saved version.
	await first.fill("#comment", "The first tab again.");
	await first.click("#save-draft");
	await first.waitForSelector("#stale:not([hidden])");
	check((await first.textContent("#stale-saved")).includes(
	    "From the second tab."), "the second tab's review shown");
	await first.click("#stale-theirs");
	check(await first.inputValue("#comment") === "From the second tab.",
	    "the saved version loaded: " + await first.inputValue(
	    "#comment"));
	check(await first.isChecked(`#crit-${c1}-2`), "saved scores loaded");
	check(await first.isHidden("#stale"), "the notice goes");
}

async function session() {
	const [email, password, shots] = rest;
	const context = await browser.newContext({ viewport: { width: 360,
	    height: 800 } });
	await context.addCookies([{ name: "awards_session", value: cookie,
	    url: base, httpOnly: true, sameSite: "Strict" }]);
	const page = await tab(context);
	const before = await page.evaluate(() =>
	    sessionStorage.getItem("csrf"));
	await type(page, 3, 3, "Typed before the session ended.");
	console.log("typed");
	const lines = createInterface({ input: process.stdin });
	await new Promise((resolve) => lines.once("line", resolve));
	lines.close();
	await page.click("#save-draft");
	await page.waitForSelector("#relogin[open]");
	check(await page.inputValue("#comment") ===
	    "Typed before the session ended.", "the typed text kept");
	check(page.url().includes("/score?candidate="), "still on the page");
	const v = await axe(page);
	check(v.length === 0, "sign-in dialog: axe: " + v.join("; "));
	await page.screenshot({ path: `${shots}/review-relogin.png` });
	await page.fill("#relogin-email", email);
	await page.fill("#relogin-password", "not the password");
	await page.click("#relogin-submit");
	await page.waitForSelector("#relogin-error:not([hidden])");
	await page.fill("#relogin-password", password);
	await page.click("#relogin-submit");
	await saved(page);
	check(!(await page.isVisible("#relogin")), "the dialog closes");
	const after = await page.evaluate(() =>
	    sessionStorage.getItem("csrf"));
	check(after && after !== before, "a new CSRF token");
	check(await page.inputValue("#comment") ===
	    "Typed before the session ended.", "the text still there");
}

try {
	if (step === "stale")
		await stale();
	else
		await session();
	check(errors.length === 0, "page errors: " + errors.join("; "));
} finally {
	await browser.close();
}
