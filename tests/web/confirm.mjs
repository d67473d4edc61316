// The /confirm journeys of issue 14 (items 1, 2 and 5).
// Usage: node confirm.mjs BASE_URL PHASE WIDTH TOKEN [EMAIL] SCREENSHOT_DIR
//   twice      the page names whom and which category, confirms; a reload
//              and a second opening of the link show a calm success
//   expired    an expired link says so and offers fresh links right there
//              (an empty address first: the error is tied and focused)
//   duplicate  the address already nominated this person here: the page
//              says so and mails a link to edit the first nomination
import { launch, check } from "./browser.mjs";

const argv = process.argv.slice(2);
const [base, phase, widthText, token, email] = argv;
const shots = argv[argv.length - 1];
const width = Number(widthText);

const browser = await launch();
const context = await browser.newContext({ viewport: { width, height: 800 } });
const page = await context.newPage();
const url = base + "/confirm#token=" + token;

async function shot(name) {
	await page.screenshot({ path: `${shots}/confirm-${name}-${width}.png`,
	    fullPage: true });
}

async function focused() {
	return page.evaluate(() => document.activeElement.id);
}

async function twice() {
	await page.goto(url);
	await page.waitForSelector("#ask:not([hidden])");
	const text = await page.textContent("#ask");
	check(text.includes("Ada Lovelace") && text.includes("Students"),
	    "the page names whom and the category: " + text);
	await shot("ask");
	await page.click("#confirm");
	await page.waitForSelector("#done:not([hidden])");
	await page.reload();
	await page.waitForSelector("#done:not([hidden]), #failed:not([hidden])");
	check(await page.isHidden("#failed"), "a reload shows no error: " +
	    await page.textContent("main"));
	check(/already/i.test(await page.textContent("#done")),
	    "the reload says it is confirmed already");
	// The mail's link opened again, in another browser.
	const other = await browser.newContext({ viewport: { width,
	    height: 800 } });
	const again = await other.newPage();
	await again.goto(url);
	await again.waitForSelector("#done:not([hidden]), " +
	    "#failed:not([hidden])");
	check(await again.isHidden("#failed"), "the link again: no error");
	check(await again.textContent("#title") === "Already confirmed",
	    "the link again says already confirmed");
	await shot("already");
	await other.close();
}

async function expired() {
	await page.goto(url);
	await page.waitForSelector("#failed:not([hidden])");
	check(/expired/i.test(await page.textContent("#failed")),
	    "the page says expired: " + await page.textContent("#failed"));
	await page.waitForSelector("#fresh:not([hidden])");
	await page.fill("#fresh-email", "");
	await page.click("#fresh-send");
	await page.waitForSelector("#fresh-error:not([hidden])");
	check(await focused() === "fresh-email", "focus on the field in error");
	check(await page.getAttribute("#fresh-email", "aria-describedby") ===
	    "fresh-error", "the error is tied to its field");
	await page.fill("#fresh-email", email);
	await page.keyboard.press("Enter");
	await page.waitForSelector("#fresh-sent:not([hidden])");
	check(await focused() === "fresh-sent", "focus on the result");
	await shot("expired");
}

async function duplicate() {
	await page.goto(url);
	await page.waitForSelector("#ask:not([hidden])");
	await page.waitForSelector("#duplicate:not([hidden])", { timeout: 3000 })
	    .catch(() => check(false, "the page does not say this person " +
	    "was nominated already"));
	await page.click("#duplicate-send");
	await page.waitForSelector("#duplicate-sent:not([hidden])");
	check(await focused() === "duplicate-sent", "focus on the result");
	await shot("duplicate");
}

if (phase === "twice")
	await twice();
else if (phase === "expired")
	await expired();
else if (phase === "duplicate")
	await duplicate();
else
	check(false, "unknown phase " + phase);
await browser.close();
console.log(JSON.stringify({ phase, width, ok: true }));
