/* What the candidate page (/candidate?id=ID) and the meeting (/meeting)
   show of one candidate for deliberation: the facts, its rankings row
   (places raw and normalised, spread, disputed, in words), the
   statements, every final review (each criterion's score with its
   scale's words, the comment, the reviewer's name) and the discussion
   thread.  What the API refuses a reader is left out with a sentence
   saying why.  A blind cycle never shows a nominator, to organizers
   either.  Needs common.js. */
"use strict";

function delibFixed(v, digits) {
	return v === null || v === undefined ? "—" : Number(v).toFixed(digits);
}

/* The ranking row of candidate id in a rankings answer, with its
   category, or null. */
function delibRankRow(rankings, id) {
	for (const cat of rankings.categories)
		for (const c of cat.candidates)
			if (c.candidate_id === id)
				return { cat, row: c };
	return null;
}

/* Why normalisation moved a candidate, in words. */
function delibMoved(c) {
	if (!c.reviews)
		return "No final review yet.";
	const d = c.rank_raw - c.rank;
	if (d === 0)
		return "Normalisation did not change its place.";
	return (d > 0 ? "Normalisation moved it up " + d :
	    "Normalisation moved it down " + (-d)) + (d === 1 || d === -1 ?
	    " place" : " places") + ": " + (d > 0 ?
	    "its reviewers scored everyone low, so its scores count for " +
	    "more than they look." :
	    "its reviewers scored everyone high, so its scores count for " +
	    "less than they look.");
}

function delibSection(title, id) {
	const s = el("section", null, "card");
	const h = el("h2", title);
	h.id = id + "-title";
	s.id = id;
	s.setAttribute("aria-labelledby", h.id);
	s.append(h);
	return s;
}

function delibFacts(c, row) {
	const s = delibSection("Where it stands", "standing");
	const dl = el("dl", null, "facts");
	const add = (k, v, cls) => {
		const dd = el("dd", v);
		if (cls)
			dd.className = cls;
		dl.append(el("dt", k), dd);
	};
	add("Affiliation", c.nominee_affiliation || "—");
	add("Category", c.category.name);
	add("Cycle", c.cycle.name);
	if (row) {
		add("Place", row.row.rank + " of " + row.cat.candidates.length +
		    " (by raw score alone: " + row.row.rank_raw + ")", "place");
		add("Score", delibFixed(row.row.score, 4) + " normalised, " +
		    delibFixed(row.row.raw, 1) + " raw out of 100");
		add("Reviews", String(row.row.reviews));
		add("Spread", delibFixed(row.row.spread, 4) + (row.row.disputed ?
		    " — disputed: the reviewers disagree" :
		    " — not disputed"), row.row.disputed ? "disputed yes" :
		    "disputed");
		add("Normalisation", delibMoved(row.row));
	}
	s.append(dl);
	return s;
}

function delibStatements(c) {
	const s = delibSection("Nominations", "statements");
	const list = (c.nominations || []).filter((n) => n.statement &&
	    (!n.status || n.status === "eligible" || n.status === "submitted"));
	if (!list.length)
		s.append(el("p", "No statement to read.", "muted"));
	list.forEach((n, i) => {
		const art = el("article", null, "nomination");
		art.append(el("h3", "Nomination " + (i + 1)));
		const role = n.nominee_role || (n.nominee && n.nominee.role);
		const meta = [];
		if (role)
			meta.push("Nominee's role: " + role);
		if (!c.cycle.blind && n.nominator && n.nominator.name)
			meta.push("Nominated by " + n.nominator.name);
		if (meta.length)
			art.append(el("p", meta.join(" · "), "statement-meta"));
		art.append(el("p", n.statement, "statement"));
		s.append(art);
	});
	return s;
}

/* "Impact: 4 (1 = not at all … 5 = exemplary)" */
function delibScore(crit, v) {
	let scale = crit.min + " to " + crit.max;
	if (crit.min_label || crit.max_label)
		scale = crit.min + " = " + (crit.min_label || "lowest") + " … " +
		    crit.max + " = " + (crit.max_label || "highest");
	let word = "";
	if (v === crit.min && crit.min_label)
		word = " — " + crit.min_label;
	if (v === crit.max && crit.max_label)
		word = " — " + crit.max_label;
	return (v === undefined ? "not scored" : String(v)) + word +
	    " (scale " + scale + ")";
}

