// Every signed-in page of a list, checked as it stands:
//   node pages.mjs BASE SPEC_JSON SHOTS
// SPEC_JSON is a file: {"label": "...", "visits": [{"cookie": "...",
// "who": "organizer", "paths": ["/organizer", ...]}]}.  Each page is
// opened at 1280 px and at 360 px; at each width axe-core must find no
// violation of any impact, and at 360 px no element may reach past the
// viewport nor any box scroll sideways (a table's wrapper included).
// Prints one line per page checked; fails with every problem found.
import { readFileSync } from "fs";
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const [base, specFile, shots] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specFile, "utf8"));
const browser = await launch();
const problems = [];

/* Elements that reach past the viewport's sides, and boxes that scroll
   sideways, as "tag#id.class" lines.  An element clipped away (hidden,
   visually-hidden, or inside a box that hides its overflow) is not
   seen, so it does not count. */
async function overflow(page) {
	return page.evaluate(() => {
		const w = document.documentElement.clientWidth;
		const name = (e) => e.tagName.toLowerCase() +
		    (e.id ? "#" + e.id : "") + (typeof e.className === "string" &&
		    e.className ? "." + e.className.trim().split(/\s+/)
		    .join(".") : "");
		const clipped = (e) => {
			for (let p = e; p && p !== document.body;
			    p = p.parentElement) {
				const s = getComputedStyle(p);
				if (s.display === "none" || s.visibility === "hidden" ||
				    (s.position === "absolute" && s.clip !== "auto") ||
				    s.clipPath !== "none")
					return true;
			}
			return false;
		};
		const out = [];
		for (const e of document.body.querySelectorAll("*")) {
			const r = e.getBoundingClientRect();
			if (r.width === 0 && r.height === 0)
				continue;
			if ((r.right > w + 1 || r.left < -1) && !clipped(e))
				out.push("wider than the viewport: " + name(e) +
				    " (" + Math.round(r.left) + " to " +
				    Math.round(r.right) + " of " + w + ")");
			if (e.scrollWidth > e.clientWidth + 1 &&
			    ["auto", "scroll"].includes(
			    getComputedStyle(e).overflowX) && !clipped(e))
				out.push("scrolls sideways: " + name(e));
		}
		return out.slice(0, 3);
	});
}

/* Waits until the page has drawn what it fetched: the network quiet, or
   at most 5 s (a page that follows a meeting keeps asking). */
async function settled(page) {
	await page.waitForLoadState("load");
	await page.waitForLoadState("networkidle", { timeout: 5000 })
	    .catch(() => {});
}

for (const visit of spec.visits) {
	const context = await browser.newContext({
	    viewport: { width: 1280, height: 900 } });
	await context.addCookies([{ name: "awards_session",
	    value: visit.cookie, url: base, httpOnly: true,
	    sameSite: "Strict" }]);
	const page = await context.newPage();
	const errors = [];
	page.on("pageerror", (e) => errors.push(String(e)));
	for (const path of visit.paths) {
		const where = spec.label + ", " + visit.who + ", " + path;
		errors.length = 0;
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto(base + path);
		await settled(page);
		for (const v of await axe(page))
			problems.push(where + " at 1280 px: axe: " + v);
		await page.setViewportSize({ width: 360, height: 800 });
		await settled(page);
		for (const v of await axe(page))
			problems.push(where + " at 360 px: axe: " + v);
		for (const o of await overflow(page))
			problems.push(where + " at 360 px: " + o);
		if (await scrollsSideways(page))
			problems.push(where + " at 360 px: the page scrolls " +
			    "sideways");
		for (const e of errors)
			problems.push(where + ": page error: " + e);
		const file = (spec.label + "-" + visit.who + path)
		    .replace(/[^a-z0-9]+/gi, "-");
		await page.screenshot({ path: `${shots}/${file}-360.png`,
		    fullPage: true });
		console.log("checked " + where);
	}
	await context.close();
}
await browser.close();
check(problems.length === 0, problems.length + " problem(s):\n" +
    problems.join("\n"));
