// An organizer invites a member; the member accepts, signs out, signs in.
// Two steps, so that the test reads the invitation mail in between:
//   node invite.mjs BASE add SESSION_COOKIE NAME EMAIL SCREENSHOT_DIR
//   node invite.mjs BASE accept LINK NAME EMAIL PASSWORD SCREENSHOT_DIR
import { launch, check } from "./browser.mjs";

const [base, step, ...rest] = process.argv.slice(2);
const shots = rest[rest.length - 1];
const browser = await launch();
const errors = [];

function watch(page) {
	page.on("pageerror", (e) => errors.push(String(e)));
	// An API answering 401 or 404 is part of a page's flow.
	page.on("console", (m) => {
		if (m.type() === "error" && !m.location().url.includes("/api/"))
			errors.push(m.text());
	});
}

async function add(cookie, name, email) {
	const context = await browser.newContext();
	await context.addCookies([{ name: "awards_session", value: cookie,
	    url: base, httpOnly: true, sameSite: "Strict" }]);
	const page = await context.newPage();
	watch(page);
	await page.goto(base + "/organizer");
	await page.waitForSelector("#people:not([hidden])");
	await page.waitForSelector("#logout");
	await page.fill("#user-name", name);
	await page.fill("#user-email", email);
	await page.selectOption("#user-role", "committee");
	await page.click("#add-submit");
	await page.waitForSelector("#add-done:not([hidden])");
	const row = page.locator(`#users tr[data-email="${email}"]`);
	await row.waitFor();
	const status = await row.locator(".status").textContent();
	check(status === "Invited", "status: " + status);
	await page.screenshot({ path: `${shots}/invite-added.png`, fullPage: true });
}

async function signedInAs(page, name) {
	await page.waitForURL(base + "/committee");
	await page.waitForSelector("#who-name");
	const who = await page.textContent("#who-name");
	check(who === name, "signed in as: " + who);
}

async function accept(link, name, email, password) {
	const context = await browser.newContext();
	const page = await context.newPage();
	watch(page);
	await page.goto(link);
	await page.waitForSelector("#token-section:not([hidden])");
	check(!(await page.isVisible("#login-form")), "login form hidden");
	// Too short first: the page says so and spends nothing.
	await page.fill("#new-password", "short");
	await page.fill("#new-password2", "short");
	await page.click("#token-submit");
	await page.waitForSelector("#new-password-error:not([hidden])");
	await page.fill("#new-password", password);
	await page.fill("#new-password2", password);
	await page.click("#token-submit");
	await signedInAs(page, name);
	check(!page.url().includes("token"), "token left in the URL");
	await page.screenshot({ path: `${shots}/invite-accepted.png`, fullPage: true });

	await page.click("#logout");
	await page.waitForURL(base + "/login");
	await page.waitForSelector("#login-form");
	check(!(await page.isVisible("#logout")), "still signed in");
	// The committee page now sends us back to sign in.
	await page.goto(base + "/committee");
	await page.waitForURL(base + "/login");

	await page.fill("#email", email);
	await page.fill("#password", "not " + password);
	await page.click("#login-submit");
	await page.waitForSelector("#login-error:not([hidden])");
	await page.fill("#password", password);
	await page.click("#login-submit");
	await signedInAs(page, name);
	await page.screenshot({ path: `${shots}/invite-signed-in.png`, fullPage: true });
}

try {
	if (step === "add")
		await add(rest[0], rest[1], rest[2]);
	else if (step === "accept")
		await accept(rest[0], rest[1], rest[2], rest[3]);
	else
		check(false, "unknown step " + step);
	check(errors.length === 0, "page errors: " + errors.join("; "));
} finally {
	await browser.close();
}
