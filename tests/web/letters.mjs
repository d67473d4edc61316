// Issue 23: the referee's page and the nominee's page.  axe-core finds
// no violation at 360 and 1280 px; the referee's draft survives a
// reload; the letter is accepted; "Exit this page" (Escape three times)
// leaves for the site's home, forgets the token, and the back button
// finds no letter.  The nominee declines through the confirmation step.
// Usage: node letters.mjs BASE_URL LETTER_TOKEN NOMINEE_TOKEN
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const [base, letter, nominee] = process.argv.slice(2);
const browser = await launch();
const found = [];
const LETTER = "I have known her for years and she has supported every " +
    "survivor who asked her for help, patiently and with care.";

async function audit(page, what) {
	for (const v of await axe(page))
		found.push(what + ": " + v);
	if (await scrollsSideways(page))
		found.push(what + ": scrolls sideways");
}

for (const width of [360, 1280]) {
	const context = await browser.newContext({
	    viewport: { width, height: 800 } });
	const page = await context.newPage();
	await page.goto(base + "/letter#token=" + letter);
	await page.waitForSelector("#letter-section:not([hidden])");
	await audit(page, "/letter at " + width);
	await page.click("#send");
	await page.waitForSelector("#letter-error:not([hidden])");
	await audit(page, "/letter error at " + width);
	await page.goto(base + "/nominee#token=" + nominee);
	await page.waitForSelector("#choices:not([hidden])");
	await audit(page, "/nominee at " + width);
	await page.click("#decline");
	await page.waitForSelector("#decline-ask:not([hidden])");
	await audit(page, "/nominee asking at " + width);
	await context.close();
}

{
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(base + "/letter#token=" + letter);
	await page.waitForSelector("#letter-section:not([hidden])");
	check(!page.url().includes("token"), "the token left the address bar");
	await page.fill("#letter", LETTER);
	await page.reload();
	await page.waitForSelector("#letter-section:not([hidden])");
	check(await page.inputValue("#letter") === LETTER,
	    "the draft survives a reload");
	await page.click("#send");
	await page.waitForSelector("#message.good");
	await page.fill("#letter", LETTER + " More.");
	await page.focus("#letter");
	await page.keyboard.press("Escape");
	await page.keyboard.press("Escape");
	await page.keyboard.press("Escape");
	await page.waitForURL(base + "/");
	check(await page.evaluate(() => sessionStorage.length) === 0,
	    "exit forgets the draft and the token");
	await page.goBack().catch(() => null);
	await page.waitForTimeout(500);
	const back = page.url();
	if (back.includes("/letter")) {
		await page.waitForSelector("#status.bad");
		check(await page.locator("#letter-section").isHidden(),
		    "back on /letter shows no letter");
	}
	await page.goto(base + "/nominee#token=" + nominee);
	await page.waitForSelector("#choices:not([hidden])");
	await page.click("#decline");
	await page.click("#decline-yes");
	await page.waitForSelector("#message.good");
	check((await page.textContent("#c-state")).includes("declined"),
	    "the nominee declined");
	await page.click("#exit");
	await page.waitForURL(base + "/");
	await context.close();
}

await browser.close();
check(found.length === 0, "axe or layout:\n  " + found.join("\n  "));
console.log("ok");
