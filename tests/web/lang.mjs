// Languages (issue 24): a page starts in the browser's language, says so
// on <html> (lang, dir), offers a switch that every page keeps, and
// axe-core finds nothing on any public page in any language at 360 and
// 1280 px.
// Usage: node lang.mjs BASE_URL AWARDEES_PATH MANAGE LETTER NOMINEE
//            SCREENSHOT_DIR
// (MANAGE, LETTER, NOMINEE: the tokens of a nomination with referees, of
// a referee and of its nominee, to walk those pages filled in.)
import { launch, check, axe, scrollsSideways } from "./browser.mjs";

const [base, awardees, manage, letter, nominee, shots] =
    process.argv.slice(2);
const browser = await launch();
const found = [];

// The public pages, each with what shows once it is ready.
const pages = [
	["/", "#status, #open:not([hidden])"],
	["/nominate", "#form:not([hidden])"],
	["/confirm", "#fresh:not([hidden])"],
	["/manage", "#status.bad"],
	["/manage#token=" + manage, "#nomination:not([hidden])"],
	["/letter", "#status.bad"],
	["/letter#token=" + letter, "#letter-section:not([hidden])"],
	["/nominee", "#status.bad"],
	["/nominee#token=" + nominee, "#choices:not([hidden])"],
	["/login", "#login-form"],
	[awardees, "#list:not([hidden])"],
	["/no-such-page", "#contact"],
];

async function open(path, ready, locale, width) {
	const context = await browser.newContext({ locale,
	    viewport: { width: width || 1280, height: 900 } });
	const page = await context.newPage();
	await page.goto(base + path);
	await page.waitForSelector(ready, { state: "attached" });
	await page.waitForFunction(() =>
	    !document.documentElement.classList.contains("i18n-loading"));
	return { context, page };
}

async function html(page) {
	return page.evaluate(() => ({ lang: document.documentElement.lang,
	    dir: document.documentElement.dir,
	    h1: document.querySelector("h1").textContent.trim() }));
}

// The browser's language decides the first page.
{
	const { context, page } = await open("/confirm", "#fresh:not([hidden])",
	    "es-MX");
	const h = await html(page);
	check(h.lang === "es" && h.dir === "ltr", "es: " + JSON.stringify(h));
	check(h.h1 === "Confirme su nominación", "es h1: " + h.h1);
	check((await page.textContent("#failed-text")) ===
	    "Este enlace está incompleto.", "es: failure in Spanish");
	await page.screenshot({ path: shots + "/lang-confirm-es.png" });
	await context.close();
}
{
	const { context, page } = await open("/login", "#login-form", "ar", 360);
	const h = await html(page);
	check(h.lang === "ar" && h.dir === "rtl", "ar: " + JSON.stringify(h));
	check(h.h1 === "دخول اللجنة", "ar h1: " + h.h1);
	// Mirrored: the heading starts at the right edge of its box.
	const side = await page.evaluate(() => {
		const m = document.querySelector("main").getBoundingClientRect();
		const r = document.createRange();
		r.selectNodeContents(document.querySelector("#login-form h2"));
		const s = r.getBoundingClientRect();
		return m.right - s.right < s.left - m.left;
	});
	check(side, "ar: the layout is not mirrored");
	await page.screenshot({ path: shots + "/lang-login-ar.png" });
	await context.close();
}

// The switch: visible, labelled, and kept from page to page.
{
	const { context, page } = await open("/", "#status, #open:not([hidden])",
	    "en-GB");
	check((await html(page)).lang === "en", "en first");
	check(await page.isVisible("#lang-select"), "the switch is visible");
	await page.selectOption("#lang-select", "ar");
	await page.waitForFunction(() => document.documentElement.dir === "rtl");
	check((await html(page)).h1 !== "Change-Maker Awards" ||
	    (await page.textContent("#signin-link")) === "دخول اللجنة",
	    "switching rewrote the page");
	await page.goto(base + "/login");
	await page.waitForFunction(() =>
	    !document.documentElement.classList.contains("i18n-loading"));
	const h = await html(page);
	check(h.lang === "ar" && h.h1 === "دخول اللجنة",
	    "the choice was not kept: " + JSON.stringify(h));
	await page.selectOption("#lang-select", "es");
	await page.waitForFunction(() => document.documentElement.lang === "es");
	check((await html(page)).h1 === "Acceso del comité", "switch to es");
	await context.close();
}

// axe-core on every public page, in every language, at both widths.
for (const locale of ["en", "es", "ar"]) {
	for (const width of [360, 1280]) {
		for (const [path, ready] of pages) {
			const { context, page } = await open(path, ready, locale,
			    width);
			const h = await html(page);
			if (h.lang !== locale)
				found.push(path + " " + locale + ": lang " + h.lang);
			for (const v of await axe(page))
				found.push(path + " " + locale + " " + width +
				    ": " + v);
			if (await scrollsSideways(page))
				found.push(path + " " + locale + " " + width +
				    ": scrolls sideways");
			await context.close();
		}
	}
}
await browser.close();
check(found.length === 0, "languages:\n" + found.join("\n"));
console.log(JSON.stringify({ ok: true }));
