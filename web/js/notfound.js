/* The page nginx shows for an address with no page (issue 14): whom to
   write to, as on every page that shows a failure. */
"use strict";

document.addEventListener("DOMContentLoaded", () =>
    showContact($("contact")));
