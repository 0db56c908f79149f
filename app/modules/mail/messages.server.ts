// Every mail the platform sends, described once from plain data and rendered by the shared layout
// (render.server.ts) in the recipient's language. The modules that cause a mail gather its data
// and queue it (enqueueMail) in the transaction of the change; nothing here touches the database.
import type { TFunction } from "i18next";
import type { OrgRole } from "~/generated/prisma/client";
import { fallbackLanguage, isLanguage, type Language } from "~/i18n/config";
import { getFixedT } from "~/i18n/i18n.server";
import { defaultTimeZone, formatDateTime } from "~/utils/date-time";
import { getEnv } from "~/utils/env.server";
import { greeting, renderMail, type MailBlock, type RenderedMail } from "./render.server";

export type { RenderedMail };

const appUrl = () => getEnv().APP_URL;

function roleNames(t: TFunction, roles: OrgRole[]): string {
  return roles.map((r) => t(`organizations:roles.${r}`)).join(" + ");
}

// A mail has no browser to ask for a time zone: dates are read in the recipient's language's zone
// (ADR 021), through the app's one formatter.
/** A date in long form ("2 december 2026"). */
function formatDate(date: Date, language: Language): string {
  return formatDateTime(date, { language, timeZone: defaultTimeZone(language) }, "longDate");
}

/** Date and time, for deadlines (an invitation's expiry). */
function formatDeadline(date: Date, language: Language): string {
  return formatDateTime(date, { language, timeZone: defaultTimeZone(language) }, "longDateTime");
}

async function translator(language: Language): Promise<TFunction> {
  return getFixedT(language);
}

// ---------------------------------------------------------------- sign-in link (sent directly)

export async function signInMail(input: { to: string; language: Language; url: string }): Promise<RenderedMail> {
  const t = await translator(input.language);
  return renderMail(t, {
    to: input.to,
    language: input.language,
    subject: t("mail:signIn.subject"),
    greeting: greeting(t, null),
    blocks: [
      { paragraph: t("mail:signIn.intro") },
      { action: { label: t("mail:signIn.action"), url: input.url } },
      { paragraph: t("mail:signIn.validity") },
    ],
  });
}

// ---------------------------------------------------------------- invitation

export type InvitationMailInput = {
  to: string;
  language: Language;
  name: string | null;
  roles: OrgRole[];
  url: string;
  expiresAt: Date;
  organizationName: string;
  inviterName: string;
};

export async function invitationMail(input: InvitationMailInput): Promise<RenderedMail> {
  const t = await translator(input.language);
  const values = {
    organization: input.organizationName,
    inviter: input.inviterName,
    role: roleNames(t, input.roles),
    expires: formatDeadline(input.expiresAt, input.language),
  };
  return renderMail(t, {
    to: input.to,
    language: input.language,
    subject: t("mail:invitation.subject", values),
    greeting: greeting(t, input.name),
    blocks: [
      { paragraph: t("mail:invitation.intro", values) },
      { action: { label: t("mail:invitation.action"), url: input.url } },
      { paragraph: t("mail:invitation.validity", values) },
    ],
  });
}

// ---------------------------------------------------------------- welcome (after an invitation is accepted)

export type WelcomeMailInput = {
  to: string;
  language: Language;
  name: string | null;
  roles: OrgRole[];
  organizationId: string;
  organizationName: string;
  /** Managers are pointed to it (null: the content has no criterion course). */
  criterionCourse: { slug: string; title: string } | null;
};