function delibReviews(c, reviews, note, onReopen) {
	const s = delibSection("Final reviews", "reviews");
	if (note) {
		s.append(el("p", note, "muted"));
		return s;
	}
	const finals = reviews.filter((r) => r.final);
	if (!finals.length)
		s.append(el("p", "No final review yet.", "muted"));
	const drafts = reviews.length - finals.length;
	if (drafts)
		s.append(el("p", drafts + (drafts === 1 ? " review is" :
		    " reviews are") + " still a draft.", "muted"));
	for (const r of finals) {
		const art = el("article", null, "review");
		art.dataset.review = r.id;
		art.append(el("h3", r.reviewer_name));
		const dl = el("dl", null, "facts");
		for (const crit of c.criteria || []) {
			dl.append(el("dt", crit.name), el("dd",
			    delibScore(crit, r.scores[String(crit.id)])));
		}
		art.append(dl);
		art.append(el("p", r.comment ? r.comment : "No comment.",
		    r.comment ? "statement" : "muted"));
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
	const label = el("label", "Reason to reopen " + r.reviewer_name +
	    "'s review (they will read it)");
	label.htmlFor = id;
	const text = el("textarea");
	text.id = id;
	text.maxLength = 1000;
	const err = el("p", null, "error");
	err.id = id + "-error";
	err.hidden = true;
	err.setAttribute("role", "alert");
	text.setAttribute("aria-describedby", err.id);
	const b = el("button", "Reopen this review", "secondary");
	b.type = "submit";
	form.append(label, text, err, el("div", null, "actions"));
	form.lastChild.append(b);
	form.addEventListener("submit", async (e) => {
		e.preventDefault();
		const res = await api("POST", "/api/reviews/" + r.id +
		    "/reopen", { reason: text.value });
		if (res.status !== 200) {
			err.textContent = res.status === 422 ?
			    "Say why, for the member." : errorText(res);
			err.hidden = false;
			text.focus();
			return;
		}
		await reload();
	});
	return form;
}

function delibThread(cand, comments, note, reload, user) {
	const s = delibSection("Discussion", "thread");
	if (note) {
		s.append(el("p", note, "muted"));
		return s;
	}
	const list = el("ol", null, "thread");
	list.id = "thread-list";
	if (!comments.length)
		s.append(el("p", "No comment yet: start the discussion.",
		    "muted"));
	for (const k of comments) {
		const li = el("li", null, "comment");
		li.dataset.comment = k.id;
		const head = el("p", null, "statement-meta");
		head.append(el("strong", k.author_name), " · " +
		    when(k.created_at) + (k.edited ? " · edited" : ""));
		li.append(head, el("p", k.body, "statement"));
		if (k.editable && k.user_id === user.id) {
			const del = el("button", "Delete my comment",
			    "secondary");
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
	const label = el("label", "Your comment");
	label.htmlFor = "comment-body";
	const hint = el("span", " The committee reads it with your name. " +
	    "You can delete it within 15 minutes.", "hint");
	hint.id = "comment-hint";
	label.append(hint);
	const text = el("textarea");
	text.id = "comment-body";
	text.maxLength = 5000;
	const err = el("p", null, "error");
	err.id = "comment-error";
	err.hidden = true;
	err.setAttribute("role", "alert");
	text.setAttribute("aria-describedby", "comment-hint comment-error");
	const b = el("button", "Post comment");
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
			err.textContent = res.status === 422 ?
			    "Write 1 to 5,000 characters." : errorText(res);
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
		box.append(el("p", res.status === 404 ?
		    "This candidate is not among your assignments." :
		    errorText(res), "notice bad"));
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
		box.append(el("p", "Answer the conflict check on the scoring " +
		    "page to read the statements.", "notice"));
	else
		box.append(delibStatements(c));
	box.append(delibReviews(c, revs.status === 200 ? revs.body.reviews :
	    [], revs.status === 200 ? null : revs.status === 409 ?
	    "The reviews open to the committee during deliberation." :
	    errorText(revs), organizer && ["scoring", "deliberation"]
	    .includes(c.cycle.phase) ? (r) => delibReopenForm(r, reload) :
	    null));
	box.append(delibThread(id, thread.status === 200 ?
	    thread.body.comments : [], thread.status === 200 ? null :
	    thread.body && thread.body.error &&
	    thread.body.error.code === "review_not_final" ?
	    "The discussion opens to you once your own review is final." :
	    errorText(thread), reload, user));
	if (focusId && $(focusId))
		$(focusId).focus();
	return true;
}
