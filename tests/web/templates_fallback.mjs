// The template editor's fallback notice: a language with no text of its
// own for a mail shows whose text its readers get.
// Usage: node templates_fallback.mjs BASE_URL SESSION_COOKIE CYCLE_ID DIR
import { launch, check } from "./browser.mjs";

const [base, cookie, cycle] = process.argv.slice(2);
const browser = await launch();
const context = await browser.newContext();
await context.addCookies([{ name: "awards_session", value: cookie,
    url: base, httpOnly: true, sameSite: "Strict" }]);
const page = await context.newPage();
await page.goto(base + "/templates?cycle=" + cycle +
    "&event=letter_received&lang=es");
await page.waitForSelector("#editor:not([hidden])");
check(await page.isVisible("#fallback"), "the fallback notice shows");
const notice = await page.textContent("#fallback");
check(notice.includes("Spanish") && notice.includes("English"),
    "the notice names both languages: " + notice);
check(await page.getAttribute("#body", "lang") === "en",
    "the text shown is the English one");
await browser.close();
console.log("OK");
