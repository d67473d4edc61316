-- The trigger criteria_per_cycle and its function that stood
-- here moved to sql/functions/ (10_criteria_per_cycle.sql), the one live
-- definition of each function and view, applied by awards migrate after
-- the numbered migrations.  Editing an applied migration is allowed this
-- once only: migration checksums arrive in the same release, so every
-- database in the field has NULL checksums and adopts this text on its
-- first migrate (SQL_MIGRATE_ADOPT; docs/sql.md).

-- Criteria as SPEC §3 bounds them: a weight above 0 and at most 100, in
-- hundredths (the API says so with a 422 naming "weight"; this is the
-- last word), and at most 50 criteria a cycle.  Together they keep a
-- cycle's total weight at most 5,000, below the 8,192 under which the
-- rankings' sums are exact whatever the order of their terms (0016,
-- docs/performance.md).  NOT VALID: a weight stored before is not
-- checked again, only every write from now on.
ALTER TABLE criteria ADD CONSTRAINT criteria_weight_bounds
    CHECK (weight <= 100 AND weight = round(weight, 2)) NOT VALID;
