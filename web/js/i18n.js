/* Languages (SPEC §9): every word a public page shows comes from the
   catalogue of the reader's language, web/i18n/LANG.json (flat keys, ICU
   message syntax: {name} and {count, plural, one {...} other {...}}).
   Load this first, before common.js.

   A page starts in the language kept from an earlier choice
   (localStorage), else in the browser's first supported one
   (navigator.languages), else in English.  <html> gets its lang and dir
   at once, before the catalogue arrives, so the layout never flips; the
   page stays invisible (html.i18n-loading, style.css) until its words
   are in place.

   In the HTML, an element with data-i18n="key" gets the message as its
   text; data-i18n-attr="attribute:key,..." sets attributes.  A message
   with a {slot} that names a child element marked data-slot="slot"
   keeps that element in its place (a link, a <strong> filled by the
   page).  Pages set words with say(element, key, params), which records
   key and params on the element, so that switching language rewrites
   every word already shown, whatever the page did since. */

/* The token of a link: it travels in the URL fragment (#token=...) so
   that it never reaches a server log; a POST from the page spends it.
   It leaves the address bar and the history at once, when this file
   loads (this file comes first on every page that a link opens), before
   any request: whoever sits at the browser later finds no manage link in
   the history.  The page keeps it in memory and in this
   tab's sessionStorage (so that a reload still works), never anywhere
   that outlives the tab. */
const linkToken = (function () {
	const key = "token:" + location.pathname;
	const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
	if (!m)
		return sessionStorage.getItem(key);
	history.replaceState(null, "", location.pathname + location.search);
	sessionStorage.setItem(key, m[1]);
	return m[1];
})();

"use strict";

/* The languages offered, in their own names; a new one needs its
   catalogue, a row here and one in cgi/event.c (docs/languages.md). */
const LANGUAGES = {
	en: { name: "English", dir: "ltr" },
	es: { name: "Español", dir: "ltr" },
	ar: { name: "العربية", dir: "rtl" },
};
const LANG_DEFAULT = "en";

/* The language to start in. */
function langChosen() {
	let kept = null;
	try { kept = localStorage.getItem("lang"); } catch (e) { kept = null; }
	if (kept && LANGUAGES[kept])
		return kept;
	const wanted = navigator.languages && navigator.languages.length ?
	    navigator.languages : [navigator.language || LANG_DEFAULT];
	for (const tag of wanted) {
		const base = String(tag).toLowerCase().split("-")[0];
		if (LANGUAGES[base])
			return base;
	}
	return LANG_DEFAULT;
}

let lang = langChosen();
let messages = {};
const slotsOf = new WeakMap();

function langSetDocument() {
	document.documentElement.lang = lang;
	document.documentElement.dir = LANGUAGES[lang].dir;
}
langSetDocument();
document.documentElement.classList.add("i18n-loading");

/* The reader's language, for Intl and for the API ("lang"). */
function currentLang() {
	return lang;
}

/* --- messages ------------------------------------------------------- */

/* Splits the text of a plural's branches: "one {..} other {..}" into
   [[selector, text], ...]. */
function pluralBranches(text) {
	const out = [];
	let i = 0;
	while (i < text.length) {
		while (i < text.length && /\s/.test(text[i]))
			i++;
		const open = text.indexOf("{", i);
		if (open === -1)
			break;
		const selector = text.slice(i, open).trim();
		let depth = 0, j = open;
		for (; j < text.length; j++) {
			if (text[j] === "{")
				depth++;
			else if (text[j] === "}" && --depth === 0)
				break;
		}
		out.push([selector, text.slice(open + 1, j)]);
		i = j + 1;
	}
	return out;
}

/* A number in the reader's digits. */
function number(n) {
	return new Intl.NumberFormat(lang).format(n);
}

/* v with exactly digits decimals, in the reader's digits (a score, a
   spread); "—" when there is none. */
function fixedNumber(v, digits) {
	if (v === null || v === undefined)
		return "—";
	return new Intl.NumberFormat(lang, { minimumFractionDigits: digits,
	    maximumFractionDigits: digits }).format(Number(v));
}

/* The time of day of iso, in the reader's language and time zone,
   which it names. */
function timeOfDay(iso) {
	return new Intl.DateTimeFormat(lang, { hour: "numeric",
	    minute: "2-digit", second: "2-digit", timeZoneName: "short" })
	    .format(new Date(iso));
}

