// Launches Debian's Chromium through playwright-core with the flags this
// machine needs (no sandbox as root, no background networking).
import { chromium } from "playwright-core";

export async function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic",
		    "--no-first-run", "--disable-background-networking",
		    "--disable-component-update", "--disable-sync"],
	});
}

// Fails the script with a message.
export function check(cond, message) {
	if (!cond) {
		console.error("FAILED: " + message);
		process.exit(1);
	}
}
