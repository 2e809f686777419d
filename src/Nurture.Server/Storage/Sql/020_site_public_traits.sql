-- The traits a site's visitors may set through identify; empty: any that is not reserved.
ALTER TABLE nurture_sites ADD COLUMN IF NOT EXISTS public_traits text[] NOT NULL DEFAULT '{}';
