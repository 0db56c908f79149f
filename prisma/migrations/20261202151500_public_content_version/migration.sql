-- One counter per kind of public content that lives in the database (ADR 028). The public page
-- cache (app/http/public-cache) tags every rendered page with the counters it depends on and
-- reads them again before serving it, so a change committed by any process, or written straight
-- into the database, is seen by every process on its next request.
CREATE TABLE "PublicContentVersion" (
    "scope" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    -- The transaction that last bumped it: a transaction bumps each counter once, however many rows it writes.
    "bumpedBy" BIGINT,

    CONSTRAINT "PublicContentVersion_pkey" PRIMARY KEY ("scope")
);

INSERT INTO "PublicContentVersion" ("scope") VALUES ('certificates'), ('prices');

-- The body is an escaped string because the migration runner splits scripts at every semicolon
-- (Prisma's pg driver adapter): \073 is the semicolon.
CREATE FUNCTION "bump_public_content_version"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "PublicContentVersion"
     SET "version" = "version" + 1, "bumpedBy" = txid_current()
   WHERE "scope" = TG_ARGV[0] AND "bumpedBy" IS DISTINCT FROM txid_current() \073
  RETURN NULL \073
END
';

-- Deferred to commit: the counter's row lock is taken last and held only until the commit, so it
-- never joins a lock cycle with the transaction's own work, and the new version becomes visible
-- together with the change.
CREATE CONSTRAINT TRIGGER "Certificate_public_content_version"
  AFTER INSERT OR UPDATE OR DELETE ON "Certificate" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "bump_public_content_version"('certificates');

CREATE CONSTRAINT TRIGGER "CredentialStatusList_public_content_version"
  AFTER INSERT OR UPDATE OR DELETE ON "CredentialStatusList" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "bump_public_content_version"('certificates');

CREATE CONSTRAINT TRIGGER "CredentialSigningKey_public_content_version"
  AFTER INSERT OR UPDATE OR DELETE ON "CredentialSigningKey" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "bump_public_content_version"('certificates');

CREATE CONSTRAINT TRIGGER "CoursePrice_public_content_version"
  AFTER INSERT OR UPDATE OR DELETE ON "CoursePrice" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "bump_public_content_version"('prices');

-- TRUNCATE has no row triggers (tests and operators' clean-ups use it).
CREATE TRIGGER "Certificate_public_content_version_truncate"
  AFTER TRUNCATE ON "Certificate" FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_content_version"('certificates');
CREATE TRIGGER "CoursePrice_public_content_version_truncate"
  AFTER TRUNCATE ON "CoursePrice" FOR EACH STATEMENT EXECUTE FUNCTION "bump_public_content_version"('prices');
