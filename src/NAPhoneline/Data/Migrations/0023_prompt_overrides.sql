-- A body's own words and recorded greeting (CONTRACT 14): prompts {"<lang>": {"<name>": text}}, greeting_audio
-- {"<lang>": https URL}. Null: the built-in words, the spoken greeting.
alter table service_bodies add column prompts jsonb, add column greeting_audio jsonb;
