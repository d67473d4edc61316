-- At most 50 criteria a cycle (SPEC §3; with the weight bounds of
-- migration 0019 they keep a cycle's total weight at most 5,000, below the
-- 8,192 under which the rankings' sums are exact whatever the order of
-- their terms: 30_candidate_rankings.sql, docs/performance.md).
CREATE OR REPLACE FUNCTION criteria_per_cycle() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
	-- Unlocked: only organizers adding criteria at the same instant
	-- could pass 50 together, far from the 81 that reach 8,192.
	IF (SELECT count(*) FROM criteria WHERE cycle_id = NEW.cycle_id)
	    >= 50 THEN
		RAISE EXCEPTION 'a cycle has at most 50 criteria'
		    USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER criteria_per_cycle BEFORE INSERT ON criteria
    FOR EACH ROW EXECUTE FUNCTION criteria_per_cycle();
