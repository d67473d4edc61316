/* What the candidate page (/candidate?id=ID) and the meeting (/meeting)
   show of one candidate for deliberation: the facts, its rankings row
   (places raw and normalised, spread, disputed, in words), the
   statements, every final review (each criterion's score with its
   scale's words, the comment, the reviewer's name) and the discussion
   thread.  What the API refuses a reader is left out with a sentence
   saying why.  A blind cycle never shows a nominator, to organizers
   either.  Every word from the catalogues.  Needs i18n.js and
   common.js. */
"use strict";

/* The ranking row of candidate id in a rankings answer, with its
   category, or null. */
function delibRankRow(rankings, id) {
	for (const cat of rankings.categories)
		for (const c of cat.candidates)
			if (c.candidate_id === id)
				return { cat, row: c };
	return null;
}

/* Why normalisation moved a candidate, in words: [key, params]. */
function delibMoved(c) {
	if (!c.reviews)
		return ["delib.no_final"];
	const d = c.rank_raw - c.rank;
	if (d === 0)
		return ["delib.moved_none"];
	return [d > 0 ? "delib.moved_up" : "delib.moved_down",
	    { count: Math.abs(d) }];
}

function delibSection(titleKey, id) {
	const s = el("section", null, "card");
	const h = say(el("h2"), titleKey);
	h.id = id + "-title";
	s.id = id;
	s.setAttribute("aria-labelledby", h.id);
	s.append(h);
	return s;
}

function delibFacts(c, row) {
	const s = delibSection("delib.standing", "standing");
	const dl = el("dl", null, "facts");
	/* v: the data's own text, or [key, params] of the catalogue. */
	const add = (k, v, cls) => {
		const dd = typeof v === "string" ? el("dd", v) :
		    say(el("dd"), ...v);
		if (cls)
			dd.className = cls;
		dl.append(say(el("dt"), k), dd);
	};
	add("delib.affiliation", c.nominee_affiliation || "—");
	add("delib.category", c.category.name);
	add("delib.cycle", c.cycle.name);
	if (row) {
		const r = row.row;
		add("delib.place", ["delib.place_value", { rank: r.rank,
		    total: row.cat.candidates.length, raw: r.rank_raw }],
		    "place");
		add("delib.score", ["delib.score_value",
		    { score: { fixed: r.score, digits: 4 },
		    raw: { fixed: r.raw, digits: 1 } }]);
		add("delib.reviews", ["common.number", { n: r.reviews }]);
		add("delib.spread", [r.disputed ? "delib.spread_disputed" :
		    "delib.spread_calm", { spread: { fixed: r.spread,
		    digits: 4 } }], r.disputed ? "disputed yes" : "disputed");
		add("delib.normalisation", delibMoved(r));
	}
	s.append(dl);
	return s;
}

function delibStatements(c) {
	const s = delibSection("delib.statements", "statements");
	const list = (c.nominations || []).filter((n) => n.statement &&
	    (!n.status || n.status === "eligible" || n.status === "submitted"));
	if (!list.length)
		s.append(say(el("p", null, "muted"), "delib.no_statement"));
	list.forEach((n, i) => {
		const art = el("article", null, "nomination");
		art.append(say(el("h3"), "score.nomination_n", { n: i + 1 }));
		const role = n.nominee_role || (n.nominee && n.nominee.role);
		const meta = [];
		if (role)
			meta.push(say(el("span"), "score.nominee_role", { role }));
		if (!c.cycle.blind && n.nominator && n.nominator.name)
			meta.push(say(el("span"), "score.nominated_by",
			    { name: n.nominator.name }));
		if (meta.length) {
			const p = el("p", null, "statement-meta");
			meta.forEach((m, j) => p.append(j ? " · " : "", m));
			art.append(p);
		}
		art.append(Object.assign(el("p", n.statement,
		    "statement"), { dir: "auto" }));
		s.append(art);
	});
	return s;
}

