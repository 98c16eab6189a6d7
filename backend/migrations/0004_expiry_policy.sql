-- A tenant's expiry policy, `maxExpiresInMinutes`: an extension of ours (Frontegg's API has no
-- such setting). The longest lifetime a new token of this tenant may have, in minutes; with it
-- set, every new token must expire, within it. NULL: no policy (Frontegg's behaviour).
-- Existing tokens are left as they are.
ALTER TABLE tenants ADD COLUMN max_expires_in_minutes INTEGER
    CHECK (max_expires_in_minutes IS NULL OR max_expires_in_minutes BETWEEN 1 AND 5256000);
