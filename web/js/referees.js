/* The referees of a nomination, shared by the form and the manage page:
   when the cycle asks for letters (letters_max above 0), up to that many
   rows of name, address and relationship (#referee-list), each field
   labelled and described by its error line.  The API names a referee's
   field referees[i].name; the page's input is #referee-i-name. */
"use strict";

const REFEREE_FIELDS = [
	{ part: "name", label: "nominate.referee_name", max: 200 },
	{ part: "email", label: "nominate.referee_email", max: 254 },
	{ part: "relationship", label: "nominate.referee_relationship",
	    max: 200 },
];

/* Loose on purpose: the server has the last word and its answer is shown
   beside the field too. */
function looksLikeEmail(s) {
	return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(s);
}

/* The same address, as the server compares them. */
function sameAddress(a, b) {
	return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/* One row: a heading and the three fields. */
function refereeRow(i) {
	const row = el("div", null, "referee");
	row.id = "referee-" + i;
	row.append(say(el("h3"), "nominate.referee_n", { n: i + 1 }));
	for (const f of REFEREE_FIELDS) {
		const id = "referee-" + i + "-" + f.part;
		const label = say(el("label"), f.label);
		label.htmlFor = id;
		const input = el("input");
		input.id = id;
		input.type = f.part === "email" ? "email" : "text";
		input.autocomplete = "off";
		if (f.part === "email") {
			input.inputMode = "email";
			input.spellcheck = false;
		}
		input.setAttribute("aria-describedby", id + "-error");
		const error = el("p", null, "error");
		error.id = id + "-error";
		error.hidden = true;
		row.append(label, input, error);
	}
	return row;
}

/* Fills #referee-list with count rows. */
function refereeRows(count) {
	const list = $("referee-list");
	list.replaceChildren();
	for (let i = 0; i < count; i++)
		list.append(refereeRow(i));
}

/* The referees typed, in their rows' order, empty rows left out:
   [{row, value}], so that the API's referees[k] finds its row. */
function refereesTyped() {
	const out = [];
	for (let i = 0; $("referee-" + i + "-name"); i++) {
		const r = {};
		for (const f of REFEREE_FIELDS)
			r[f.part] = $("referee-" + i + "-" + f.part).value.trim();
		if (r.name || r.email || r.relationship)
			out.push({ row: i, value: r });
	}
	return out;
}

/* The problem with field part of row i as typed, as [key, params], or
   null.  A row left empty is no referee; a row begun needs a name and an
   address, neither the nominee's (nominee) nor the nominator's
   (nominator) nor that of a row above. */
function refereeProblem(i, part, nominee, nominator) {
	const value = (p) => $("referee-" + i + "-" + p).value.trim();
	const f = REFEREE_FIELDS.find((x) => x.part === part);
	const v = value(part);
	if (!REFEREE_FIELDS.some((x) => value(x.part) !== ""))
		return null;
	const label = { label: { msg: f.label } };
	if ([...v].length > f.max)
		return ["form.too_long", { label: { msg: f.label },
		    max: f.max }];
	if (part === "name" && v === "")
		return ["form.referee_name_missing"];
	if (part !== "email")
		return null;
	if (v === "")
		return ["form.referee_email_missing"];
	if (!looksLikeEmail(v))
		return ["form.referee_email_bad"];
	if (nominee && sameAddress(v, nominee))
		return ["form.server_referee_nominee", label];
	if (nominator && sameAddress(v, nominator))
		return ["form.server_referee_nominator", label];
	for (let j = 0; j < i; j++) {
		const other = $("referee-" + j + "-email").value;
		if (other.trim() !== "" && sameAddress(v, other))
			return ["form.server_referee_twice", label];
	}
	return null;
}

/* The page's field key for the API's key: referees[k] is the k-th row
   sent, not the k-th row of the page. */
function refereePageKey(key) {
	const m = /^referees\[(\d+)\]\.(\w+)$/.exec(key);
	if (!m)
		return key;
	const sent = refereesTyped()[Number(m[1])];
	return sent ? "referees[" + sent.row + "]." + m[2] : "referees";
}

/* Shows (or with why null, clears) the error of one referee's field. */
function refereeError(i, part, why) {
	const box = $("referee-" + i + "-" + part + "-error");
	const input = $("referee-" + i + "-" + part);
	if (!box || !input)
		return;
	if (why)
		say(box, why[0], why[1]);
	else
		box.replaceChildren();
	box.hidden = !why;
	if (why)
		input.setAttribute("aria-invalid", "true");
	else
		input.removeAttribute("aria-invalid");
}
