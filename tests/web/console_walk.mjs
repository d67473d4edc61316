// The organizer's jobs on the cycle page, each first cancelled (nothing
// changes, focus goes back to the button that asked) and then done (focus
// on the result):
//   node console_walk.mjs BASE SESSION_COOKIE CYCLE_ID WIDTH MODE STEP SHOTS
// MODE is "mouse" or "keyboard": with "keyboard" nothing is clicked, every
// control is reached with Tab and worked with Enter, Space, arrows and
// typing.  STEP "jobs" (cycle in scoring): merging a suggested look-alike,
// setting and removing a conflict, reminding with the mail previewed,
// resending an invitation; STEP "purge" (cycle announced): the purge with
// its typed confirmation.  Prints one line per job done.
import { launch, check, scrollsSideways, signedIn } from "./browser.mjs";

const [base, cookie, cycle, width, mode, step, shots] =
    process.argv.slice(2);
const browser = await launch();
const errors = [];
const keyboard = mode === "keyboard";
let page;

async function open() {
	({ page } = await signedIn(browser, base, cookie,
	    { width: Number(width), height: 900 }, errors));
	await page.goto(base + "/cycle?id=" + cycle);
	await page.waitForSelector("body[data-ready='1']");
}

/* Whether the focused element matches selector. */
async function focused(selector) {
	return page.evaluate((s) => document.activeElement !== null &&
	    document.activeElement.matches(s), selector);
}

/* Tabs forward to the element matching selector (at most 400 stops). */
async function tabTo(selector) {
	for (let i = 0; i < 400; i++) {
		if (await focused(selector))
			return;
		await page.keyboard.press("Tab");
	}
	check(false, "Tab never reached " + selector);
}

/* Presses the control matching selector: clicked, or reached with Tab
   and pressed with Enter. */
async function press(selector) {
	if (!keyboard) {
		await page.click(selector);
		return;
	}
	await tabTo(selector);
	await page.keyboard.press("Enter");
}

/* Chooses the option whose text contains words in select sel. */
async function choose(sel, words) {
	const value = await page.$eval(sel, (s, w) => [...s.options].find(
	    (o) => o.textContent.includes(w)).value, words);
	if (!keyboard) {
		await page.selectOption(sel, value);
		return;
	}
	await tabTo(sel);
	/* Arrow keys change a closed select's value in Chromium. */
	for (let i = 0; i < 50; i++) {
		if (await page.$eval(sel, (s) => s.value) === value)
			return;
		await page.keyboard.press("ArrowDown");
	}
	check(false, "could not choose " + words + " in " + sel);
}

/* The dialog's cancel, by Cancel (mouse) or Escape (keyboard); the
   dialog goes, and focus is back on opener. */
async function cancel(opener, what) {
	await page.waitForSelector("dialog.confirm[open]");
	if (keyboard)
		await page.keyboard.press("Escape");
	else
		await page.click("dialog.confirm button[data-cancel]");
	await page.waitForSelector("dialog.confirm", { state: "detached" });
	check(await focused(opener), what + ": focus after cancel is not " +
	    "on " + opener);
}

/* The dialog's confirming button. */
async function confirm() {
	await page.waitForSelector("dialog.confirm[open]");
	if (keyboard) {
		await tabTo("dialog.confirm button[data-confirm]");
		await page.keyboard.press("Enter");
	} else
		await page.click("dialog.confirm button[data-confirm]");
}

/* Waits for the result region id to show text matching re and to hold
   the focus. */
async function result(id, re, what) {
	await page.waitForFunction(([i, src]) => {
		const r = document.getElementById(i);
		return !r.hidden && new RegExp(src).test(r.textContent) &&
		    document.activeElement === r;
	}, [id, re.source], { timeout: 15000 }).catch(async () => {
		check(false, what + ": result " + JSON.stringify(
		    await page.textContent("#" + id)) + ", focus on " +
		    await page.evaluate(() => document.activeElement.id ||
		    document.activeElement.tagName));
	});
	console.log(what + ": " + (await page.textContent("#" + id)));
}

/* Marks the button of the row of table (a selector) that names who, as
   data-walk="mark", and returns a selector for it: focus checks need a
   plain CSS selector. */
async function rowButton(table, who, mark) {
	const found = await page.$$eval(table + " tbody tr", (trs, [w, m]) => {
		const tr = trs.find((r) => r.textContent.includes(w));
		const b = tr && tr.querySelector("button");
		if (b)
			b.dataset.walk = m;
		return !!b;
	}, [who, mark]);
	check(found, "no button in the row of " + who + " in " + table);
	return `${table} button[data-walk='${mark}']`;
}

