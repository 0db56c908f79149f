// The valid-certificate rule (validity.ts) for the database: one Prisma `where` builder and one
// SQL fragment, both built from validity.ts's column constants and boundary (valid while
// expiresAt > now), so a query can never say "valid" differently from a page.
import { Prisma } from "~/generated/prisma/client";
import { EXPIRES_AT, REVOKED_AT } from "./validity";

/** Certificates valid at `now`: not revoked, and never expiring or expiring after `now`. */
export function validCertificateWhere(now: Date) {
  return {
    [REVOKED_AT]: null,
    OR: [{ [EXPIRES_AT]: null }, { [EXPIRES_AT]: { gt: now } }],
  } satisfies Prisma.CertificateWhereInput;
}

/** Certificates that lapsed by `now`: not revoked, with an expiry at or before `now`. */
export function lapsedCertificateWhere(now: Date) {
  return { [REVOKED_AT]: null, [EXPIRES_AT]: { lte: now } } satisfies Prisma.CertificateWhereInput;
}

/** `alias` is a table alias written in our own code (checked, since it goes into the SQL as is). */
function column(alias: string, name: string): Prisma.Sql {
  if (!/^[a-z][a-z0-9_]*$/.test(alias)) throw new Error(`validCertificateSql: not a table alias: ${alias}`);
  return Prisma.raw(`${alias}."${name}"`);
}

/** The same rule as validCertificateWhere, as an SQL condition on the "Certificate" row `alias`. */
export function validCertificateSql(alias: string, now: Date): Prisma.Sql {
  const revokedAt = column(alias, REVOKED_AT);
  const expiresAt = column(alias, EXPIRES_AT);
  return Prisma.sql`(${revokedAt} IS NULL AND (${expiresAt} IS NULL OR ${expiresAt} > ${now}))`;
}
