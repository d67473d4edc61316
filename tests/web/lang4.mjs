// The organizers' pages in every language: a Spanish browser reads the
// cycle page /cycle in Spanish, an Arabic one right to left (visible words,
// a dialog, the cards' labels and the numbers checked, no English left, no
// catalogue key shown); a refused save shows the catalogue's Spanish words
// for the API's field problems on /cycle, /organizer and /templates, not
// the API's English; a switch of language rewrites /cycle in place; and
// axe-core finds nothing on /cycle, /organizer, /outbox, /templates and
// /overview in Spanish and Arabic at 360 and 1280 px, nor does any of them
// scroll sideways at 360 px.
// Usage: node lang4.mjs BASE ORGANIZER_COOKIE CYCLE SHOTS
import { launch, check, axe, scrollsSideways, signedIn } from
    "./browser.mjs";

const [base, cookie, cycle, shots] = process.argv.slice(2);
const browser = await launch();
const found = [];
const errors = [];

// Each page: path, what shows once it is ready.
const pages = [
	["/cycle?id=" + cycle, "body[data-ready='1']"],
	["/organizer", "#cycles:not([hidden])"],
	["/outbox", "#mails:not([hidden])"],
	["/templates?cycle=" + cycle, "#editor:not([hidden])"],
	["/overview?cycle=" + cycle, "#figures > *"],
];
const CYCLE = pages[0];

async function open(path, ready, locale, width) {
	const { context, page } = await signedIn(browser, base, cookie,
	    { width: width || 1280, height: 900 }, errors, locale);
	await page.goto(base + path);
	await page.waitForSelector(ready, { state: "attached" });
	await page.waitForFunction(() =>
	    !document.documentElement.classList.contains("i18n-loading"));
	return { context, page };
}

// What a reader sees: lang, dir, the main text, and the catalogue keys
// that show as themselves.
async function seen(page) {
	return page.evaluate(() => {
		const text = document.body.innerText;
		return { lang: document.documentElement.lang,
		    dir: document.documentElement.dir,
		    title: document.title, text,
		    keys: Object.keys(messages).filter((k) =>
		    text.includes(k)) };
	});
}

function noEnglish(what, text, words) {
	for (const w of words)
		check(!text.includes(w), what + ": English left: " + w);
}

// Words of the cycle page that must not be left in English.
const ENGLISH = ["Settings", "Screening", "Merging candidates",
    "Assignment", "Conflicts", "Progress and reminders", "Nominated by",
    "Save settings", "Run automatic assignment", "Remind late members",
    "Set by an organizer", "reaches the committee", "Closed in this phase",
    "Not signed in yet", "Resend invitation", "Suggested", "To screen",
    "Statement", "Loading", "Sign out"];

// The text of the element sel once it shows.
async function shown(page, sel) {
	await page.waitForSelector(sel + ":not([hidden])");
	return (await page.textContent(sel)).trim();
}

