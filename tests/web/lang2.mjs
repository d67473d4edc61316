// The nominator's pages in Spanish and Arabic, and referees from the
// form to the manage page.
// Usage: node lang2.mjs BASE_URL PHASE [ARG...] SCREENSHOT_DIR
//   form-es            /nominate in Spanish: its words, its errors, a
//                      nomination naming two referees; prints SENT
//   form-ar            /nominate in Arabic, right to left
//   switch             the switch on /nominate, kept on /manage
//   manage TOKEN STATE the manage page lists two referees, each STATE
import { launch, check } from "./browser.mjs";

const args = process.argv.slice(2);
const [base, phase] = args;
const shots = args[args.length - 1];
const browser = await launch();
const errors = [];

const STATEMENT = "Organizó una red de apoyo para sobrevivientes en el " +
    "campus y formó a cuarenta voluntarias para atenderla con cuidado.";

async function open(path, locale, width) {
	const context = await browser.newContext({ locale,
	    viewport: { width: width || 1280, height: 900 } });
	const page = await context.newPage();
	page.on("pageerror", (e) => errors.push(String(e)));
	await page.goto(base + path);
	await page.waitForFunction(() =>
	    !document.documentElement.classList.contains("i18n-loading"));
	return { context, page };
}

async function text(page, selector) {
	return (await page.textContent(selector)).replace(/\s+/g, " ").trim();
}

