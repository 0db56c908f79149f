// Sharing a certificate: LinkedIn's "Add to profile" link for the Licenses & certifications
// section (https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=…&organizationName=…
// &issueYear=…&issueMonth=…&expirationYear=…&expirationMonth=…&certUrl=…&certId=…). A plain link:
// no LinkedIn script on our pages, and LinkedIn shows the filled-in form for the member to confirm.

/** The organisation LinkedIn shows as the issuer (by name: Kontakta has no LinkedIn organisation id here). */
export const LINKEDIN_ORGANIZATION_NAME = "Kontakta";

export type LinkedInCertification = {
  /** The certification's name as it should stand on the profile (the course title). */
  name: string;
  issuedAt: Date | string;
  /** null for a certificate that never expires: LinkedIn then gets no expiration fields. */
  expiresAt: Date | string | null;
  /** The certificate number, shown on LinkedIn as the credential ID. */
  certId: string;
  /** The public verification page, LinkedIn's "Show credential" link. */
  certUrl: string;
};

/** Year and month (1–12) of an instant in the time zone the certificates are dated in. */
export function yearMonth(at: Date | string, timeZone = "Europe/Stockholm"): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "numeric" }).formatToParts(
    new Date(at),
  );
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month") };
}

export function linkedInAddToProfileUrl(certification: LinkedInCertification, timeZone = "Europe/Stockholm"): string {
  const issued = yearMonth(certification.issuedAt, timeZone);
  const params = new URLSearchParams({
    startTask: "CERTIFICATION_NAME",
    name: certification.name,
    organizationName: LINKEDIN_ORGANIZATION_NAME,
    issueYear: String(issued.year),
    issueMonth: String(issued.month),
  });
  if (certification.expiresAt) {
    const expires = yearMonth(certification.expiresAt, timeZone);
    params.set("expirationYear", String(expires.year));
    params.set("expirationMonth", String(expires.month));
  }
  params.set("certUrl", certification.certUrl);
  params.set("certId", certification.certId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
