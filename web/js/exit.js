/* "Exit this page": on the pages a nominator, a referee or a nominee may
   read where someone else could see the screen.  The button, or Escape
   pressed three times within two seconds, forgets the page's drafts and
   link tokens (all of this tab's sessionStorage) and replaces the page
   with a neutral one through location.replace, so the back button does
   not lead here again (the token already left the address bar and the
   history when the page loaded: common.js).  The neutral page is the
   open cycle's exit address (its exit_url, an http(s) address the API
   checked), else the site's home. */
"use strict";

const EXIT = {
	to: "/",	/* the site's home, which names no one */
	presses: 3,
	within: 2000,				/* milliseconds */
};

function exitPage() {
	/* Drafts, link tokens, the form's correction secret: all of it. */
	sessionStorage.clear();
	document.title = "";
	document.body.replaceChildren();
	location.replace(EXIT.to);
}

/* Takes the cycle's exit address when it has one; asked once, at load,
   so that the exit itself never waits on the network. */
async function exitAddress() {
	let res;
	try {
		res = await fetch("/api/cycles/current",
		    { credentials: "same-origin" });
		if (!res.ok)
			return;
		const cycle = await res.json();
		if (cycle && typeof cycle.exit_url === "string" &&
		    /^https?:\/\//i.test(cycle.exit_url))
			EXIT.to = cycle.exit_url;
	} catch (e) {
		/* The site's home, then. */
	}
}

(function () {
	let times = [];
	const button = document.getElementById("exit");
	if (button)
		button.addEventListener("click", exitPage);
	document.addEventListener("keydown", (ev) => {
		if (ev.key !== "Escape")
			return;
		const now = Date.now();
		times = times.filter((t) => now - t < EXIT.within);
		times.push(now);
		if (times.length >= EXIT.presses)
			exitPage();
	});
	exitAddress();
})();
