/* What the organizer pages share: the phase table (GET /api/phases, so no
   page restates which phase allows what), a confirmation step before
   what cannot be undone, and moving focus to an action's result.  Its
   words are in the catalogues (console.*, phase.*).  Loaded after
   i18n.js and common.js. */
"use strict";

/* The phase's name as people read it, in the reader's language. */
function phaseName(phase) {
	return hasMessage("phase." + phase) ? t("phase." + phase) : phase;
}

let phaseTable = null;

/* The table of what each phase allows, asked once per page:
   {action name: [phases]}. */
async function phasesReady() {
	if (phaseTable === null)
		phaseTable = api("GET", "/api/phases").then((r) => {
			const t = {};
			if (r.status === 200)
				for (const a of r.body.actions)
					t[a.name] = a;
			return t;
		});
	return phaseTable;
}

/* Whether action is allowed in phase, by the API's table. */
async function phaseAllows(action, phase) {
	const t = await phasesReady();
	return !!(t[action] && t[action].allowed.includes(phase));
}

/* Every element with data-action="x" inside root shows its children of
   class "when-open" only when the phase allows x; otherwise a note (class
   "when-closed", made if missing) says why and when it opens. */
async function applyPhase(root, phase) {
	const t = await phasesReady();
	for (const box of root.querySelectorAll("[data-action]")) {
		const a = t[box.dataset.action];
		if (!a)
			continue;
		const open = a.allowed.includes(phase);
		for (const part of box.querySelectorAll(".when-open"))
			part.hidden = !open;
		let note = box.querySelector(".when-closed");
		if (!note) {
			note = el("p", null, "muted when-closed");
			box.querySelector(".when-open") ?
			    box.querySelector(".when-open").before(note) :
			    box.append(note);
		}
		say(note, "console.closed", { phase: { msg: "phase." + phase },
		    allowed: { list: a.allowed.map((p) =>
		    ({ msg: "phase." + p })) } });
		note.hidden = open;
		box.dataset.open = open ? "1" : "0";
	}
}

/* Shows message ([key, params] of the catalogue) in the result region r
   (role="status" or role="alert", tabindex="-1") and moves focus there,
   so the keyboard and the screen reader land on what the action did;
   null empties and hides it. */
function showResult(r, message, good) {
	if (message)
		say(r, ...message);
	else
		r.textContent = "";
	r.hidden = !message;
	if (r.classList.contains("notice"))
		r.classList.toggle("bad", good === false);
	if (message)
		r.focus();
}

/*
 * A confirmation step before what cannot be undone: a modal dialog with
 * title, the consequence in words and numbers (lines), a confirming
 * button, and Cancel (also Escape).  With typed, the confirming button
 * works only once that word is typed.  Resolves to true when confirmed;
 * focus goes back to opener after a cancel.
 */
function confirmStep(opts) {
	return new Promise((resolve) => {
		const d = el("dialog", null, "confirm");
		const id = "confirm-" + Math.random().toString(36).slice(2);
		d.setAttribute("aria-labelledby", id + "-t");
		d.setAttribute("aria-describedby", id + "-d");
		const h = el("h2", opts.title);
		h.id = id + "-t";
		const body = el("div");
		body.id = id + "-d";
		for (const line of opts.lines)
			body.append(el("p", line));
		d.append(h, body);
		let input = null, err = null;
		if (opts.typed) {
			const label = el("label", t("console.type_hint",
			    { word: opts.typed }));
			input = el("input");
			input.type = "text";
			input.id = id + "-i";
			input.autocomplete = "off";
			label.htmlFor = input.id;
			err = el("p", null, "error");
			err.id = id + "-e";
			err.setAttribute("role", "alert");
			err.hidden = true;
			input.setAttribute("aria-describedby", err.id);
			d.append(label, input, err);
		}
		const ok = el("button", opts.confirm, "danger");
		ok.type = "button";
		ok.dataset.confirm = "1";
		const no = el("button", t("common.cancel"), "secondary");
		no.type = "button";
		no.dataset.cancel = "1";
		const row = el("p", null, "actions");
		row.append(ok, no);
		d.append(row);
		document.body.append(d);
		let answer = false;
		const finish = (yes) => {
			answer = yes;
			d.close();
		};
		d.addEventListener("close", () => {
			d.remove();
			if (!answer && opts.opener &&
			    document.body.contains(opts.opener))
				opts.opener.focus();
			resolve(answer);
		});
		ok.addEventListener("click", () => {
			if (input && input.value.trim() !== opts.typed) {
				err.textContent = t("console.type_wrong",
				    { word: opts.typed });
				err.hidden = false;
				input.setAttribute("aria-invalid", "true");
				input.focus();
				return;
			}
			finish(true);
		});
		no.addEventListener("click", () => finish(false));
		d.showModal();
		(input || no).focus();
	});
}

/* A button whose visible words are the message text ([key, params])
   and whose name, for a screen reader, goes on with the message more
   (whom it acts on), so that the name starts with what is seen. */
function actionButton(text, more, cls) {
	const b = el("button", null, cls);
	b.type = "button";
	b.append(say(el("span"), ...text));
	if (more)
		b.append(" ", say(el("span", null, "visually-hidden"),
		    ...more));
	return b;
}
