// The /login#token= journeys of issue 14 (item 6), keyboard alone.
// Usage: node signin.mjs BASE_URL PHASE WIDTH LINK [EMAIL] SCREENSHOT_DIR
//   invite  an invitation says so, has no "sign in without a password";
//           an empty submit puts the focus on the password, whose error
//           it describes and which is announced
//   login   a sign-in link says so and offers to sign in with it alone
//   dead    a used link: no dead form, a notice with the focus, and a new
//           link asked for from right there
import { launch, check } from "./browser.mjs";

const argv = process.argv.slice(2);
const [base, phase, widthText, link, email] = argv;
const shots = argv[argv.length - 1];
const width = Number(widthText);

const browser = await launch();
const context = await browser.newContext({ viewport: { width, height: 800 } });
const page = await context.newPage();

async function focused() {
	return page.evaluate(() => document.activeElement.id);
}

async function shot(name) {
	await page.screenshot({ path: `${shots}/signin-${name}-${width}.png`,
	    fullPage: true });
}

async function invite() {
	await page.goto(link);
	await page.waitForSelector("#token-section:not([hidden])");
	check(/invitation/i.test(await page.textContent("h1")),
	    "the heading says invitation: " + await page.textContent("h1"));
	check(/organizer/.test(await page.textContent("#token-section")),
	    "the text names the role");
	check(!(await page.isVisible("#token-signin")),
	    "no 'Sign in without setting a password' for an invitation");
	// Keyboard alone: the focus starts in the password; Enter submits.
	check(await focused() === "new-password", "focus on the password");
	await page.keyboard.type("short");
	await page.keyboard.press("Enter");
	await page.waitForSelector("#new-password-error:not([hidden])");
	check(await focused() === "new-password", "focus on the field in error");
	const described = await page.getAttribute("#new-password",
	    "aria-describedby");
	check(described.split(" ").includes("new-password-error"),
	    "the error is tied to its field: " + described);
	check(await page.getAttribute("#new-password-error", "role") ===
	    "alert", "the error is announced");
	check(await page.getAttribute("#new-password", "aria-invalid") ===
	    "true", "the field is marked invalid");
	await shot("invite");
}

async function login() {
	await page.goto(link);
	await page.waitForSelector("#token-section:not([hidden])");
	check(/sign in/i.test(await page.textContent("h1")),
	    "the heading says sign in: " + await page.textContent("h1"));
	check(await page.isVisible("#token-signin"),
	    "a sign-in link may be used without a password");
	await shot("login");
}

async function dead() {
	await page.goto(link);
	await page.waitForSelector("#token-dead:not([hidden])", { timeout: 5000 })
	    .catch(() => check(false, "no notice for a used link"));
	check(!(await page.isVisible("#token-form")), "the dead form is gone");
	check(await focused() === "token-dead", "the notice has the focus");
	await page.fill("#link-email", email);
	await page.focus("#link-email");
	await page.keyboard.press("Enter");
	await page.waitForSelector("#link-sent:not([hidden])");
	check(await focused() === "link-sent", "focus on the result");
	await shot("dead");
}

if (phase === "invite")
	await invite();
else if (phase === "login")
	await login();
else if (phase === "dead")
	await dead();
else
	check(false, "unknown phase " + phase);
await browser.close();
console.log(JSON.stringify({ phase, width, ok: true }));
