// An organizer runs a cycle in Chromium (issue 9).  Two steps, so that the
// test submits and confirms a nomination in between:
//   node cycle.mjs BASE build SESSION_COOKIE SCREENSHOT_DIR
//     creates a cycle with two categories and a three-criterion rubric,
//     opens nominations; prints the cycle's id
//   node cycle.mjs BASE screen SESSION_COOKIE CYCLE_ID SCREENSHOT_DIR
//     screens the nomination eligible, runs the assignment, reads loads
//   node cycle.mjs BASE letters SESSION_COOKIE CYCLE_ID SCREENSHOT_DIR
//     (nominations closed, a referee asked who has not written) asks to
//     start scoring: the confirmation counts the letter not in and the
//     date its referee was told; cancels
// Both check axe-core and that nothing scrolls sideways at 360 px.
import { launch, check, axe, scrollsSideways, signedIn } from
    "./browser.mjs";

const [base, step, cookie, ...rest] = process.argv.slice(2);
const shots = rest[rest.length - 1];
const browser = await launch();
const errors = [];

async function open(path, width) {
	const { page } = await signedIn(browser, base, cookie,
	    { width: width || 1100, height: 900 }, errors);
	await page.goto(base + path);
	return page;
}

async function clean(page, what) {
	const v = await axe(page);
	check(v.length === 0, what + ": axe: " + v.join("; "));
	await page.setViewportSize({ width: 360, height: 800 });
	check(!(await scrollsSideways(page)), what + " scrolls sideways");
	await page.setViewportSize({ width: 1100, height: 900 });
}

function later(days) {
	const d = new Date(Date.now() + days * 86400000);
	const pad = (n) => String(n).padStart(2, "0");
	return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" +
	    pad(d.getDate()) + "T" + pad(d.getHours()) + ":" +
	    pad(d.getMinutes());
}

async function build() {
	const page = await open("/organizer");
	await page.waitForSelector("#cycles:not([hidden])");
	await clean(page, "console");
	// Enter on an empty name: the page says so, by the field.
	await page.click("#cycle-submit");
	await page.waitForSelector("#cycle-name-error:not([hidden])");
	await page.fill("#cycle-name", "Change-Maker Awards 2031");
	await page.press("#cycle-name", "Enter");
	await page.waitForURL(/\/cycle\?id=\d+$/);
	const id = new URL(page.url()).searchParams.get("id");
	await page.waitForSelector("body[data-ready='1']");

	// Opening now is refused, and the page says why.
	await page.click("button[data-phase='nominations_open']");
	// Opening cannot be undone: the page asks first, in numbers; a
	// cancel changes nothing and gives the focus back.
	await page.waitForSelector("dialog.confirm[open]");
	const ask = await page.textContent("dialog.confirm");
	check(/0 categories, 0 criteria/.test(ask), "confirm: " + ask);
	await page.keyboard.press("Escape");
	await page.waitForSelector("dialog.confirm", { state: "detached" });
	check(await page.evaluate(() => document.activeElement.dataset.phase)
	    === "nominations_open", "focus after cancel");
	check((await page.textContent("#phase-name")) === "Draft",
	    "cancel changed the phase");
	await page.click("button[data-phase='nominations_open']");
	await page.click("dialog.confirm button[data-confirm]");
	await page.waitForSelector("#phase-error:not([hidden])");
	const why = await page.textContent("#phase-error");
	check(/categor/i.test(why), "refusal: " + why);

	await page.fill("#set-nominations_close_at", later(30));
	await page.fill("#set-scoring_close_at", later(10));
	await page.click("#settings-submit");
	await page.waitForSelector("#set-scoring_close_at-error:not([hidden])");
	await page.fill("#set-scoring_close_at", later(60));
	await page.click("#settings-submit");
	await page.waitForSelector("#settings-done:not([hidden])");

	// Letters of support and the exit address are set here too, not
	// only through the API; a refused address names its field.
	await page.fill("#set-letters_max", "2");
	await page.fill("#set-exit_url", "ftp://weather.example.org/");
	await page.click("#settings-submit");
	await page.waitForSelector("#set-exit_url-error:not([hidden])");
	check(await page.evaluate(() => document.activeElement.id) ===
	    "set-exit_url", "focus on the refused exit address");
	await page.fill("#set-exit_url", "https://weather.example.org/");
	await page.click("#settings-submit");
	await page.waitForSelector("#settings-done:not([hidden])");
	check(await page.inputValue("#set-letters_max") === "2",
	    "letters_max shown as saved");

	for (const name of ["Students", "Staff and faculty"]) {
		await page.fill("#cat-name", name);
		await page.fill("#cat-description", "Someone who made " +
		    "things safer.");
		await page.click("#cat-submit");
		await page.waitForSelector(`#category-list li:has-text("${name}")`);
	}
	for (const name of ["Impact", "Initiative", "Care"]) {
		await page.fill("#crit-name", name);
		await page.fill("#crit-min_label", "little evidence");
		await page.fill("#crit-max_label", "exceptional");
		await page.click("#crit-submit");
		await page.waitForSelector(`#criterion-list li:has-text("${name}")`);
	}
	const rubric = await page.textContent("#criterion-list");
	check(rubric.includes("1 = little evidence") &&
	    rubric.includes("5 = exceptional"), "rubric: " + rubric);
	await clean(page, "cycle in draft");
	await page.screenshot({ path: `${shots}/cycle-draft.png`,
	    fullPage: true });

	await page.click("button[data-phase='nominations_open']");
	await page.click("dialog.confirm button[data-confirm]");
	await page.waitForSelector("#phase-done:not([hidden])");
	check(await page.evaluate(() => document.activeElement.id) ===
	    "phase-done", "focus after the move");
	const phase = await page.textContent("#phase-name");
	check(phase === "Nominations open", "phase: " + phase);
	check(await page.isHidden("#add-category"), "rubric still editable");
	console.log(id);
}