/* Formats the ICU message text with params into a list of parts:
   strings, and the values of params that are not strings or numbers
   (elements), in order. */
function formatParts(text, params) {
	const parts = [];
	let i = 0;
	while (i < text.length) {
		const open = text.indexOf("{", i);
		if (open === -1) {
			parts.push(text.slice(i));
			break;
		}
		parts.push(text.slice(i, open));
		let depth = 0, close = open;
		for (; close < text.length; close++) {
			if (text[close] === "{")
				depth++;
			else if (text[close] === "}" && --depth === 0)
				break;
		}
		const inner = text.slice(open + 1, close);
		const comma = inner.indexOf(",");
		if (comma === -1) {
			const v = params[inner.trim()];
			parts.push(v === undefined ? "{" + inner + "}" :
			    typeof v === "number" ? number(v) : v);
		} else {
			const name = inner.slice(0, comma).trim();
			const rest = inner.slice(comma + 1);
			const comma2 = rest.indexOf(",");
			const n = Number(params[name]);
			const branches = pluralBranches(rest.slice(comma2 + 1));
			const category = new Intl.PluralRules(lang).select(n);
			const hit = branches.find((b) => b[0] === "=" + n) ||
			    branches.find((b) => b[0] === category) ||
			    branches.find((b) => b[0] === "other");
			if (hit)
				parts.push(...formatParts(hit[1].replace(/#/g,
				    number(n)), params));
		}
		i = close + 1;
	}
	return parts.filter((p) => p !== "");
}

/* params with its dates, times, numbers and messages (say()) written
   for the reader. */
function paramsResolved(params) {
	const out = {};
	for (const [name, v] of Object.entries(params || {}))
		if (v && typeof v === "object" && v.date)
			out[name] = when(v.date);
		else if (v && typeof v === "object" && v.time)
			out[name] = timeOfDay(v.time);
		else if (v && typeof v === "object" && "fixed" in v)
			out[name] = fixedNumber(v.fixed, v.digits);
		else if (v && typeof v === "object" && v.msg)
			out[name] = t(v.msg, v.params);
		else if (v && typeof v === "object" && Array.isArray(v.list))
			out[name] = new Intl.ListFormat(lang, { type:
			    "conjunction" }).format(v.list.map((item) =>
			    String(paramsResolved({ item }).item)));
		else
			out[name] = v;
	return out;
}

/* The message key in the reader's language, as text; a key missing
   from the catalogue (the catalogue test fails for one) shows as
   itself rather than as nothing. */
function t(key, params) {
	const text = messages[key];
	if (text === undefined)
		return key;
	return formatParts(text, paramsResolved(params)).map((p) =>
	    typeof p === "string" ? p : p.textContent).join("");
}

/* Whether the catalogue has key (the API's error codes). */
function hasMessage(key) {
	return messages[key] !== undefined;
}

/* Writes message key into element: its slots (children marked
   data-slot) keep their place, params fill the rest. */
function applyOne(element) {
	const key = element.dataset.i18n;
	const raw = element.dataset.i18nArgs ?
	    JSON.parse(element.dataset.i18nArgs) : {};
	const params = paramsResolved(raw);
	let slots = slotsOf.get(element);
	if (!slots) {
		slots = {};
		for (const child of element.querySelectorAll("[data-slot]"))
			slots[child.dataset.slot] = child;
		slotsOf.set(element, slots);
	}
	const all = Object.assign({}, slots, params);
	/* A name, an address or a title someone typed stands in a <bdi>,
	   so that an English address in an Arabic sentence (or an Arabic
	   name in an English one) keeps its own direction and does not
	   reorder the words around it. */
	for (const [name, v] of Object.entries(params))
		if (typeof v === "string" && raw[name] === v) {
			all[name] = document.createElement("bdi");
			all[name].textContent = v;
		}
	if (messages[key] === undefined)
		return;
	element.replaceChildren(...formatParts(messages[key], all));
}

/* Sets the attributes of data-i18n-attr="attr:key,attr:key", filled
   with the params of data-i18n-attr-args. */
function applyAttributes(element) {
	const params = element.dataset.i18nAttrArgs ?
	    JSON.parse(element.dataset.i18nAttrArgs) : undefined;
	for (const pair of element.dataset.i18nAttr.split(",")) {
		const [attr, key] = pair.split(":");
		const name = key.trim();
		if (messages[name] !== undefined)
			element.setAttribute(attr.trim(), t(name, params));
	}
}

