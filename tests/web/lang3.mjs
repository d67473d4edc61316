// The committee's pages in every language: a Spanish browser reads
// /committee and /score in Spanish, an Arabic one right to left (visible
// words checked, no English left, no catalogue key shown), and axe-core
// finds nothing on any of the six committee pages, nor on the cycle page
// the organizer runs the deliberation from, in Spanish and Arabic at 360
// and 1280 px, nor does any scroll sideways.
// Usage: node lang3.mjs BASE MEMBER_COOKIE ORGANIZER_COOKIE CYCLE
//            CANDIDATE SHOTS
import { launch, check, axe, scrollsSideways, signedIn } from
    "./browser.mjs";

const [base, member, organizer, cycle, candidate, shots] =
    process.argv.slice(2);
const browser = await launch();
const found = [];
const errors = [];

// Each page: path, whose session, what shows once it is ready.
const pages = [
	["/committee", member, "#cycles section"],
	["/score?candidate=" + candidate, member,
	    "#review-form:not([hidden])"],
	["/candidate?id=" + candidate, member, "#thread-list"],
	["/meeting?cycle=" + cycle, member, "#loading[hidden]"],
	["/meeting?cycle=" + cycle, organizer, "#lead:not([hidden])"],
	["/rankings?cycle=" + cycle, member, "#categories table"],
	["/decide?cycle=" + cycle, organizer, "#board:not([hidden])"],
	// The organizer's cycle page in deliberation: its closed actions
	// say in which phases they open.
	["/cycle?id=" + cycle, organizer, "body[data-ready='1']"],
];

async function open(path, cookie, ready, locale, width) {
	const { context, page } = await signedIn(browser, base, cookie,
	    { width: width || 1280, height: 900 }, errors, locale);
	await page.goto(base + path);
	await page.waitForSelector(ready, { state: "attached" });
	await page.waitForFunction(() =>
	    !document.documentElement.classList.contains("i18n-loading"));
	return { context, page };
}

// What a reader sees: lang, dir, the heading, the main text, and the
// catalogue keys that show as themselves.
async function seen(page) {
	return page.evaluate(() => {
		const text = document.body.innerText;
		return { lang: document.documentElement.lang,
		    dir: document.documentElement.dir,
		    h1: document.querySelector("h1").textContent.trim(),
		    text,
		    keys: Object.keys(messages).filter((k) =>
		    text.includes(k)) };
	});
}

function noEnglish(what, text, words) {
	for (const w of words)
		check(!text.includes(w), what + ": English left: " + w);
}

// Spanish: the dashboard and the scoring page.
{
	const { context, page } = await open("/committee", member,
	    "#cycles section", "es-ES");
	const s = await seen(page);
	check(s.lang === "es" && s.dir === "ltr", "es: " + s.lang + s.dir);
	check(s.h1 === "Sus asignaciones", "es h1: " + s.h1);
	check(s.text.includes("Sus candidaturas") &&
	    s.text.includes("Finalizada") &&
	    s.text.includes("Ver las clasificaciones") &&
	    s.text.includes("Persona nominada"), "es words: " + s.text);
	check(/1 de 2 evaluaciones finalizadas|2 de 2 evaluaciones/.test(
	    s.text), "es plural: " + s.text);
	check(/Cerrar sesión|Salir/.test(s.text) || s.text.includes(
	    "miembro del comité"), "es header: " + s.text);
	noEnglish("/committee es", s.text, ["Your assignments",
	    "Your candidates", "Category", "Read the rankings",
	    "reviews final", "Scoring closes"]);
	check(s.keys.length === 0, "es keys shown: " + s.keys);
	await page.screenshot({ path: shots + "/lang3-committee-es.png" });
	await context.close();
}
{
	const { context, page } = await open("/score?candidate=" + candidate,
	    member, "#review-form:not([hidden])", "es-MX");
	const s = await seen(page);
	check(s.lang === "es", "es score: " + s.lang);
	check(s.text.includes("Su evaluación") &&
	    s.text.includes("Nominación 1") &&
	    s.text.includes("Cierre de la evaluación") &&
	    s.text.includes("Su evaluación es definitiva"),
	    "es score words: " + s.text);
	noEnglish("/score es", s.text, ["Your review", "Nomination 1",
	    "Scoring closes", "Save draft", "Submit final review",
	    "Your review is final", "Loading"]);
	check(s.keys.length === 0, "es score keys shown: " + s.keys);
	// The date names its time zone, in Spanish.
	const date = await page.textContent("#deadline");
	check(/\d/.test(date) && !/[A-Z][a-z]+ \d/.test(date),
	    "es date: " + date);
	await context.close();
}

