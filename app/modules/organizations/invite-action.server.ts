// The invite forms' action, shared by the company admin's page (/team/:orgId/invite) and
// Kontakta's company page (/admin/organizations/:orgId, e.g. to invite a company's first admin).
// Parses a single invitation or a bulk list (pasted text or an uploaded CSV file).
import { z } from "zod";
import { getLanguage } from "~/i18n/i18n.server";
import type { SessionUser } from "~/modules/auth/session.server";
import { createRateLimiter } from "~/utils/rate-limit.server";
import { inviteMany, type InviteReport } from "./invitations.server";
import { MAX_INVITE_TEXT, parseInviteList, singleInviteRow, type ParsedInviteRow } from "./invite-list";
import { MAX_INVITE_UPLOAD_BYTES } from "./limits";
import { orgRoleValues } from "./roles";

export { MAX_INVITE_UPLOAD_BYTES };

/** Invitation mails per company per day (held in the database, so across instances): stops a hijacked admin account from spamming. */
export const INVITES_PER_COMPANY_PER_DAY = 2_000;
export const invitationMailLimiter = createRateLimiter({
  keyPrefix: "org-invitation-mails",
  points: INVITES_PER_COMPANY_PER_DAY,
  durationSeconds: 24 * 60 * 60,
});

/** Takes `rows` valid rows' worth of mails from the company's daily allowance. */
async function allowMails(organizationId: string, rows: ParsedInviteRow[]) {
  const mails = rows.filter((r) => r.ok).length;
  if (mails === 0) return { allowed: true as const };
  return invitationMailLimiter.consume(organizationId, mails);
}

const singleSchema = z.object({
  intent: z.literal("single"),
  email: z.string().max(320).default(""),
  // One or several roles (checkboxes named "roles"; "role" is still read for older forms).
  roles: z.array(z.enum(orgRoleValues)).min(1).max(orgRoleValues.length),
  name: z.string().max(500).optional(),
});

const bulkSchema = z.object({
  intent: z.literal("bulk"),
  list: z
    .string()
    .max(MAX_INVITE_TEXT * 2)
    .optional(),
  defaultRole: z.enum(orgRoleValues),
});

export type InviteActionResult =
  | { kind: "report"; report: InviteReport; unreadFromLine: number | null }
  | {
      kind: "error";
      message: "badRequest" | "emptyList" | "tooLarge" | "notText" | "chooseOne" | "rateLimited";
      retryMinutes?: number;
    };

export async function handleInviteAction(
  request: Request,
  organizationId: string,
  user: SessionUser,
): Promise<{ status: number; result: InviteActionResult }> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_INVITE_UPLOAD_BYTES) return { status: 413, result: { kind: "error", message: "tooLarge" } };
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { status: 400, result: { kind: "error", message: "badRequest" } };
  }
  const language = await getLanguage(request, user.locale);
  const invitedBy = { id: user.id, name: user.name, email: user.email };
  const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));

  if (fields.intent === "single") {
    const roles = [...form.getAll("roles"), ...form.getAll("role")].filter((v) => typeof v === "string");
    const parsed = singleSchema.safeParse({ ...fields, roles });
    if (!parsed.success) return { status: 400, result: { kind: "error", message: "badRequest" } };
    const row = singleInviteRow(parsed.data);
    const allowance = await allowMails(organizationId, [row]);
    if (!allowance.allowed)
      return {
        status: 429,
        result: { kind: "error", message: "rateLimited", retryMinutes: Math.ceil(allowance.retryAfterSeconds / 60) },
      };
    const report = await inviteMany({ organizationId, rows: [row], invitedBy, language });
    return { status: report.failed ? 400 : 200, result: { kind: "report", report, unreadFromLine: null } };
  }

  const parsed = bulkSchema.safeParse(fields);
  if (!parsed.success) return { status: 400, result: { kind: "error", message: "badRequest" } };
  let text = parsed.data.list ?? "";
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    // One source per submission, so the report's line numbers point into it.
    if (text.trim() !== "") return { status: 400, result: { kind: "error", message: "chooseOne" } };
    if (file.size > MAX_INVITE_UPLOAD_BYTES) return { status: 413, result: { kind: "error", message: "tooLarge" } };
    const bytes = new Uint8Array(await file.arrayBuffer());
    let decoded: string;
    try {
      decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      // Older Excel versions save CSV as Windows-1252.
      decoded = new TextDecoder("windows-1252").decode(bytes);
    }
    if (decoded.includes("\u0000")) return { status: 400, result: { kind: "error", message: "notText" } };
    text = decoded.replace(/^\uFEFF/, "");
  }
  if (text.trim() === "") return { status: 400, result: { kind: "error", message: "emptyList" } };
  const { rows, unreadFromLine } = parseInviteList(text, parsed.data.defaultRole);
  if (rows.length === 0) return { status: 400, result: { kind: "error", message: "emptyList" } };
  const allowance = await allowMails(organizationId, rows);
  if (!allowance.allowed)
    return {
      status: 429,
      result: { kind: "error", message: "rateLimited", retryMinutes: Math.ceil(allowance.retryAfterSeconds / 60) },
    };
  const report = await inviteMany({ organizationId, rows, invitedBy, language });
  return { status: report.invited === 0 ? 400 : 200, result: { kind: "report", report, unreadFromLine } };
}
