-- The key an address is counted under where only the count is needed:
-- the SHA-256 of the address trimmed and lower-cased, so the table that
-- counts (confirm_mails) keeps no address.
CREATE OR REPLACE FUNCTION address_key(address text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT sha256(convert_to(lower(btrim(address)), 'UTF8'))
$$;
