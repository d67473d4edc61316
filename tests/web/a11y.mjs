// axe-core on every page at 360 px (issue 14): no violation of any
// impact, and no page scrolling sideways.
// Usage: node a11y.mjs BASE_URL ORGANIZER_COOKIE MEMBER_COOKIE CONFIRM_TOKEN
//     MANAGE_TOKEN INVITE_LINK SCREENSHOT_DIR
// The confirm token's address nominated the person already (the notice
// shows); the manage page is seen with the nominee form open.
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const [base, organizer, member, confirm, manage, invite] =
    process.argv.slice(2);
const browser = await launch();
const found = [];

async function visit(path, ready, cookie, then) {
	const context = await browser.newContext({
	    viewport: { width: 360, height: 800 } });
	if (cookie)
		await context.addCookies([{ name: "awards_session",
		    value: cookie, url: base, httpOnly: true,
		    sameSite: "Strict" }]);
	const page = await context.newPage();
	await page.goto(base + path);
	await page.waitForSelector(ready);
	if (then)
		await then(page);
	for (const v of await axe(page))
		found.push(path + ": " + v);
	if (await scrollsSideways(page))
		found.push(path + ": scrolls sideways at 360 px");
	await context.close();
}

await visit("/", "main");
await visit("/nominate", "#form:not([hidden])");
await visit("/confirm", "#fresh:not([hidden])");
await visit("/manage", "#status.bad");
await visit("/login", "#login-form");
await visit("/confirm#token=" + confirm, "#duplicate:not([hidden])");
await visit("/manage#token=" + manage, "#nomination:not([hidden])", null,
    async (page) => {
	await page.click("#fix");
	await page.fill("#fix-name", "");
	await page.click("#fix-save");
	await page.waitForSelector("#fix-name-error:not([hidden])");
    });
await visit(invite.slice(invite.indexOf("/login")),
    "#token-section:not([hidden])", null, async (page) => {
	await page.click("#token-submit");
	await page.waitForSelector("#new-password-error:not([hidden])");
    });
await visit("/organizer", "#people:not([hidden])", organizer);
await visit("/committee", "#logout", member);
await browser.close();
check(found.length === 0, "axe:\n" + found.join("\n"));
console.log(JSON.stringify({ ok: true }));