async function texts(selector) {
	return page.$$eval(selector, (els) => els.map((e) => e.textContent));
}

async function jobs() {
	/* Merging a suggestion. */
	const suggestion = "#merge-suggestions button";
	await page.waitForSelector(suggestion);
	const before = await texts("#merge-from option");
	await press(suggestion);
	const ask = await page.textContent("dialog.confirm");
	check(/1 nomination/.test(ask) && /cannot be undone/.test(ask),
	    "merge asks: " + ask);
	await cancel(suggestion, "merge");
	check(JSON.stringify(await texts("#merge-from option")) ===
	    JSON.stringify(before), "a cancelled merge changed the list");
	await press(suggestion);
	await confirm();
	await result("merge-status", /is merged into/, "merge");
	check((await texts("#merge-from option")).length ===
	    before.length - 1, "the merged candidate is still listed");

	/* Setting a conflict, then removing it. */
	const rows = async () => texts("#conflicts tbody tr");
	const none = await rows();
	await choose("#conflict-member", "Cora Conflict");
	await choose("#conflict-candidate", "Ada Lovelace");
	if (keyboard) {
		await tabTo("#conflict-reason");
		await page.keyboard.type("Works in her lab");
	} else
		await page.fill("#conflict-reason", "Works in her lab");
	await press("#conflict-add");
	const setAsk = await page.textContent("dialog.confirm");
	check(/Cora Conflict loses Ada Lovelace/.test(setAsk),
	    "conflict asks: " + setAsk);
	await cancel("#conflict-add", "set conflict");
	check(JSON.stringify(await rows()) === JSON.stringify(none),
	    "a cancelled conflict was set");
	await press("#conflict-add");
	await confirm();
	await result("conflict-status", /Cora Conflict is now conflicted/,
	    "set conflict");
	await page.waitForSelector("#conflicts tbody button");
	const remove = await rowButton("#conflicts", "Cora Conflict",
	    "remove");
	const withIt = await rows();
	await press(remove);
	await cancel(remove, "remove conflict");
	check(JSON.stringify(await rows()) === JSON.stringify(withIt),
	    "a cancelled removal removed");
	await press(remove);
	await confirm();
	await result("conflict-status", /is removed/, "remove conflict");
	check(!(await texts("#conflicts tbody tr")).some((t) =>
	    t.includes("Cora Conflict")), "the conflict is still listed");

	/* Reminding, the mail previewed first. */
	await press("#remind-preview");
	const remind = await page.textContent("dialog.confirm");
	check(/to go/.test(remind) && /Lee Late/.test(remind),
	    "reminder preview: " + remind);
	await cancel("#remind-preview", "remind");
	await press("#remind-preview");
	await confirm();
	await result("remind-status", /2 reminders are on the way/, "remind");

	/* Resending an invitation. */
	const resend = await rowButton("#progress", "Ivy Invited", "resend");
	await press(resend);
	const inv = await page.textContent("dialog.confirm");
	check(/stops working/.test(inv), "resend asks: " + inv);
	await cancel(resend, "resend");
	await press(resend);
	await confirm();
	await result("remind-status", /on its way again/, "resend");
}

async function purge() {
	await press("#purge-preview");
	const ask = await page.textContent("dialog.confirm");
	check(/2 nominations/.test(ask) && /cannot be undone/.test(ask),
	    "purge asks: " + ask);
	/* The typed word comes first: focus starts in its field. */
	check(await focused("dialog.confirm input"), "focus in the purge " +
	    "dialog is not on the word to type");
	await cancel("#purge-preview", "purge");
	await press("#purge-preview");
	await page.waitForSelector("dialog.confirm[open]");
	await page.keyboard.type("eras");
	await confirm();
	await page.waitForSelector("dialog.confirm .error:not([hidden])");
	check(await focused("dialog.confirm input"), "a wrong word does not " +
	    "put focus back in its field");
	check(await page.isVisible("dialog.confirm[open]"), "a wrong word " +
	    "closed the dialog");
	await page.keyboard.type("e");
	await confirm();
	await result("purge-status", /Erased: 2 nominations/, "purge");
}

try {
	await open();
	if (step === "jobs")
		await jobs();
	else if (step === "purge")
		await purge();
	else
		check(false, "unknown step " + step);
	check(!(await scrollsSideways(page)), "the page scrolls sideways");
	await page.screenshot({ path: `${shots}/console-${step}-${width}.png`,
	    fullPage: true });
	check(errors.length === 0, "page errors: " + errors.join("; "));
} finally {
	await browser.close();
}