if (phase === "form-es") {
	const { context, page } = await open("/nominate", "es-ES", 360);
	await page.waitForSelector("#form:not([hidden])");
	check(await page.evaluate(() => document.documentElement.lang) === "es",
	    "lang es");
	const h1 = await text(page, "h1");
	check(h1.startsWith("Nominar a alguien para"), "es h1: " + h1);
	check(await text(page, "label[for=nominee-name]") ===
	    "Su nombre (obligatorio)", "es label");
	check((await text(page, "#send")) === "Enviar la nominación",
	    "es button");
	check((await text(page, "#referees legend")) === "Cartas de apoyo",
	    "es referees");
	check((await text(page, "#referees-hint")).includes("2 personas"),
	    "es plural: " + await text(page, "#referees-hint"));
	check(/\(.*\)|UTC|hora/i.test(await text(page, "#deadline")) ||
	    (await text(page, "#deadline")).length > 10, "deadline written");
	// Errors in Spanish, at their fields and in the summary.
	await page.click("#send");
	await page.waitForSelector("#summary:not([hidden])");
	check(await text(page, "#summary-title") === "Revise el formulario",
	    "es summary: " + await text(page, "#summary-title"));
	check(await text(page, "#category-error") === "Elija una categoría",
	    "es category error");
	await page.getByRole("radio", { name: /Students/ }).check();
	await page.fill("#nominee-name", "Ada Lovelace");
	await page.fill("#nominee-email", "ada@example.org");
	await page.fill("#nominator-name", "Carlos Babbage");
	await page.fill("#nominator-email", "carlos@example.org");
	await page.fill("#statement", STATEMENT);
	// A referee who is the nominee, refused in the page, at its field.
	await page.fill("#referee-0-name", "Ada");
	await page.fill("#referee-0-email", "ADA@example.org");
	await page.click("#send");
	await page.waitForSelector("#referee-0-email-error:not([hidden])");
	const e = await text(page, "#referee-0-email-error");
	check(e.includes("persona nominada"), "es referee error: " + e);
	check(await page.getAttribute("#referee-0-email", "aria-invalid") ===
	    "true", "aria-invalid on the referee");
	await page.fill("#referee-0-name", "Rita Referee");
	await page.fill("#referee-0-email", "rita@example.org");
	await page.fill("#referee-0-relationship", "Colega");
	await page.fill("#referee-1-name", "Sam Second");
	await page.fill("#referee-1-email", "sam@example.org");
	await page.screenshot({ path: shots + "/lang2-nominate-es.png",
	    fullPage: true });
	await page.click("#send");
	await page.waitForSelector("#done:not([hidden])");
	check(await text(page, "#done-title") === "Revise su correo",
	    "es done: " + await text(page, "#done-title"));
	await context.close();
	console.log("SENT");
} else if (phase === "form-ar") {
	const { context, page } = await open("/nominate", "ar", 360);
	await page.waitForSelector("#form:not([hidden])");
	const h = await page.evaluate(() => ({
	    lang: document.documentElement.lang,
	    dir: document.documentElement.dir }));
	check(h.lang === "ar" && h.dir === "rtl", "ar: " + JSON.stringify(h));
	check((await text(page, "h1")).startsWith("رشّح شخصًا"), "ar h1");
	check(await text(page, "#send") === "إرسال الترشيح", "ar button");
	// Mirrored: a label starts at the right edge of the form.
	const side = await page.evaluate(() => {
		const f = document.getElementById("form").getBoundingClientRect();
		const r = document.createRange();
		r.selectNodeContents(document.querySelector(
		    "label[for=nominee-name] span"));
		const s = r.getBoundingClientRect();
		return f.right - s.right < s.left - f.left;
	});
	check(side, "ar: the form is not mirrored");
	await page.click("#send");
	await page.waitForSelector("#summary:not([hidden])");
	check(await text(page, "#summary-title") === "يرجى مراجعة النموذج",
	    "ar summary");
	await page.screenshot({ path: shots + "/lang2-nominate-ar.png",
	    fullPage: true });
	await context.close();
} else if (phase === "switch") {
	const { context, page } = await open("/nominate", "en-US");
	await page.waitForSelector("#form:not([hidden])");
	check((await text(page, "h1")).startsWith("Nominate someone"), "en");
	await page.selectOption("#lang-select", "es");
	await page.waitForFunction(() => document.documentElement.lang === "es");
	check((await text(page, "h1")).startsWith("Nominar a alguien para"),
	    "switched: " + await text(page, "h1"));
	check(await text(page, "#statement-counter") ===
	    "0 caracteres: faltan al menos 50", "counter switched: " +
	    await text(page, "#statement-counter"));
	await page.goto(base + "/manage");
	await page.waitForFunction(() =>
	    !document.documentElement.classList.contains("i18n-loading"));
	await page.waitForSelector("#status.bad");
	check(await page.evaluate(() => document.documentElement.lang) === "es",
	    "kept on /manage");
	check((await text(page, "#status")).startsWith("Este enlace está " +
	    "incompleto"), "manage es: " + await text(page, "#status"));
	check(await text(page, "#exit") === "Salir de esta página", "exit es");
	await context.close();
} else if (phase === "manage") {
	const [token, state] = args.slice(2, 4);
	const { context, page } = await open("/manage#token=" + token, "en");
	await page.waitForSelector("#nomination:not([hidden])");
	const items = await page.$$eval("#referee-states li",
	    (l) => l.map((x) => x.textContent.replace(/\s+/g, " ").trim()));
	check(items.length === 2, "two referees: " + items);
	check(items.every((x) => x.endsWith(": " + state)),
	    "states " + state + ": " + items);
	check(!items.join(" ").includes("support"), "never a letter's text");
	if (state === "asked") {
		// Replace the second referee from the page.
		await page.click("#referees-edit");
		await page.waitForSelector("#referees-form:not([hidden])");
		check(await page.evaluate(() => document.activeElement.id) ===
		    "referees-form-title", "focus on the form");
		check(await page.inputValue("#referee-1-email") ===
		    "sam@example.org", "filled");
		await page.fill("#referee-1-email", "ada@example.org");
		await page.click("#referees-save");
		await page.waitForSelector(
		    "#referee-1-email-error:not([hidden])");
		await page.fill("#referee-1-name", "Tess Third");
		await page.fill("#referee-1-email", "tess@example.org");
		await page.click("#referees-save");
		await page.waitForSelector("#referees-form[hidden]",
		    { state: "attached" });
		check(await page.evaluate(() => document.activeElement.id) ===
		    "message", "focus on the result");
		const now = await page.$$eval("#referee-states li",
		    (l) => l.map((x) => x.textContent));
		check(now.length === 2 && now[1].includes("Tess Third"),
		    "replaced: " + now);
	}
	await page.screenshot({ path: shots + "/lang2-manage-" + state +
	    ".png", fullPage: true });
	await context.close();
} else {
	check(false, "unknown phase " + phase);
}
await browser.close();
check(errors.length === 0, "page errors: " + errors.join("; "));
