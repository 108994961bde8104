-- Who fixed an account's tier, so an import's tier column does not replace a tier a user or a
-- review fixed (accounts/import-accounts.ts). Tiers fixed before this column existed are told apart
-- by the reason each writer recorded.
ALTER TABLE "Account" ADD COLUMN "tierFixedBy" TEXT;

UPDATE "Account" SET "tierFixedBy" = CASE
    WHEN "tierReason" LIKE 'the import of %' THEN 'import'
    WHEN "tierReason" LIKE 'review %' THEN 'review'
    ELSE 'user'
  END
WHERE "tierOverride" IS NOT NULL;
