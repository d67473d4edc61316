// Links with tokens (issue 12, defect 4): every page that reads a
// #token= takes it out of the address at once, before any request, and
// keeps it only in memory or sessionStorage.
//   node tokens.mjs BASE CONFIRM_TOKEN MANAGE_TOKEN LOGIN_TOKEN SHOTS
import { launch, check } from "./browser.mjs";

const [base, confirmToken, manageToken, loginToken] = process.argv.slice(2);
const browser = await launch();

// Records the address the page shows at each request it makes.
function spy() {
	window.__seen = [];
	const f = window.fetch;
	window.fetch = (...args) => {
		window.__seen.push(location.href);
		return f(...args);
	};
}

async function visit(path, token, ready) {
	const context = await browser.newContext();
	await context.addInitScript(spy);
	const page = await context.newPage();
	await page.goto(`${base}${path}#token=${token}`);
	await page.waitForSelector(ready);
	const seen = await page.evaluate(() => window.__seen);
	check(seen.length > 0 || path !== "/manage", path + ": no request");
	for (const href of seen)
		check(!href.includes("token"), `${path}: requested at ${href}`);
	const href = await page.evaluate(() => location.href);
	check(!href.includes(token), `${path}: still in the address: ${href}`);
	const stored = await page.evaluate(() => JSON.stringify(localStorage));
	check(!stored.includes(token), `${path}: in localStorage`);
	return { context, page };
}

// manage reads the nomination at once; a reload still works, and going
// back finds no token in the history.
{
	const { context, page } = await visit("/manage", manageToken,
	    "#nomination:not([hidden])");
	await page.waitForFunction(() => window.__seen.length > 0);
	await page.reload();
	await page.waitForFunction(() => window.__seen.length > 0);
	const seen = await page.evaluate(() => window.__seen);
	check(seen.every((h) => !h.includes("token")), "manage after reload");
	const entries = await page.evaluate(() => history.length);
	check(entries >= 1, "history");
	await context.close();
}
// confirm asks before spending; nothing in the address meanwhile.
{
	const { context } = await visit("/confirm", confirmToken, "#confirm");
	await context.close();
}
// login: a link to choose a password.
{
	const { context } = await visit("/login", loginToken,
	    "#token-section:not([hidden])");
	await context.close();
}
await browser.close();
console.log("ok");