async function screen(id) {
	const page = await open("/cycle?id=" + id);
	await page.waitForSelector("body[data-ready='1']");
	await page.waitForSelector("[data-nomination]");
	await clean(page, "screening");
	const nid = await page.getAttribute("[data-nomination]",
	    "data-nomination");
	// Ineligible needs a reason: the page says so at the field.
	await page.selectOption(`#screen-status-${nid}`, "ineligible");
	await page.click(`[data-nomination='${nid}'] button[type=submit]`);
	await page.waitForSelector(`#screen-reason-${nid}-error:not([hidden])`);
	await page.selectOption(`#screen-status-${nid}`, "eligible");
	await page.click(`[data-nomination='${nid}'] button[type=submit]`);
	await page.waitForFunction(() => document.querySelector(
	    "#screen-status").textContent.startsWith("Saved"));
	const badge = await page.textContent(`[data-nomination='${nid}'] .badge`);
	check(badge === "Eligible", "badge: " + badge);

	await page.click("#assign-run");
	await page.waitForSelector("#assign-done:not([hidden])");
	const loads = await page.$$eval("#loads tbody tr .load",
	    (cells) => cells.map((c) => Number(c.textContent)));
	check(loads.length === 3 && loads.every((n) => n === 1),
	    "loads: " + loads.join(","));
	await clean(page, "assignment");
	await page.screenshot({ path: `${shots}/cycle-assigned.png`,
	    fullPage: true });
}

async function letters(id) {
	const page = await open("/cycle?id=" + id);
	await page.waitForSelector("body[data-ready='1']");
	await page.click("button[data-phase='scoring']");
	await page.waitForSelector("dialog.confirm[open]");
	const ask = await page.textContent("dialog.confirm");
	check(/1 letter of support not in yet: their referees were told they could write until \S.* \d{4}/
	    .test(ask), "scoring confirmation: " + ask);
	await page.keyboard.press("Escape");
	await page.waitForSelector("dialog.confirm", { state: "detached" });
}

try {
	if (step === "build")
		await build();
	else if (step === "screen")
		await screen(rest[0]);
	else if (step === "letters")
		await letters(rest[0]);
	else
		check(false, "unknown step " + step);
	check(errors.length === 0, "page errors: " + errors.join("; "));
} finally {
	await browser.close();
}
