// Deliberation in Chromium (issue 22), in two steps:
//   node deliberation.mjs BASE review MIA_COOKIE CANDIDATE CRIT1 CRIT2 SHOTS
//     Mia, keyboard only at 360 px, finishes her review of a candidate
//     another reviewer scored high, opens its deliberation page from the
//     score page and writes in its thread.
//   node deliberation.mjs BASE meeting ORG MIA CY CYCLE CANDIDATE SHOTS
//     At 1280 px the organizer leads the meeting and picks the
//     candidate; Mia, following, sees it within 2 seconds; Cy, conflicted
//     with it, sees only the notice; an arrow key on the closed decision
//     select saves nothing, the button saves.  axe finds nothing on any
//     new page, and no page scrolls sideways.
import { launch, check, axe, scrollsSideways, signedIn } from
    "./browser.mjs";

const [base, step, ...rest] = process.argv.slice(2);
const browser = await launch();
const errors = [];

async function open(cookie, width) {
	return (await signedIn(browser, base, cookie, { width, height: 800 },
	    errors)).page;
}

async function clean(page, what) {
	const v = await axe(page);
	check(v.length === 0, what + ": axe: " + v.join("; "));
	const wide = await page.evaluate(() => [...document.querySelectorAll(
	    "main *")].filter((e) => e.getBoundingClientRect().right >
	    document.documentElement.clientWidth + 1).map((e) => e.tagName +
	    "#" + e.id + "." + e.className).slice(0, 5).join(", "));
	check(!(await scrollsSideways(page)), what + ": scrolls sideways: " +
	    wide);
}

async function review() {
	const [mia, cand, c1, c2, shots] = rest;
	const page = await open(mia, 360);
	await page.goto(base + "/score?candidate=" + cand);
	await page.waitForSelector("#review-form:not([hidden])");
	await page.focus(`#crit-${c1}-1`);
	await page.keyboard.press("Space");
	await page.focus(`#crit-${c2}-1`);
	await page.keyboard.press("Space");
	await page.focus("#comment");
	await page.keyboard.type("Little evidence of impact yet.");
	await page.focus("#submit-final");
	await page.keyboard.press("Enter");
	await page.waitForFunction(() => document.getElementById(
	    "review-status").textContent.includes("final review is submitted"));
	// The deliberation page, reached from the score page by keyboard.
	await page.waitForSelector("#delib-link:not([hidden])");
	await page.focus("#delib-link");
	await page.keyboard.press("Enter");
	await page.waitForURL(/\/candidate\?id=/);
	await page.waitForSelector("#comment-body");
	// In scoring the reviews stay closed to members; the thread opens.
	check((await page.textContent("#reviews")).includes("during " +
	    "deliberation"), "reviews closed until deliberation");
	check(!(await page.textContent("main")).includes("Zed"),
	    "a nominator shown in a blind cycle");
	await page.focus("#comment-body");
	await page.keyboard.type("Rex and I disagree: shall we discuss?");
	await page.focus("#comment-submit");
	await page.keyboard.press("Enter");
	await page.waitForSelector("#thread-list li");
	check((await page.textContent("#thread-list")).includes(
	    "shall we discuss"), "comment in the thread");
	await clean(page, "candidate page, member, 360 px");
	await page.screenshot({ path: `${shots}/delib-candidate.png`,
	    fullPage: true });
}

async function meeting() {
	const [org, mia, cy, cycle, cand, shots] = rest;
	const lead = await open(org, 1280);
	const follow = await open(mia, 360);
	const conflicted = await open(cy, 360);
	await follow.goto(base + "/meeting?cycle=" + cycle);
	await conflicted.goto(base + "/meeting?cycle=" + cycle);
	await follow.waitForFunction(() => document.getElementById(
	    "follow-status").textContent.includes("not started"));
	await lead.goto(base + "/meeting?cycle=" + cycle);
	await lead.waitForSelector("#lead:not([hidden])");
	await clean(lead, "meeting, organizer, before");
	await lead.focus("#next");
	await lead.keyboard.press("Enter");
	await lead.waitForSelector("#decide:not([hidden])");
	const picked = Date.now();
	check((await lead.textContent("#candidate-name")) === "Ada Nominee",
	    "the first ranked candidate");
	check((await lead.textContent("#standing")).includes("disputed"),
	    "disputed shown");
	// Members following see it within 2 seconds.
	await follow.waitForFunction(() => document.getElementById(
	    "candidate-name") !== null, null, { timeout: 2500 });
	check(Date.now() - picked <= 2000, "followed within 2 s: " +
	    (Date.now() - picked) + " ms");
	check((await follow.textContent("#thread")).includes(
	    "shall we discuss"), "the thread in the meeting");
	const reviews = await follow.textContent("#reviews");
	check(reviews.includes("Rex Reviewer") && reviews.includes("Mia") &&
	    reviews.includes("Outstanding."), "both final reviews: " + reviews);
	check(reviews.includes("exemplary"), "scale words: " + reviews);
	await conflicted.waitForSelector("#conflict:not([hidden])");
	const seen = await conflicted.textContent("main");
	check(!seen.includes("Ada") && !seen.includes("Rex"),
	    "the conflicted member sees only the notice: " + seen);
	await clean(follow, "meeting, member");
	await clean(conflicted, "meeting, conflicted member");
	// An arrow on the closed select saves nothing; the button saves.
	await lead.focus("#decision");
	await lead.keyboard.press("ArrowDown");
	await lead.waitForTimeout(500);
	let d = await lead.evaluate(async (c) => (await (await fetch(
	    "/api/cycles/" + c + "/decisions")).json()), cycle);
	check(d.categories[0].candidates.every((x) => x.decision === null),
	    "an arrow key saved a decision");
	await lead.selectOption("#decision", "awardee");
	await lead.focus("#decide-save");
	await lead.keyboard.press("Enter");
	await lead.waitForFunction(() => document.getElementById(
	    "decide-status").textContent.startsWith("Saved"));
	check((await lead.textContent("#awardee-count")).includes("1 of 1"),
	    "awardee count: " + await lead.textContent("#awardee-count"));
	d = await lead.evaluate(async (c) => (await (await fetch(
	    "/api/cycles/" + c + "/decisions")).json()), cycle);
	check(d.categories[0].candidates.some((x) => x.candidate_id ===
	    Number(cand) && x.decision === "awardee"), "decision saved");
	await clean(lead, "meeting, organizer, decided");
	await lead.screenshot({ path: `${shots}/delib-meeting-lead.png`,
	    fullPage: true });
	await follow.screenshot({ path: `${shots}/delib-meeting-follow.png`,
	    fullPage: true });
	await conflicted.screenshot({ path:
	    `${shots}/delib-meeting-conflict.png`, fullPage: true });
	// The organizer's candidate page and the rankings link to it.
	await lead.goto(base + "/rankings?cycle=" + cycle);
	await lead.waitForSelector(`tr[data-candidate="${cand}"] a`);
	check((await lead.textContent("#title")).includes("Awards 2027"),
	    "the cycle's name");
	await lead.click(`tr[data-candidate="${cand}"] a`);
	await lead.waitForSelector("#thread");
	await clean(lead, "candidate page, organizer");
}

try {
	if (step === "review")
		await review();
	else
		await meeting();
	check(errors.length === 0, "page errors: " + errors.join("; "));
} finally {
	await browser.close();
}