/* "4 (scale 1 = not at all … 5 = exemplary)", as [key, params]. */
function delibScore(crit, v) {
	let scale = { msg: "delib.scale_plain", params: { min: crit.min,
	    max: crit.max } };
	if (crit.min_label || crit.max_label)
		scale = { msg: "delib.scale_words", params: { min: crit.min,
		    max: crit.max, min_label: crit.min_label ||
		    { msg: "delib.lowest" }, max_label: crit.max_label ||
		    { msg: "delib.highest" } } };
	const word = v === crit.min && crit.min_label ? crit.min_label :
	    v === crit.max && crit.max_label ? crit.max_label : null;
	const value = v === undefined ? { msg: "score.not_scored" } : v;
	return word ? ["delib.score_line_word", { value, word, scale }] :
	    ["delib.score_line", { value, scale }];
}

function delibReviews(c, reviews, note, onReopen) {
	const s = delibSection("delib.reviews_title", "reviews");
	if (note) {
		s.append(say(el("p", null, "muted"), ...note));
		return s;
	}
	const finals = reviews.filter((r) => r.final);
	if (!finals.length)
		s.append(say(el("p", null, "muted"), "delib.no_final"));
	const drafts = reviews.length - finals.length;
	if (drafts)
		s.append(say(el("p", null, "muted"), "delib.drafts",
		    { count: drafts }));
	for (const r of finals) {
		const art = el("article", null, "review");
		art.dataset.review = r.id;
		art.append(el("h3", r.reviewer_name));
		const dl = el("dl", null, "facts");
		for (const crit of c.criteria || []) {
			dl.append(el("dt", crit.name), say(el("dd"),
			    ...delibScore(crit, r.scores[String(crit.id)])));
		}
		art.append(dl);
		art.append(r.comment ? Object.assign(el("p",
		    r.comment, "statement"), { dir: "auto" }) :
		    say(el("p", null, "muted"), "delib.no_comment"));
		if (onReopen)
			art.append(onReopen(r));
		s.append(art);
	}
	return s;
}

/* The organizer's way to reopen a final review, with a reason the
   member reads. */
function delibReopenForm(r, reload) {
	const form = el("form", null, "reopen");
	form.noValidate = true;
	const id = "reopen-" + r.id;
	const label = say(el("label"), "delib.reopen_label",
	    { name: r.reviewer_name });
	label.htmlFor = id;
	const text = el("textarea");
	text.dir = "auto";
	text.id = id;
	text.maxLength = 1000;
	const err = el("p", null, "error");
	err.id = id + "-error";
	err.hidden = true;
	err.setAttribute("role", "alert");
	text.setAttribute("aria-describedby", err.id);
	const b = say(el("button", null, "secondary"), "delib.reopen_button");
	b.type = "submit";
	form.append(label, text, err, el("div", null, "actions"));
	form.lastChild.append(b);
	form.addEventListener("submit", async (e) => {
		e.preventDefault();
		const res = await api("POST", "/api/reviews/" + r.id +
		    "/reopen", { reason: text.value });
		if (res.status !== 200) {
			say(err, ...(res.status === 422 ?
			    ["delib.reopen_missing"] : errorMessage(res)));
			err.hidden = false;
			text.focus();
			return;
		}
		await reload();
	});
	return form;
}