export async function welcomeMail(input: WelcomeMailInput): Promise<RenderedMail> {
  const t = await translator(input.language);
  const base = appUrl();
  const values = { organization: input.organizationName, role: roleNames(t, input.roles) };
  const blocks: MailBlock[] = [{ paragraph: t("mail:welcome.intro", values) }];
  if (input.roles.includes("manager") && input.criterionCourse) {
    blocks.push(
      { paragraph: t("mail:welcome.manager", { course: input.criterionCourse.title }) },
      { action: { label: t("mail:welcome.managerAction"), url: `${base}/courses/${input.criterionCourse.slug}` } },
    );
  } else if (input.roles.includes("agent") || input.roles.includes("manager")) {
    blocks.push(
      { paragraph: t("mail:welcome.learner") },
      { action: { label: t("mail:welcome.learnerAction"), url: `${base}/learning` } },
    );
  }
  if (input.roles.includes("org_admin")) {
    blocks.push(
      { paragraph: t("mail:welcome.admin") },
      { link: { label: t("mail:welcome.adminAction"), url: `${base}/team/${input.organizationId}` } },
    );
  }
  blocks.push({ link: { label: t("mail:welcome.catalogue"), url: `${base}/courses` } });
  return renderMail(t, {
    to: input.to,
    language: input.language,
    subject: t("mail:welcome.subject", values),
    greeting: greeting(t, input.name),
    blocks,
  });
}

// ---------------------------------------------------------------- certificate passed

export type CertificateIssuedMailInput = {
  to: string;
  language: Language;
  name: string | null;
  number: string;
  courseTitle: string;
  issuedAt: Date;
  expiresAt: Date | null;
};

export async function certificateIssuedMail(input: CertificateIssuedMailInput): Promise<RenderedMail> {
  const t = await translator(input.language);
  const base = appUrl();
  const course = { course: input.courseTitle };
  return renderMail(t, {
    to: input.to,
    language: input.language,
    subject: t("mail:certificateIssued.subject", course),
    greeting: greeting(t, input.name),
    blocks: [
      { paragraph: t("mail:certificateIssued.intro", course) },
      {
        facts: [
          { label: t("mail:certificateIssued.number"), value: input.number },
          { label: t("mail:certificateIssued.issued"), value: formatDate(input.issuedAt, input.language) },
          {
            label: t("mail:certificateIssued.validUntil"),
            value: input.expiresAt ? formatDate(input.expiresAt, input.language) : t("mail:certificateIssued.noExpiry"),
          },
        ],
      },
      { action: { label: t("mail:certificateIssued.action"), url: `${base}/certificates/${input.number}` } },
      { paragraph: t("mail:certificateIssued.share") },
      { link: { label: t("mail:certificateIssued.verify"), url: `${base}/verify/${input.number}` } },
    ],
  });
}

// ---------------------------------------------------------------- certificate expiry reminder

export type ExpiryReminderMailInput = {
  to: string;
  language: Language;
  name: string | null;
  number: string;
  courseSlug: string;
  courseTitle: string;
  expiresAt: Date;
  unsubscribeUrl: string;
};

export async function expiryReminderMail(input: ExpiryReminderMailInput): Promise<RenderedMail> {
  const t = await translator(input.language);
  const base = appUrl();
  const values = { number: input.number, course: input.courseTitle, date: formatDate(input.expiresAt, input.language) };
  return renderMail(t, {
    to: input.to,
    language: input.language,
    subject: t("mail:expiryReminder.subject", values),
    greeting: greeting(t, input.name),
    blocks: [
      { paragraph: t("mail:expiryReminder.intro", values) },
      { paragraph: t("mail:expiryReminder.renew") },
      { action: { label: t("mail:expiryReminder.action"), url: `${base}/courses/${input.courseSlug}` } },
      { link: { label: t("mail:expiryReminder.certificate"), url: `${base}/certificates/${input.number}` } },
    ],
    unsubscribeUrl: input.unsubscribeUrl,
  });
}

// ---------------------------------------------------------------- the criterion, to company admins

export const CRITERION_MAIL_CAUSES = [
  "certificate_issued",
  "certificate_revoked",
  "certificate_expired",
  "role_changed",
  "member_added",
  "member_removed",
  "membership_changed",
  "time_passed",
] as const;
export type CriterionMailCause = (typeof CRITERION_MAIL_CAUSES)[number];

export function criterionMailCause(cause: string): CriterionMailCause | null {
  return (CRITERION_MAIL_CAUSES as readonly string[]).includes(cause) ? (cause as CriterionMailCause) : null;
}

