// The manage page of issue 14 (item 8): the nominator corrects the
// nominee's details until screening, with the keyboard alone.
// Usage: node manage.mjs BASE_URL PHASE WIDTH TOKEN SCREENSHOT_DIR
//   fix       an empty name is refused (the focus on it, the error tied),
//             then the corrected name and role are saved and shown
//   screened  once screened, no way to correct the nominee is offered
import { launch, check } from "./browser.mjs";

const argv = process.argv.slice(2);
const [base, phase, widthText, token] = argv;
const shots = argv[argv.length - 1];
const width = Number(widthText);

const browser = await launch();
const context = await browser.newContext({ viewport: { width, height: 800 } });
const page = await context.newPage();

async function focused() {
	return page.evaluate(() => document.activeElement.id);
}

await page.goto(base + "/manage#token=" + token);
await page.waitForSelector("#nomination:not([hidden])");
if (phase === "fix") {
	await page.waitForSelector("#fix:visible", { timeout: 3000 })
	    .catch(() => check(false, "no way to correct the nominee"));
	await page.focus("#fix");
	await page.keyboard.press("Enter");
	await page.waitForSelector("#nominee-form:not([hidden])");
	check(await focused() === "fix-name", "focus on the name");
	await page.fill("#fix-name", "");
	await page.keyboard.press("Enter");
	await page.waitForSelector("#fix-name-error:not([hidden])");
	check(await focused() === "fix-name", "focus on the field in error");
	check(await page.getAttribute("#fix-name", "aria-describedby") ===
	    "fix-name-error", "the error is tied to its field");
	await page.keyboard.type("Ada King");
	await page.fill("#fix-role", "Mathematician");
	await page.focus("#fix-role");
	await page.keyboard.press("Enter");
	await page.waitForSelector("#message:not([hidden])");
	check(await focused() === "message", "focus on the result");
	const shown = await page.textContent("#n-nominee");
	check(shown.includes("Ada King") && shown.includes("Mathematician"),
	    "the corrected details are shown: " + shown);
	await page.screenshot({ path: `${shots}/manage-fix-${width}.png`,
	    fullPage: true });
} else if (phase === "screened") {
	check(await page.isVisible("#edit"), "the statement stays editable");
	check(!(await page.isVisible("#fix")), "no correction once screened");
} else
	check(false, "unknown phase " + phase);
await browser.close();
console.log(JSON.stringify({ phase, width, ok: true }));