// Spanish: the cycle page's words, a dialog, the cards' labels.
{
	const { context, page } = await open(CYCLE[0], CYCLE[1], "es-ES");
	const s = await seen(page);
	check(s.lang === "es" && s.dir === "ltr", "es: " + s.lang + s.dir);
	check(s.title === "Awards 2027 — Premios Change-Maker",
	    "es title: " + s.title);
	for (const w of ["Ajustes", "Revisión previa",
	    "Fusión de candidaturas", "Asignación", "Conflictos de interés",
	    "Avance y recordatorios",
	    "Por revisar", "Nominada por", "Fijado por la organización",
	    "Aún no ha entrado", "Sugerencias: quizá la misma persona",
	    "Guardar los ajustes", "Abierto en: Borrador", "4 candidaturas."])
		check(s.text.includes(w), "es /cycle: no " + w + " in " +
		    s.text);
	check((await page.textContent("#phase-name")) === "Evaluación",
	    "es phase: " + await page.textContent("#phase-name"));
	noEnglish("/cycle es", s.text, ENGLISH);
	check(s.keys.length === 0, "es keys shown: " + s.keys);
	const labels = await page.evaluate(() => ({
	    load: document.querySelector("#loads td.load").dataset.label,
	    remove: document.querySelector("#conflicts tbody button")
	    .textContent }));
	check(labels.load === "Carga" && labels.remove ===
	    "Quitar el conflicto de Cora Conflict con Ada Lovelace",
	    "es labels: " + JSON.stringify(labels));

	// The confirmation dialog, with its plurals and Cancel.
	await page.click("#merge-suggestions button");
	const ask = await shown(page, "dialog.confirm[open]");
	check(ask.includes("¿Fusionar estas candidaturas?") &&
	    ask.includes("(1 nominación, 0 evaluadores)") &&
	    ask.includes("Una fusión no se puede deshacer.") &&
	    ask.includes("Cancelar") && !/Merge|Cancel\b|nomination/.test(ask),
	    "es dialog: " + ask);
	await page.keyboard.press("Escape");
	await page.waitForSelector("dialog.confirm", { state: "detached" });

	// A refused save: the field's problem in the catalogue's words.
	const was = await page.inputValue("#set-reviewers_per_candidate");
	await page.fill("#set-reviewers_per_candidate", "99");
	await page.click("#settings-submit");
	const range = await shown(page, "#set-reviewers_per_candidate-error");
	check(range === "Evaluadores por candidatura: debe estar entre 1 y 50",
	    "es range: " + range);
	check(await page.evaluate(() => document.activeElement.id) ===
	    "set-reviewers_per_candidate", "focus on the field in error");
	check(await page.getAttribute("#set-reviewers_per_candidate",
	    "aria-invalid") === "true", "aria-invalid");
	// A date before another: the other field named by its label.
	await page.fill("#set-reviewers_per_candidate", was);
	await page.fill("#set-scoring_close_at", "2000-01-01T09:00");
	await page.click("#settings-submit");
	const order = await shown(page, "#set-scoring_close_at-error");
	check(order === "Cierre de la evaluación: no puede ser anterior a " +
	    "«Cierre de las candidaturas»", "es dates: " + order);
	check(await page.isHidden("#set-reviewers_per_candidate-error"),
	    "the earlier error stays");
	noEnglish("/cycle es 422", await page.textContent("#settings"),
	    ["must", "nominations_close_at", "before", "from 1 to 50"]);
	await page.screenshot({ path: shots + "/lang4-cycle-es.png",
	    fullPage: true });
	await context.close();
}

// The invitation and a template, refused in Spanish.
{
	const { context, page } = await open("/organizer",
	    "#people:not([hidden])", "es-MX");
	await page.fill("#user-name", "Mia\u202eMember");
	await page.fill("#user-email", "mia@example.org");
	await page.click("#add-submit");
	const name = await shown(page, "#user-name-error");
	check(/^Nombre: contiene un /.test(name) &&
	    !/contains|character/.test(name), "es invitation: " + name);
	await context.close();
}
{
	const { context, page } = await open("/templates?cycle=" + cycle,
	    "#editor:not([hidden])", "es");
	await page.selectOption("#event", "letter_received");
	await page.waitForFunction(() => [...document.querySelectorAll(
	    "#placeholders code")].some((x) =>
	    x.textContent === "{{referee_name}}"));
	await page.fill("#body", "Hola {{manage_url}}\n");
	await page.click("#save");
	const body = await shown(page, "#body-error");
	check(body === "Cuerpo: usa {{manage_url}}, que este correo no " +
	    "ofrece", "es template: " + body);
	await context.close();
}

