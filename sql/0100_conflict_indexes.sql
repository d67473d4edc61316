-- The derived conflicts (candidate_conflicts, sql/functions/
-- 20_candidate_conflicts.sql) match a user to the nominations naming
-- their address.  Read by user (a member's assignments, their candidate
-- page), that match needs the trimmed, lower-cased addresses indexed:
-- without, every such read scanned every nomination (1.1 s a request at
-- 100,000 nominations in make bench; 0.8 ms with them).
CREATE INDEX nominations_nominee_address
    ON nominations (lower(btrim(nominee_email)));
CREATE INDEX nominations_nominator_address
    ON nominations (lower(btrim(nominator_email)));
