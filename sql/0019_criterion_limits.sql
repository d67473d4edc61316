-- Criteria as SPEC §3 bounds them: a weight above 0 and at most 100, in
-- hundredths (the API says so with a 422 naming "weight"; this is the
-- last word), and at most 50 criteria a cycle.  Together they keep a
-- cycle's total weight at most 5,000, below the 8,192 under which the
-- rankings' sums are exact whatever the order of their terms (0016,
-- docs/performance.md).  NOT VALID: a weight stored before is not
-- checked again, only every write from now on.
ALTER TABLE criteria ADD CONSTRAINT criteria_weight_bounds
    CHECK (weight <= 100 AND weight = round(weight, 2)) NOT VALID;

CREATE FUNCTION criteria_per_cycle() RETURNS trigger
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

CREATE TRIGGER criteria_per_cycle BEFORE INSERT ON criteria
    FOR EACH ROW EXECUTE FUNCTION criteria_per_cycle();
