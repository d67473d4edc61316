// Launches Debian's Chromium through playwright-core with the flags this
// machine needs (no sandbox as root, no background networking).
import { chromium } from "playwright-core";

export async function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic",
		    "--no-first-run", "--disable-background-networking",
		    "--disable-component-update", "--disable-sync"],
	});
}

// Fails the script with a message.
export function check(cond, message) {
	if (!cond) {
		console.error("FAILED: " + message);
		process.exit(1);
	}
}

// Runs axe-core (WCAG 2.x A and AA rules) on the page and returns its
// violations as "rule (impact): target" lines.
// Evaluated through the DevTools protocol, which the page's CSP does not
// govern (a <script> tag would be refused by script-src 'self').
import { createRequire } from "module";
import { readFileSync } from "fs";
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"),
    "utf8");

export async function axe(page) {
	await page.evaluate(axeSource);
	const result = await page.evaluate(async () => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { runOnly: { type: "tag",
		    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
		    "wcag22aa"] } });
		return r.violations.map((v) => v.id + " (" + v.impact + "): " +
		    v.nodes.map((n) => n.target.join(" ")).join(", "));
	});
	return result;
}

// Whether the page scrolls sideways at its current width.
export async function scrollsSideways(page) {
	return page.evaluate(() => document.documentElement.scrollWidth >
	    document.documentElement.clientWidth + 1);
}

// A new page signed in with the session cookie, in a context of its own
// at viewport ({width, height}) and locale (the browser's language,
// default its own); the page's errors, and the console's
// errors but those of API answers (a 4xx a test provokes), go to errors.
export async function signedIn(browser, base, cookie, viewport, errors,
    locale) {
	const context = await browser.newContext({ viewport, locale });
	await context.addCookies([{ name: "awards_session", value: cookie,
	    url: base, httpOnly: true, sameSite: "Strict" }]);
	const page = await context.newPage();
	page.on("pageerror", (e) => errors.push(String(e)));
	page.on("console", (m) => {
		if (m.type() === "error" && !m.location().url.includes("/api/"))
			errors.push(m.text());
	});
	return { context, page };
}
