// The landing page shows the open cycle, its categories and deadline.
// Usage: node landing.mjs BASE_URL EXPECT(open|closed) SCREENSHOT_DIR
import { launch, check } from "./browser.mjs";

const [base, expect, shots] = process.argv.slice(2);
const browser = await launch();
try {
	const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
	const errors = [];
	page.on("pageerror", (e) => errors.push(String(e)));
	// An API answering 404 is part of the page's flow, not an error of it.
	page.on("console", (m) => {
		if (m.type() === "error" && !m.location().url.includes("/api/"))
			errors.push(m.text());
	});
	await page.goto(base + "/");
	if (expect === "open") {
		await page.waitForSelector("#open:not([hidden])");
		const title = await page.textContent("#title");
		check(title === "Change-Maker Awards 2027", "title: " + title);
		const cats = await page.$$eval("#categories li", (l) => l.map((x) => x.textContent));
		check(cats.length === 2 && cats[0].startsWith("Students"), "categories: " + cats);
		const deadline = await page.textContent("#deadline");
		check(/20\d\d/.test(deadline), "deadline: " + deadline);
		check(await page.isVisible("a[href='/nominate']"), "nominate link");
	} else {
		await page.waitForFunction(() => document.getElementById("status").textContent.includes("closed"));
	}
	check(errors.length === 0, "page errors: " + errors.join("; "));
	await page.screenshot({ path: `${shots}/landing-${expect}.png`, fullPage: true });
} finally {
	await browser.close();
}