/* Rewrites every word of the document in the current language. */
function applyAll() {
	for (const e of document.querySelectorAll("[data-i18n]"))
		applyOne(e);
	for (const e of document.querySelectorAll("[data-i18n-attr]"))
		applyAttributes(e);
	const title = document.documentElement.dataset.i18nTitle;
	if (title)
		document.title = t(title, JSON.parse(
		    document.documentElement.dataset.i18nTitleArgs || "{}"));
	const select = document.getElementById("lang-select");
	if (select)
		select.value = lang;
}

/* Gives element the words of key with params (strings, numbers,
   {date: iso} for a date written for the reader, {time: iso} for a time
   of day, {fixed: number, digits: n} for a number with n decimals
   ("—" for null), or {msg: key, params}
   for the words of another message, such as a field's label, or
   {list: [param, ...]} for a list "a, b and c"), now and at
   every switch of language.  Returns element. */
function say(element, key, params) {
	element.dataset.i18n = key;
	if (params)
		element.dataset.i18nArgs = JSON.stringify(params);
	else
		delete element.dataset.i18nArgs;
	applyOne(element);
	return element;
}

/* Gives element's attribute attr (an aria-label, a card's data-label)
   the words of key with params, as say() does its text: now and at
   every switch of language.  The params are shared by every attribute
   the element has from a catalogue.  Returns element. */
function sayAttr(element, attr, key, params) {
	const pairs = (element.dataset.i18nAttr || "").split(",").filter(
	    (p) => p && p.split(":")[0] !== attr);
	pairs.push(attr + ":" + key);
	element.dataset.i18nAttr = pairs.join(",");
	if (params)
		element.dataset.i18nAttrArgs = JSON.stringify(params);
	applyAttributes(element);
	return element;
}

/* The document's title, now and at every switch. */
function sayTitle(key, params) {
	document.documentElement.dataset.i18nTitle = key;
	document.documentElement.dataset.i18nTitleArgs =
	    JSON.stringify(params || {});
	document.title = t(key, params);
}

/* --- the switch ----------------------------------------------------- */

async function loadCatalogue(code) {
	const r = await fetch("/i18n/" + code + ".json",
	    { credentials: "same-origin" });
	if (!r.ok)
		throw new Error("catalogue " + code + ": " + r.status);
	return r.json();
}

/* Switches the page to code and keeps the choice for every page. */
async function langSwitch(code) {
	if (!LANGUAGES[code])
		return;
	try { localStorage.setItem("lang", code); } catch (e) { /* kept
	    for this page only */ }
	messages = await loadCatalogue(code);
	lang = code;
	langSetDocument();
	applyAll();
	document.dispatchEvent(new CustomEvent("langchange"));
}

/* The switch: a labelled <select> at the end of the page's header,
   each language named in itself. */
function langSwitchShow() {
	const header = document.querySelector("header.site");
	if (!header || document.getElementById("lang-select"))
		return;
	const box = document.createElement("div");
	box.className = "lang-switch";
	const label = document.createElement("label");
	label.htmlFor = "lang-select";
	label.dataset.i18n = "lang.label";
	label.textContent = "Language";
	const select = document.createElement("select");
	select.id = "lang-select";
	for (const [code, info] of Object.entries(LANGUAGES)) {
		const option = document.createElement("option");
		option.value = code;
		option.lang = code;
		option.textContent = info.name;
		select.append(option);
	}
	select.value = lang;
	select.addEventListener("change", () => langSwitch(select.value));
	box.append(label, select);
	header.append(box);
}

/* Resolves once the page's words are in the reader's language (or, if
   the catalogue cannot be had, left in English). */
const i18nReady = (async () => {
	try {
		messages = await loadCatalogue(lang);
	} catch (e) {
		lang = LANG_DEFAULT;
		langSetDocument();
		try { messages = await loadCatalogue(lang); } catch (e2) {
			messages = {};
		}
	}
	if (document.readyState === "loading")
		await new Promise((resolve) => document.addEventListener(
		    "DOMContentLoaded", resolve, { once: true }));
	langSwitchShow();
	applyAll();
	document.documentElement.classList.remove("i18n-loading");
})();