function delibThread(cand, comments, note, reload, user) {
	const s = delibSection("delib.thread", "thread");
	if (note) {
		s.append(say(el("p", null, "muted"), ...note));
		return s;
	}
	const list = el("ol", null, "thread");
	list.id = "thread-list";
	if (!comments.length)
		s.append(say(el("p", null, "muted"), "delib.thread_empty"));
	for (const k of comments) {
		const li = el("li", null, "comment");
		li.dataset.comment = k.id;
		const head = el("p", null, "statement-meta");
		head.append(el("strong", k.author_name), " · ",
		    say(el("span"), k.edited ? "delib.comment_meta_edited" :
		    "delib.comment_meta", { when: { date: k.created_at } }));
		li.append(head, Object.assign(el("p", k.body,
		    "statement"), { dir: "auto" }));
		if (k.editable && k.user_id === user.id) {
			const del = say(el("button", null, "secondary"),
			    "delib.delete");
			del.type = "button";
			del.addEventListener("click", async () => {
				const r = await api("DELETE", "/api/comments/" +
				    k.id);
				if (r.status === 204)
					await reload("comment-body");
			});
			li.append(del);
		}
		list.append(li);
	}
	s.append(list);
	const form = el("form", null, "comment-form");
	form.noValidate = true;
	const label = say(el("label"), "delib.comment_label");
	label.htmlFor = "comment-body";
	const hint = say(el("span", null, "hint"), "delib.comment_hint");
	hint.id = "comment-hint";
	label.append(" ", hint);
	const text = el("textarea");
	text.dir = "auto";
	text.id = "comment-body";
	text.maxLength = 5000;
	const err = el("p", null, "error");
	err.id = "comment-error";
	err.hidden = true;
	err.setAttribute("role", "alert");
	text.setAttribute("aria-describedby", "comment-hint comment-error");
	const b = say(el("button"), "delib.post");
	b.type = "submit";
	b.id = "comment-submit";
	const actions = el("div", null, "actions");
	actions.append(b);
	form.append(label, text, err, actions);
	form.addEventListener("submit", async (e) => {
		e.preventDefault();
		err.hidden = true;
		const res = await api("POST", "/api/candidates/" + cand +
		    "/comments", { body: text.value.trim() });
		if (res.status !== 201) {
			say(err, ...(res.status === 422 ?
			    ["delib.comment_length"] : errorMessage(res)));
			err.hidden = false;
			text.focus();
			return;
		}
		await reload("comment-body");
	});
	s.append(form);
	return s;
}

/* Shows candidate id in box for user (from the session).  Resolves to
   true, or false when the candidate cannot be shown (box says why). */
async function showDeliberation(box, id, user, focusId) {
	const organizer = user.role === "organizer";
	const res = await api("GET", "/api/candidates/" + id);
	box.textContent = "";
	if (res.status !== 200) {
		box.append(say(el("p", null, "notice bad"),
		    ...(res.status === 404 ? ["score.not_assigned"] :
		    errorMessage(res))));
		return false;
	}
	const c = res.body;
	const reload = (f) => showDeliberation(box, id, user, f);
	const [rank, revs, thread] = await Promise.all([
		api("GET", "/api/cycles/" + c.cycle.id + "/rankings"),
		api("GET", "/api/candidates/" + id + "/reviews"),
		api("GET", "/api/candidates/" + id + "/comments")]);
	const h = el("h2", c.nominee_name, "candidate-name");
	h.id = "candidate-name";
	h.tabIndex = -1;
	box.append(h);
	box.append(delibFacts(c, rank.status === 200 ?
	    delibRankRow(rank.body, id) : null));
	if (c.attested === false)
		box.append(say(el("p", null, "notice"), "delib.attest_first"));
	else
		box.append(delibStatements(c));
	box.append(delibReviews(c, revs.status === 200 ? revs.body.reviews :
	    [], revs.status === 200 ? null : revs.status === 409 ?
	    ["delib.reviews_later"] : errorMessage(revs), organizer && ["scoring", "deliberation"]
	    .includes(c.cycle.phase) ? (r) => delibReopenForm(r, reload) :
	    null));
	box.append(delibThread(id, thread.status === 200 ?
	    thread.body.comments : [], thread.status === 200 ? null :
	    thread.body && thread.body.error &&
	    thread.body.error.code === "review_not_final" ?
	    ["delib.thread_later"] : errorMessage(thread), reload, user));
	if (focusId && $(focusId))
		$(focusId).focus();
	return true;
}