// Arabic: right to left, mirrored, in Arabic words and digits.
{
	const { context, page } = await open(CYCLE[0], CYCLE[1], "ar", 360);
	const s = await seen(page);
	check(s.lang === "ar" && s.dir === "rtl", "ar: " + s.lang + " " +
	    s.dir);
	for (const w of ["الإعدادات", "الفرز", "دمج المرشحين", "الإسناد",
	    "تضارب المصالح", "التقدّم والتذكيرات", "للفرز",
	    "حدّده أحد المنظمين", "متاح في: مسودة"])
		check(s.text.includes(w), "ar /cycle: no " + w);
	check((await page.textContent("#phase-name")) === "التقييم",
	    "ar phase: " + await page.textContent("#phase-name"));
	noEnglish("/cycle ar", s.text, ENGLISH);
	check(s.keys.length === 0, "ar keys shown: " + s.keys);
	// Lee Late has one assignment: 1 in the reader's digits.
	const digits = await page.evaluate(() => {
		const lee = [...document.querySelectorAll("#loads tbody tr")]
		    .find((r) => r.textContent.includes("Lee Late"))
		    .querySelector("td.load");
		return { load: lee.textContent, label: lee.dataset.label,
		    want: new Intl.NumberFormat("ar").format(1) };
	});
	check(digits.load === digits.want && digits.label === "العبء",
	    "ar numbers: " + JSON.stringify(digits));
	const mirrored = await page.evaluate(() => {
		const m = document.querySelector("main")
		    .getBoundingClientRect();
		const r = document.createRange();
		r.selectNodeContents(document.querySelector("h1"));
		const h = r.getBoundingClientRect();
		return m.right - h.right < h.left - m.left;
	});
	check(mirrored, "ar /cycle: the layout is not mirrored");
	// The names in an Arabic sentence stand isolated (<bdi>), so that a
	// Latin name keeps its order among the Arabic words.
	const isolated = await page.evaluate(() => [...document
	    .querySelectorAll("#merge-suggestions li p bdi")]
	    .map((b) => b.textContent));
	check(isolated.length >= 2 && isolated.every((n) => /\w/.test(n)),
	    "ar: names not isolated: " + JSON.stringify(isolated));
	await page.click("#merge-suggestions button");
	const ask = await shown(page, "dialog.confirm[open]");
	check(ask.includes("دمج هذين المرشحَين؟") &&
	    ask.includes("ترشيح واحد") && ask.includes("إلغاء"),
	    "ar dialog: " + ask);
	await page.keyboard.press("Escape");
	await page.waitForSelector("dialog.confirm", { state: "detached" });
	await page.screenshot({ path: shots + "/lang4-cycle-ar.png",
	    fullPage: true });
	await context.close();
}

// A switch of language rewrites the page in place: headings, the
// phase, the note of a closed action, the cards' labels.
{
	const { context, page } = await open(CYCLE[0], CYCLE[1], "en-US",
	    360);
	check((await page.textContent("#settings-h")) === "Settings",
	    "en first");
	await page.selectOption("#lang-select", "es");
	await page.waitForFunction(() => document.documentElement.lang ===
	    "es");
	const now = await page.evaluate(() => ({
	    h: document.getElementById("settings-h").textContent,
	    phase: document.getElementById("phase-name").textContent,
	    title: document.title,
	    load: document.querySelector("#loads td.load").dataset.label,
	    text: document.body.innerText }));
	check(now.h === "Ajustes" && now.phase === "Evaluación" &&
	    now.load === "Carga" && now.title.includes("Premios") &&
	    now.text.includes("Abierto en: Borrador"),
	    "switch: " + JSON.stringify(now));
	noEnglish("/cycle switched", now.text, ENGLISH);
	await context.close();
}

// axe-core on the organizers' pages, in Spanish and Arabic, at both
// widths.
for (const locale of ["es", "ar"]) {
	for (const width of [360, 1280]) {
		for (const [path, ready] of pages) {
			const { context, page } = await open(path, ready,
			    locale, width);
			const s = await seen(page);
			const what = path + " " + locale + " " + width;
			if (s.lang !== locale)
				found.push(what + ": lang " + s.lang);
			if (s.keys.length)
				found.push(what + ": keys shown " + s.keys);
			for (const v of await axe(page))
				found.push(what + ": " + v);
			if (width === 360 && await scrollsSideways(page))
				found.push(what + ": scrolls sideways");
			await context.close();
		}
	}
}
await browser.close();
check(errors.length === 0, "page errors:\n" + errors.join("\n"));
check(found.length === 0, "organizers' pages:\n" + found.join("\n"));
console.log(JSON.stringify({ ok: true }));
