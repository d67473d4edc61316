// The decision screen beside the evidence, at 1280 and 360 px:
//   node decide.mjs BASE ORG_COOKIE CYCLE ORDER SHOTS
// ORDER: the candidate ids of the one category in rank order.  Checks the
// order, the evidence beside each choice (place, score, raw, spread,
// disputed), the awardee count in view, no element wider than the
// viewport, axe; then saves a decision by its button at 360 px.
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const [base, cookie, cycle, order, shots] = process.argv.slice(2);
const expected = order.split(",");
const browser = await launch();
const errors = [];

async function at(width) {
	const context = await browser.newContext({ viewport: { width,
	    height: 800 } });
	await context.addCookies([{ name: "awards_session", value: cookie,
	    url: base, httpOnly: true, sameSite: "Strict" }]);
	const page = await context.newPage();
	page.on("pageerror", (e) => errors.push(String(e)));
	await page.goto(base + "/decide?cycle=" + cycle);
	await page.waitForSelector("#board:not([hidden]) tr[data-candidate]");
	const what = width + " px";
	const rows = await page.$$eval("tr[data-candidate]", (trs) =>
	    trs.map((tr) => ({ id: tr.dataset.candidate,
	    text: tr.innerText })));
	check(rows.map((r) => r.id).join(",") === expected.join(","),
	    what + ": order by rank: " + rows.map((r) => r.id).join(","));
	const api = await page.evaluate(async (c) => (await (await fetch(
	    "/api/cycles/" + c + "/decisions")).json()), cycle);
	const cands = api.categories[0].candidates;
	for (const [i, c] of cands.entries()) {
		const t = rows[i].text;
		check(t.includes(c.nominee_name), what + ": name " + t);
		if (c.score !== null) {
			check(t.includes(c.score.toFixed(4)), what +
			    ": score of " + c.nominee_name + ": " + t);
			check(t.includes(c.raw.toFixed(1)), what + ": raw " + t);
			check(t.includes(c.spread.toFixed(4)), what +
			    ": spread " + t);
		}
		check(t.includes(c.disputed ? "Disputed" : c.reviews === 0 ?
		    "No final review" : "No"), what + ": disputed " + t);
	}
	check(rows[0].text.includes("Disputed"), what +
	    ": the first is disputed: " + rows[0].text);
	// At 360 px each candidate is a card: its labels show.
	const layout = await page.evaluate(() => {
		const tr = document.querySelector("tr[data-candidate]");
		return { display: getComputedStyle(tr).display,
		    label: getComputedStyle(tr.querySelector("td.score"),
		    "::before").content };
	});
	if (width < 600)
		check(layout.display === "block" && layout.label.includes(
		    "Score"), "a card with its labels: " +
		    JSON.stringify(layout));
	else
		check(layout.display === "table-row", "a table at " + what);
	const wide = await page.evaluate(() => [...document.querySelectorAll(
	    "body *")].filter((e) => {
		const r = e.getBoundingClientRect();
		return r.width > 0 && (r.right > document.documentElement
		    .clientWidth + 1 || r.left < -1);
	}).map((e) => e.tagName + "#" + e.id + "." + e.className).slice(0, 5)
	    .join(", "));
	check(wide === "", what + ": wider than the viewport: " + wide);
	check(!(await scrollsSideways(page)), what + ": scrolls sideways");
	const v = await axe(page);
	check(v.length === 0, what + ": axe: " + v.join("; "));
	return page;
}

try {
	const big = await at(1280);
	await big.screenshot({ path: `${shots}/decide-1280.png`,
	    fullPage: true });
	const small = await at(360);
	// The count stays in view while the list scrolls: save the last
	// candidate as an awardee, then read the count where it is shown.
	const last = expected[expected.length - 1];
	await small.selectOption("#decision-" + last, "awardee");
	await small.locator(`tr[data-candidate="${last}"] button.save`)
	    .click();
	await small.waitForFunction(() => document.querySelector(".limit")
	    .textContent.startsWith("1 of"));
	const box = await small.evaluate((id) => {
		const r = document.querySelector(".limit")
		    .getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight;
	}, last);
	check(box, "the awardee count in view after saving the last one");
	await small.screenshot({ path: `${shots}/decide-360.png`,
	    fullPage: true });
	check(errors.length === 0, "page errors: " + errors.join("; "));
} finally {
	await browser.close();
}
