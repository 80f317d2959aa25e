-- Caller numbers at rest (issue 14, CONTRACT 15). From here on these columns hold values encrypted by
-- Shared/Privacy/NumberVault ("v1:<key id>:<base64>", AES-GCM under Privacy:Key), in place of the clear text:
--   requests.callback_number            the caller's callback number
--   outbox_sms.to_number, outbox_sms.body   a text's recipient and words (a "Taken" text carries the number)
--   outbox_email.to_address, outbox_email.body
-- Encrypting needs the key, so it is not done here: rows written before this migration stay readable as they are
-- (NumberVault.Unprotect passes clear text through) until `rotate-key` encrypts them. Nothing is dropped or moved
-- by SQL, so no number is lost whichever step is interrupted.

-- The keyed hash (NumberHashes) of the callback number: what a lookup by number matches, without the number.
alter table requests add column callback_hash text;
create index requests_by_callback_hash on requests (callback_hash) where callback_hash is not null;