export type CriterionChangedMailInput = {
  to: string;
  language: Language;
  name: string | null;
  organizationId: string;
  organizationName: string;
  status: "not_met" | "expiring";
  /** What made it flip; null for a cause this mail has no words for (the mail still says what to do). */
  cause: CriterionMailCause | null;
  /** expiring: the last day it stays met without renewal. */
  validUntil: Date | null;
  criterionCourseTitle: string;
};

export async function criterionChangedMail(input: CriterionChangedMailInput): Promise<RenderedMail> {
  const t = await translator(input.language);
  const base = appUrl();
  const values = {
    organization: input.organizationName,
    course: input.criterionCourseTitle,
    date: input.validUntil ? formatDate(input.validUntil, input.language) : "",
  };
  const key = input.status === "not_met" ? "notMet" : "expiring";
  const steps =
    input.status === "not_met"
      ? [t("mail:criterionChanged.notMet.stepCourse"), t("mail:criterionChanged.notMet.stepRole")]
      : [t("mail:criterionChanged.expiring.stepRenew"), t("mail:criterionChanged.expiring.stepAnother")];
  return renderMail(t, {
    to: input.to,
    language: input.language,
    subject: t(`mail:criterionChanged.${key}.subject`, values),
    greeting: greeting(t, input.name),
    blocks: [
      { paragraph: t(`mail:criterionChanged.${key}.intro`, values) },
      ...(input.cause ? [{ paragraph: t(`mail:criterionChanged.cause.${input.cause}`) }] : []),
      { paragraph: t(`mail:criterionChanged.${key}.todo`) },
      { steps },
      { action: { label: t(`mail:criterionChanged.${key}.action`), url: `${base}/team/${input.organizationId}` } },
    ],
  });
}

// ---------------------------------------------------------------- certificate revoked

export type CertificateRevokedMailInput = {
  to: string;
  language: Language;
  name: string | null;
  number: string;
  courseSlug: string;
  courseTitle: string;
  reason: string;
} & (
  { audience: "holder" } | { audience: "admin"; holderName: string; organizationId: string; organizationName: string }
);

export async function certificateRevokedMail(input: CertificateRevokedMailInput): Promise<RenderedMail> {
  const t = await translator(input.language);
  const base = appUrl();
  if (input.audience === "holder") {
    const values = { number: input.number, course: input.courseTitle, reason: input.reason };
    return renderMail(t, {
      to: input.to,
      language: input.language,
      subject: t("mail:certificateRevoked.holder.subject", values),
      greeting: greeting(t, input.name),
      blocks: [
        { paragraph: t("mail:certificateRevoked.holder.intro", values) },
        ...(input.reason ? [{ paragraph: t("mail:certificateRevoked.holder.reason", values) }] : []),
        { paragraph: t("mail:certificateRevoked.holder.meaning") },
        { paragraph: t("mail:certificateRevoked.holder.todo") },
        { action: { label: t("mail:certificateRevoked.holder.action"), url: `${base}/courses/${input.courseSlug}` } },
      ],
    });
  }
  const values = {
    number: input.number,
    course: input.courseTitle,
    reason: input.reason,
    holder: input.holderName,
    organization: input.organizationName,
  };
  return renderMail(t, {
    to: input.to,
    language: input.language,
    subject: t("mail:certificateRevoked.admin.subject", values),
    greeting: greeting(t, input.name),
    blocks: [
      { paragraph: t("mail:certificateRevoked.admin.intro", values) },
      ...(input.reason ? [{ paragraph: t("mail:certificateRevoked.admin.reason", values) }] : []),
      { paragraph: t("mail:certificateRevoked.admin.todo") },
      {
        action: {
          label: t("mail:certificateRevoked.admin.action"),
          url: `${base}/team/${input.organizationId}/people`,
        },
      },
    ],
  });
}

/** The language a company's people get mail in when their own is not known: Finnish for a Finnish company, else Swedish. */
export function companyLanguage(country: string): Language {
  return country === "FI" ? "fi" : "sv";
}

/** The language a mail to this person is written in: their own choice, else the fallback given (a certificate's, a company's country), else Swedish. */
export function recipientLanguage(...candidates: Array<string | null | undefined>): Language {
  for (const candidate of candidates) if (isLanguage(candidate)) return candidate;
  return fallbackLanguage;
}
