// A member attests no conflict, scores a candidate with the keyboard,
// saves a draft, leaves, comes back to the draft, submits final; the
// organizer sees it in the rankings.  axe finds nothing; no page scrolls
// sideways at 360 px.
//   node score.mjs BASE MEMBER_COOKIE ORGANIZER_COOKIE CANDIDATE CYCLE
//       CRIT1 CRIT2 SCREENSHOT_DIR
import { launch, check, axe, scrollsSideways, signedIn } from
    "./browser.mjs";

const [base, memberCookie, orgCookie, cand, cycle, c1, c2, shots] =
    process.argv.slice(2);
const browser = await launch();
const errors = [];

async function open(cookie) {
	return (await signedIn(browser, base, cookie, { width: 360,
	    height: 740 }, errors)).page;
}

async function clean(page, what) {
	const v = await axe(page);
	check(v.length === 0, what + ": axe: " + v.join("; "));
	check(!(await scrollsSideways(page)), what + ": scrolls sideways");
}

async function focusedId(page) {
	return page.evaluate(() => document.activeElement &&
	    document.activeElement.id);
}

try {
	const page = await open(memberCookie);
	await page.goto(base + "/committee");
	const row = page.locator(`tr[data-candidate="${cand}"]`);
	await row.waitFor();
	check((await row.locator(".state").textContent()) ===
	    "Answer the conflict check", "state before attesting");
	await page.waitForSelector("#who-name");
	await clean(page, "dashboard");
	await page.screenshot({ path: `${shots}/score-dashboard.png`,
	    fullPage: true });
	await row.locator("a").focus();
	await page.keyboard.press("Enter");
	await page.waitForURL(/\/score\?candidate=/);

	// Declare before reading: no statement yet.
	await page.waitForSelector("#attest-form:not([hidden])");
	check(!(await page.isVisible("#statements")), "statements shown early");
	await clean(page, "attest");
	await page.focus("#attest-none");
	await page.keyboard.press("Space");
	await page.focus("#attest-submit");
	await page.keyboard.press("Enter");
	await page.waitForSelector("#statements:not([hidden])");
	check((await focusedId(page)) === "statements-title",
	    "focus after attesting: " + await focusedId(page));
	check((await page.textContent("#statement-list")).includes(
	    "bystander"), "statement shown");

	// Score the first criterion with the keyboard only: 1 then 3 arrows.
	await page.focus(`#crit-${c1}-1`);
	await page.keyboard.press("Space");
	for (let i = 0; i < 3; i++)
		await page.keyboard.press("ArrowRight");
	check(await page.isChecked(`#crit-${c1}-4`), "criterion 1 at 4");
	await page.focus("#comment");
	await page.keyboard.type("Strong, steady work.");
	await page.focus("#save-draft");
	await page.keyboard.press("Enter");
	await page.waitForFunction(() => document.getElementById(
	    "review-status").textContent.startsWith("Draft saved"));
	check((await focusedId(page)) === "review-status", "focus on status");
	await clean(page, "draft saved");
	await page.screenshot({ path: `${shots}/score-draft.png`,
	    fullPage: true });

	// Leave, and come back to the draft.
	await page.goto(base + "/committee");
	await row.waitFor();
	check((await row.locator(".state").textContent()) === "Draft saved",
	    "state of a draft");
	await page.goto(base + "/score?candidate=" + cand);
	await page.waitForSelector("#review-form:not([hidden])");
	check(await page.isChecked(`#crit-${c1}-4`), "draft score kept");
	check((await page.inputValue("#comment")) === "Strong, steady work.",
	    "draft comment kept");

	// Final without the second criterion: the error is shown and read.
	await page.focus("#submit-final");
	await page.keyboard.press("Enter");
	await page.waitForSelector("#review-errors:not([hidden])");
	check((await focusedId(page)) === "review-errors", "focus on errors");
	check(await page.isVisible(`#crit-error-${c2}`), "criterion error");
	await clean(page, "final refused");
	await page.focus(`#crit-${c2}-1`);
	await page.keyboard.press("Space");
	await page.keyboard.press("ArrowRight");
	await page.focus("#submit-final");
	await page.keyboard.press("Enter");
	await page.waitForFunction(() => document.getElementById(
	    "review-status").textContent.includes("final review is submitted"));
	check(await page.isDisabled("#save-draft"), "final locks the form");
	await clean(page, "final");
	await page.screenshot({ path: `${shots}/score-final.png`,
	    fullPage: true });
	await page.goto(base + "/committee");
	await row.waitFor();
	check((await row.locator(".state").textContent()) === "Final",
	    "state of a final review");

	// The organizer sees it in the rankings.
	const org = await open(orgCookie);
	await org.goto(base + "/rankings?cycle=" + cycle);
	const ranked = org.locator(`tr[data-candidate="${cand}"]`);
	await ranked.waitFor();
	check((await ranked.locator(".reviews").textContent()) === "1",
	    "one review in the rankings");
	check((await ranked.locator(".raw").textContent()) === "58.3",
	    "raw: " + await ranked.locator(".raw").textContent());
	await clean(org, "rankings");
	await org.screenshot({ path: `${shots}/score-rankings.png`,
	    fullPage: true });
	check(errors.length === 0, "page errors: " + errors.join("; "));
} finally {
	await browser.close();
}
