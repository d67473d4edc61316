// The organizers' template editor, by keyboard, at 360 and 1280 px.
// Usage: node templates.mjs BASE_URL SESSION_COOKIE CYCLE_ID SCREENSHOT_DIR
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const [base, cookie, cycle, shots] = process.argv.slice(2);
const browser = await launch();
const errors = [];
const found = [];

async function open(width) {
	const context = await browser.newContext({
	    viewport: { width, height: 900 } });
	await context.addCookies([{ name: "awards_session", value: cookie,
	    url: base, httpOnly: true, sameSite: "Strict" }]);
	const page = await context.newPage();
	page.on("pageerror", (e) => errors.push(String(e)));
	await page.goto(base + "/templates?cycle=" + cycle);
	await page.waitForSelector("#editor:not([hidden])");
	return { context, page };
}

async function lint(page, what) {
	for (const v of await axe(page))
		found.push(what + ": " + v);
	if (await scrollsSideways(page))
		found.push(what + ": scrolls sideways");
}

for (const width of [360, 1280]) {
	const { context, page } = await open(width);
	await lint(page, width + " en");
	// Spanish, with no text of the cycle's own: the shipped one.
	await page.selectOption("#lang", "es");
	await page.waitForFunction(() =>
	    document.getElementById("subject").lang === "es");
	// Arabic reads right to left in the editor and the preview.
	await page.selectOption("#lang", "ar");
	await page.waitForFunction(() =>
	    document.getElementById("body").dir === "rtl");
	check(await page.getAttribute("#preview", "dir") === "rtl",
	    "the preview is right to left");
	await lint(page, width + " ar");
	await context.close();
}

const { context, page } = await open(1280);
// The placeholders the event provides, and the preview's samples.
const names = await page.$$eval("#placeholders code",
    (l) => l.map((x) => x.textContent));
check(names.includes("{{confirm_url}}") && names.includes("{{cycle_name}}"),
    "placeholders: " + names);
check((await page.textContent("#preview-subject")).includes(
    "Change-Maker Awards 2027"), "the preview's subject has a sample");

// By keyboard: the mail, then the language, then the text.
await page.focus("#event");
await page.selectOption("#event", "letter_received");
await page.waitForFunction(() => [...document.querySelectorAll(
    "#placeholders code")].some((x) => x.textContent === "{{referee_name}}"));
await page.selectOption("#lang", "es");
await page.waitForFunction(() =>
    document.getElementById("subject").lang === "es");
check(!(await page.isVisible("#fallback")), "Spanish is shipped");

// A placeholder the event does not provide: the API's 422 at the field.
await page.focus("#body");
await page.fill("#body", "Hola {{nominator_name}}, {{manage_url}}\n");
check((await page.textContent("#preview-body")).includes(
    "Hola Charles Babbage"), "the preview follows the typing");
await page.keyboard.press("Tab");
const focused = await page.evaluate(() => document.activeElement.id);
check(focused === "save", "Tab reaches Save: " + focused);
await page.keyboard.press("Enter");
await page.waitForSelector("#body-error:not([hidden])");
check((await page.textContent("#body-error")).includes("manage_url"),
    "the API's reason: " + await page.textContent("#body-error"));
check(await page.evaluate(() => document.activeElement.id) === "body",
    "focus on the field in error");
check(await page.getAttribute("#body", "aria-invalid") === "true",
    "aria-invalid");
await lint(page, "422");

await page.fill("#body", "Hola {{nominator_name}}:\n\nLlegó la carta de " +
    "{{referee_name}} para {{nominee_name}}.\n");
await page.focus("#save");
await page.keyboard.press("Enter");
await page.waitForSelector("#result:not([hidden])");
check(await page.evaluate(() => document.activeElement.id) === "result",
    "focus on the result");
check((await page.textContent("#state")).includes("own"), "now the cycle's own");
await page.screenshot({ path: shots + "/templates-saved.png", fullPage: true });
await context.close();
await browser.close();
check(found.length === 0, "axe or layout:\n  " + found.join("\n  "));
check(errors.length === 0, "page errors: " + errors.join("; "));
console.log("OK");
