// Deciding and announcing in Chromium (issue 11).  Two steps, so that the
// test moves the cycle to decided in between (the phase endpoint belongs
// to another page):
//   node announce.mjs BASE decide COOKIE CYCLE SCREENSHOT_DIR
//   node announce.mjs BASE announce COOKIE CYCLE SCREENSHOT_DIR
// Each page is checked with axe-core and at 360 px for sideways scroll.
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const [base, step, cookie, cycle, shots] = process.argv.slice(2);
const browser = await launch();
const errors = [];

function watch(page) {
	page.on("pageerror", (e) => errors.push(String(e)));
	// An API answering 404 or 409 is part of a page's flow.
	page.on("console", (m) => {
		if (m.type() === "error" && !m.location().url.includes("/api/"))
			errors.push(m.text());
	});
}

async function organizer() {
	const context = await browser.newContext({
	    viewport: { width: 360, height: 740 } });
	await context.addCookies([{ name: "awards_session", value: cookie,
	    url: base, httpOnly: true, sameSite: "Strict" }]);
	const page = await context.newPage();
	watch(page);
	return page;
}

async function clean(page, name) {
	const v = await axe(page);
	check(v.length === 0, name + ": axe: " + v.join("; "));
	check(!(await scrollsSideways(page)), name + ": scrolls sideways");
	await page.screenshot({ path: `${shots}/announce-${name}.png`,
	    fullPage: true });
}

async function decide() {
	const page = await organizer();
	await page.goto(base + "/decide?cycle=" + cycle);
	await page.waitForSelector("#board:not([hidden])");
	await page.waitForSelector("#logout");
	const ada = page.locator("tr", { hasText: "Ada Lovelace" })
	    .locator("select");
	const grace = page.locator("tr", { hasText: "Grace Hopper" })
	    .locator("select");
	const alan = page.locator("tr", { hasText: "Alan Turing" })
	    .locator("select");
	const save = (name) => page.locator("tr", { hasText: name })
	    .locator("button.save").click();
	// An arrow key on the closed menu saves nothing (issue 22).
	await ada.focus();
	await page.keyboard.press("ArrowDown");
	await page.waitForTimeout(300);
	check((await page.textContent(".limit")).startsWith("0 of 1"),
	    "an arrow key saved a decision");
	// Choose, then save with the button.
	await ada.selectOption("awardee");
	await save("Ada Lovelace");
	await page.waitForFunction(() => document.querySelector(".limit")
	    .textContent.startsWith("1 of 1"));
	// The category is full: a second awardee is refused, and said so.
	await grace.selectOption("awardee");
	await save("Grace Hopper");
	const err = page.locator("tr", { hasText: "Grace Hopper" })
	    .locator(".error");
	await err.waitFor();
	const text = await err.textContent();
	check(/Students/.test(text) && /1 awardee/.test(text),
	    "limit error: " + text);
	check(await grace.inputValue() === "", "refused value kept");
	await grace.selectOption("honorable_mention");
	await save("Grace Hopper");
	await page.waitForFunction(() => !document.querySelector(
	    "tr:nth-child(2) .error") || document.querySelector(
	    "tr:nth-child(2) .error").hidden);
	await alan.selectOption("not_selected");
	await save("Alan Turing");
	await page.waitForFunction(() => document.getElementById("missing")
	    .textContent.startsWith("Every eligible candidate"));
	await clean(page, "decide");
}

async function announce() {
	const page = await organizer();
	await page.goto(base + "/decide?cycle=" + cycle);
	await page.waitForSelector("#announce-form:not([hidden])");
	// A preview of each kind of mail.
	await page.waitForFunction(() => document.querySelectorAll(
	    "#previews details pre").length === 4);
	await page.click("details[data-event=announcement_nominator] summary");
	const preview = await page.textContent(
	    "details[data-event=announcement_nominator] pre");
	check(preview.includes("{{outcomes}}"), "preview: " + preview);
	check(await page.isChecked("#hold"), "hold is the default");
	await clean(page, "announce-form");
	await page.click("#announce-submit");
	await page.waitForSelector("#announce-done:not([hidden])");
	const done = await page.textContent("#announce-done");
	check(/held for your review/.test(done), "done: " + done);
	await page.click("#announce-done a");

	// The outbox: read a held mail, then release them.
	await page.waitForURL(base + "/outbox?status=held");
	await page.waitForSelector("#list tbody tr[data-status=held]");
	const held = await page.locator("#list tbody tr[data-status=held]")
	    .count();
	check(held === 5, "held mails: " + held);
	const row = page.locator("#list tbody tr", { hasText: "joan@" });
	await row.locator("button").click();
	await page.waitForSelector("#reader:not([hidden])");
	const body = await page.textContent("#reader-body");
	check(body.includes("Alan Turing (Staff): not chosen this time"),
	    "held body: " + body);
	check(await page.evaluate(() => document.activeElement.id) ===
	    "reader-title", "focus on the mail read");
	await clean(page, "outbox");
	await page.click("#release");
	// Releasing sends them all: the page asks first, counting them.
	await page.waitForSelector("dialog.confirm[open]");
	const ask = await page.textContent("dialog.confirm");
	check(/5 held mails leave now/.test(ask), "release asks: " + ask);
	await page.click("dialog.confirm button[data-confirm]");
	await page.waitForFunction(() => /5 held mails are released/.test(
	    document.getElementById("message").textContent));

	// An anonymous visitor sees the awardees, from the landing page.
	const context = await browser.newContext({
	    viewport: { width: 360, height: 740 } });
	const visitor = await context.newPage();
	watch(visitor);
	await visitor.goto(base + "/");
	await visitor.waitForSelector("#announced:not([hidden])");
	await visitor.click(`a[href='/awardees/${cycle}']`);
	await visitor.waitForSelector("#list:not([hidden])");
	const aw = await visitor.textContent(".awardees");
	check(aw.includes("Ada Lovelace") && aw.includes("Analytical Society"),
	    "awardees: " + aw);
	const hm = await visitor.textContent(".mentions");
	check(hm.includes("Grace Hopper"), "mentions: " + hm);
	const all = await visitor.textContent("main");
	check(!all.includes("Alan Turing"), "not selected shown");
	check(!all.includes("@"), "an address on the public page");
	await clean(visitor, "awardees");
}

try {
	if (step === "decide")
		await decide();
	else if (step === "announce")
		await announce();
	else
		check(false, "unknown step " + step);
	check(errors.length === 0, "page errors: " + errors.join("; "));
} finally {
	await browser.close();
}
