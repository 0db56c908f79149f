// What the credential check page reports (shared by the server and the page; no server code).

/** Our credentials are ~5 kB; anything far larger is not one of them. */
export const MAX_CREDENTIAL_BYTES = 64 * 1024;

/** The check form's whole body: two fields (file, pasted JSON) at most that size each, plus multipart framing. */
export const MAX_CREDENTIAL_FORM_BYTES = 2 * MAX_CREDENTIAL_BYTES + 16 * 1024;

/** What a checked credential says about itself (shown beside the check's outcome). */
export type CredentialSummary = {
  name: string | null;
  holderName: string | null;
  validFrom: string | null;
  validUntil: string | null;
  number: string | null;
};

export type CredentialCheckReport =
  | {
      outcome: "error";
      error: "missing" | "both" | "tooLarge" | "json" | "notObject" | "notCredential" | "noProof" | "foreignIssuer";
      detail?: string;
    }
  | {
      outcome: "checked";
      valid: boolean;
      signatureOk: boolean;
      signatureDetail: string | null;
      status: "active" | "revoked" | "unknown";
      statusDetail: string | null;
      validity: "valid" | "expired" | "notYetValid";
      summary: CredentialSummary;
    };
