-- "Exit this page" per cycle: the address the public pages of a cycle
-- leave to when a reader must hide them at once (a search engine, a news
-- site, whatever the community finds unremarkable).  NULL: the site's
-- home.  The program accepts only absolute http(s) addresses
-- (valid_url()); the check here keeps a bad row from ever reaching a
-- page's location.replace, whatever wrote it.
ALTER TABLE cycles ADD COLUMN exit_url text
    CHECK (exit_url ~* '^https?://[^/?#@[:space:]]+[!-~]*$'
	   AND exit_url !~ '[[:cntrl:][:space:]"<>\\]'
	   AND length(exit_url) <= 2000);
