// Reading a pasted list or CSV of people to invite: "email,role,name" rows (comma, semicolon or
// tab; quotes allowed; an optional header row in any column order; several roles in the role
// column joined by "+" or "|", e.g. "admin+chef"), or just addresses, one or
// several per line, also in the "Name <address>" form mail programs copy. Pure, so the rules
// are unit-tested and the same in every caller.
import { z } from "zod";
import type { OrgRole } from "~/generated/prisma/client";
import { normalizePersonName, personNameProblem, PERSON_NAME_MAX } from "~/modules/auth/profile";
import { normalizeRoles } from "./roles";

export const MAX_INVITE_ROWS = 500;
export const MAX_INVITE_TEXT = 100_000;
export const MAX_NAME_LENGTH = PERSON_NAME_MAX;

/** An invited name becomes the certificate name: the same rule as the profile (app/modules/auth/profile.ts). */
function checkInvitedName(raw: string | null | undefined): {
  name: string | null;
  error: "name_too_long" | "invalid_name" | null;
} {
  const name = raw ? normalizePersonName(raw) : "";
  if (!name) return { name: null, error: null };
  const problem = personNameProblem(name);
  return { name, error: problem === "nameTooLong" ? "name_too_long" : problem ? "invalid_name" : null };
}

export const emailSchema = z.string().trim().toLowerCase().max(254).email();

export type InviteRowError = "invalid_email" | "invalid_role" | "name_too_long" | "invalid_name" | "duplicate";

export type ParsedInviteRow =
  | { line: number; raw: string; ok: true; email: string; roles: OrgRole[]; name: string | null }
  | { line: number; raw: string; ok: false; error: InviteRowError; email: string | null };

/** Role words accepted in the role column (lower case), in the three UI languages. */
const ROLE_ALIASES: Record<string, OrgRole> = {
  manager: "manager",
  chef: "manager",
  ledare: "manager",
  "ledande ställning": "manager",
  esihenkilö: "manager",
  johtaja: "manager",
  agent: "agent",
  säljare: "agent",
  kundtjänst: "agent",
  "säljare/kundtjänst": "agent",
  medarbetare: "agent",
  myyjä: "agent",
  asiakaspalvelija: "agent",
  org_admin: "org_admin",
  admin: "org_admin",
  administratör: "org_admin",
  administrator: "org_admin",
  pääkäyttäjä: "org_admin",
  ylläpitäjä: "org_admin",
};

export function parseRole(value: string): OrgRole | null {
  return ROLE_ALIASES[value.trim().toLowerCase().replace(/\s+/g, " ")] ?? null;
}

/** One or several roles ("admin+chef", "org_admin|manager"); null when any part is not a role. */
export function parseRoles(value: string): OrgRole[] | null {
  const parts = value
    .split(/[+|]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const roles: OrgRole[] = [];
  for (const part of parts) {
    const role = parseRole(part);
    if (!role) return null;
    roles.push(role);
  }
  return normalizeRoles(roles);
}

const HEADER_NAMES: Record<string, "email" | "role" | "name"> = {
  email: "email",
  "e-mail": "email",
  "e-post": "email",
  epost: "email",
  mail: "email",
  sähköposti: "email",
  role: "role",
  roll: "role",
  rooli: "role",
  name: "name",
  namn: "name",
  nimi: "name",
};

/** Splits one CSV line on `delimiter`, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function detectDelimiter(line: string): string {
  if (line.includes("\t")) return "\t";
  // Semicolon: Swedish and Finnish spreadsheet exports, and mail programs' address lists.
  if (line.includes(";")) return ";";
  return ",";
}

/** "Anna Andersson <anna@x.se>" → { email, name }; a bare address → { email, name: null }. */
function splitAddress(cell: string): { email: string; name: string | null } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/.exec(cell);
  if (m) return { email: m[2]!.trim(), name: m[1]!.trim() || null };
  return { email: cell.trim(), name: null };
}

const looksLikeAddress = (cell: string) => cell.includes("@");

/**
 * Reads the pasted text into rows, each valid or carrying why not. `defaultRoles` apply to rows
 * without a role column. Duplicates (same address again) are flagged on the later rows.
 */
