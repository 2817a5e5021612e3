-- A question the user skipped is done for that day (it counts against the new-question cap like a
-- rated one); questions without a reference answer ("open questions") can be switched off per user.

ALTER TABLE presentations ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN open_questions INTEGER NOT NULL DEFAULT 1;