// Arabic: right to left, mirrored, in Arabic words.
for (const [path, ready, h1, words] of [
	["/committee", "#cycles section", "مهامك", ["الترشيحات المسندة إليك",
	    "نهائية", "المراجعات النهائية"]],
	["/score?candidate=" + candidate, "#review-form:not([hidden])",
	    "Ada Nominee", ["مراجعتك", "الترشيح", "مراجعتك نهائية"]],
]) {
	const { context, page } = await open(path, member, ready, "ar", 360);
	const s = await seen(page);
	check(s.lang === "ar" && s.dir === "rtl", "ar " + path + ": " +
	    s.lang + " " + s.dir);
	check(s.h1 === h1, "ar h1 " + path + ": " + s.h1);
	for (const w of words)
		check(s.text.includes(w), "ar " + path + ": no " + w);
	noEnglish(path + " ar", s.text, ["Your assignments", "Your review",
	    "Affiliation", "Final", "Loading", "Sign out"]);
	check(s.keys.length === 0, "ar keys shown: " + s.keys);
	const mirrored = await page.evaluate(() => {
		const m = document.querySelector("main").getBoundingClientRect();
		const r = document.createRange();
		r.selectNodeContents(document.querySelector("h1"));
		const h = r.getBoundingClientRect();
		return m.right - h.right < h.left - m.left;
	});
	check(mirrored, "ar " + path + ": the layout is not mirrored");
	await page.screenshot({ path: shots + "/lang3-" +
	    path.slice(1).split("?")[0] + "-ar.png" });
	await context.close();
}

// A switch of language rewrites the page in place, the rubric's errors
// and the dates included.
{
	const { context, page } = await open("/committee", member,
	    "#cycles section", "en-US");
	check((await seen(page)).h1 === "Your assignments", "en first");
	await page.selectOption("#lang-select", "ar");
	await page.waitForFunction(() => document.documentElement.dir ===
	    "rtl");
	const s = await seen(page);
	check(s.h1 === "مهامك" && !s.text.includes("Your candidates"),
	    "switch: " + s.text);
	await context.close();
}
{
	// The labels with a name in them and the cards' labels too.
	const { context, page } = await open("/decide?cycle=" + cycle,
	    organizer, "#board:not([hidden])", "en-US", 360);
	await page.selectOption("#lang-select", "es");
	await page.waitForFunction(() => document.documentElement.lang ===
	    "es");
	const labels = await page.evaluate(() => ({
	    select: document.querySelector("select[id^=decision-]")
	    .getAttribute("aria-label"),
	    card: document.querySelector("td.score").dataset.label,
	    limit: document.querySelector(".limit").textContent }));
	check(labels.select === "Decisión sobre Ada Nominee" &&
	    labels.card === "Puntuación" && /^0 de 1 premiada elegida$/.test(
	    labels.limit), "es switch on /decide: " + JSON.stringify(labels));
	await context.close();
}

// axe-core on the six pages, in Spanish and Arabic, at both widths.
for (const locale of ["es", "ar"]) {
	for (const width of [360, 1280]) {
		for (const [path, cookie, ready] of pages) {
			const { context, page } = await open(path, cookie,
			    ready, locale, width);
			const s = await seen(page);
			const what = path + " " + locale + " " + width;
			if (s.lang !== locale)
				found.push(what + ": lang " + s.lang);
			if (s.keys.length)
				found.push(what + ": keys shown " + s.keys);
			for (const v of await axe(page))
				found.push(what + ": " + v);
			if (await scrollsSideways(page))
				found.push(what + ": scrolls sideways");
			await context.close();
		}
	}
}
await browser.close();
check(errors.length === 0, "page errors:\n" + errors.join("\n"));
check(found.length === 0, "committee pages:\n" + found.join("\n"));
console.log(JSON.stringify({ ok: true }));
