-- The weekly digest email is opt-in per console user (on their account page, or by an admin on the Users page).
ALTER TABLE nurture_users ADD COLUMN IF NOT EXISTS weekly_digest boolean NOT NULL DEFAULT false;