export function parseInviteList(
  text: string,
  defaultRoles: OrgRole | readonly OrgRole[],
): {
  rows: ParsedInviteRow[];
  /** Set when the list was cut: the first line that was not read. */ unreadFromLine: number | null;
} {
  const lines = text.slice(0, MAX_INVITE_TEXT).split(/\r\n|\r|\n/);
  const defaults = normalizeRoles(typeof defaultRoles === "string" ? [defaultRoles] : defaultRoles);
  const rows: ParsedInviteRow[] = [];
  let columns: { email: number; role: number | null; name: number | null } | null = null;
  const seen = new Set<string>();
  let unreadFromLine: number | null = null;

  const push = (line: number, raw: string, email: string, role: string | null, name: string | null) => {
    if (rows.length >= MAX_INVITE_ROWS) {
      unreadFromLine ??= line;
      return;
    }
    const parsedEmail = emailSchema.safeParse(email);
    if (!parsedEmail.success) return rows.push({ line, raw, ok: false, error: "invalid_email", email: email || null });
    const address = parsedEmail.data;
    const parsedRoles = role === null || role.trim() === "" ? defaults : parseRoles(role);
    if (!parsedRoles || parsedRoles.length === 0)
      return rows.push({ line, raw, ok: false, error: "invalid_role", email: address });
    const { name: cleanName, error: nameError } = checkInvitedName(name);
    if (nameError) return rows.push({ line, raw, ok: false, error: nameError, email: address });
    if (seen.has(address)) return rows.push({ line, raw, ok: false, error: "duplicate", email: address });
    seen.add(address);
    rows.push({ line, raw, ok: true, email: address, roles: parsedRoles, name: cleanName });
  };

  lines.forEach((rawLine, index) => {
    const line = index + 1;
    const raw = rawLine.trim();
    if (raw === "" || raw.startsWith("#")) return;
    const cells = splitCsvLine(raw, detectDelimiter(raw));
    if (columns === null && rows.length === 0) {
      const header = cells.map((c) => HEADER_NAMES[c.toLowerCase()]);
      if (header.includes("email")) {
        columns = {
          email: header.indexOf("email"),
          role: header.includes("role") ? header.indexOf("role") : null,
          name: header.includes("name") ? header.indexOf("name") : null,
        };
        return;
      }
    }
    if (columns) {
      const { email, name } = splitAddress(cells[columns.email] ?? "");
      const role = columns.role === null ? null : (cells[columns.role] ?? "");
      push(line, raw, email, role, (columns.name === null ? null : cells[columns.name]) || name);
      return;
    }
    const nonEmpty = cells.filter((c) => c !== "");
    // Several addresses on one line: a pasted address list, each with the default role.
    if (nonEmpty.length > 1 && nonEmpty.every(looksLikeAddress)) {
      for (const cell of nonEmpty) {
        const { email, name } = splitAddress(cell);
        push(line, cell, email, null, name);
      }
      return;
    }
    const { email, name } = splitAddress(cells[0] ?? "");
    push(line, raw, email, cells.length > 1 ? (cells[1] ?? "") : null, cells[2] || name);
  });
  if (unreadFromLine === null && text.length > MAX_INVITE_TEXT) unreadFromLine = lines.length;
  return { rows, unreadFromLine };
}

/** The single-invite form's row, validated by the same rules as a list row. */
export function singleInviteRow(input: {
  email: string;
  roles: readonly OrgRole[];
  name?: string | null;
}): ParsedInviteRow {
  const raw = input.email;
  const email = emailSchema.safeParse(input.email);
  if (!email.success) return { line: 1, raw, ok: false, error: "invalid_email", email: input.email.trim() || null };
  const { name, error: nameError } = checkInvitedName(input.name);
  if (nameError) return { line: 1, raw, ok: false, error: nameError, email: email.data };
  const roles = normalizeRoles(input.roles);
  if (roles.length === 0) return { line: 1, raw, ok: false, error: "invalid_role", email: email.data };
  return { line: 1, raw, ok: true, email: email.data, roles, name };
}
