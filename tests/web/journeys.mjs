// Journeys of issue 14 on the nomination form, each of which failed
// before its fix.
// Usage: node journeys.mjs BASE_URL PHASE WIDTH SCREENSHOT_DIR
//   shortsend-mouse  type a short statement, press Send at once (mouse):
//                    the press lands (the summary lists the statement)
//   shortsend-touch  the same with a tap
//   twotabs          a tab opened from the form inherits its draft; two
//                    different nominations are sent, one from each tab
//   home EMAIL PASSWORD  a member signed in finds the way back to their
//                    page from /, and signing out says so
import { launch, check } from "./browser.mjs";

const argv = process.argv.slice(2);
const [base, phase, widthText] = argv;
const shots = argv[argv.length - 1];
const width = Number(widthText);
const STATEMENT = "They set up a peer-support line and trained forty " +
    "volunteers to answer it with care; people say it changed lives.";

const browser = await launch();

async function fill(page, who) {
	await page.getByRole("radio", { name: /Students/ }).check();
	await page.fill("#nominee-name", who.name);
	await page.fill("#nominee-email", who.email);
	await page.fill("#nominator-name", "Rosa Parks");
	await page.fill("#nominator-email", who.nominator);
	await page.check("#consent");
}

async function shortSend(touch) {
	const context = await browser.newContext({
	    viewport: { width, height: 800 }, hasTouch: touch });
	const page = await context.newPage();
	await page.goto(base + "/nominate");
	await page.waitForSelector("#form:not([hidden])");
	await fill(page, { name: "Ada Lovelace", email: "ada@example.org",
	    nominator: "rosa@example.org" });
	await page.click("#statement");
	await page.keyboard.type("Too short.");
	// The press starts while the focus is still in the statement box.
	if (touch)
		await page.tap("#send");
	else
		await page.click("#send");
	await page.waitForSelector("#summary:not([hidden])", { timeout: 5000 })
	    .catch(() => check(false, "the press of Send was swallowed"));
	const items = await page.$$eval("#summary-list li",
	    (l) => l.map((x) => x.textContent));
	check(items.length === 1 && /statement|characters/i.test(items[0]),
	    "the summary lists the statement: " + items);
	await page.screenshot({ path: `${shots}/journey-shortsend-` +
	    `${touch ? "touch" : "mouse"}-${width}.png`, fullPage: true });
	await context.close();
}

async function twoTabs() {
	const context = await browser.newContext({
	    viewport: { width, height: 800 } });
	const first = await context.newPage();
	await first.goto(base + "/nominate");
	await first.waitForSelector("#form:not([hidden])");
	await fill(first, { name: "Ada Lovelace", email: "ada@example.org",
	    nominator: "rosa@example.org" });
	await first.fill("#statement", STATEMENT);
	// A second tab opened from the first copies its storage.
	const [second] = await Promise.all([
	    context.waitForEvent("page"),
	    first.evaluate(() => window.open("/nominate")),
	]);
	await second.waitForSelector("#form:not([hidden])");
	check(await second.inputValue("#nominee-name") === "Ada Lovelace",
	    "the second tab inherited the draft");
	await second.fill("#nominee-name", "Grace Hopper");
	await second.fill("#nominee-email", "grace@example.org");
	await second.click("#send");
	await second.waitForSelector("#done:not([hidden])");
	await first.click("#send");
	await first.waitForSelector("#done:not([hidden]), #summary:not([hidden])");
	check(await first.isVisible("#done"), "the first tab's nomination " +
	    "went in: " + await first.textContent("main"));
	check(!(await first.textContent("#done")).includes("already received"),
	    "no 'already received' for a nomination never stored");
	await context.close();
}

async function home(email, password) {
	const context = await browser.newContext({
	    viewport: { width, height: 800 } });
	const page = await context.newPage();
	await page.goto(base + "/login");
	await page.fill("#email", email);
	await page.fill("#password", password);
	await page.click("#login-submit");
	await page.waitForURL("**/committee");
	await page.goto(base + "/");
	const back = page.getByRole("link", { name: "Your assignments" });
	await back.waitFor();
	check(await page.isHidden("#signin-link"), "no sign-in link when in");
	await back.click();
	await page.waitForURL("**/committee");
	await page.click("#logout");
	await page.waitForSelector("#signed-out:not([hidden])");
	check(await page.evaluate(() => document.activeElement.id) ===
	    "signed-out", "the signed-out notice takes the focus");
	check(await page.evaluate(() => location.hash) === "",
	    "the mark left the address");
	await page.screenshot({ path: `${shots}/journey-signed-out-${width}.png`,
	    fullPage: true });
	await context.close();
}

if (phase === "shortsend-mouse")
	await shortSend(false);
else if (phase === "shortsend-touch")
	await shortSend(true);
else if (phase === "twotabs")
	await twoTabs();
else if (phase === "home")
	await home(argv[3], argv[4]);
else
	check(false, "unknown phase " + phase);
await browser.close();
console.log(JSON.stringify({ phase, width, ok: true }));
