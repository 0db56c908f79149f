// The shared mail layout: one description gives a text part and an HTML part that say the same,
// in the recipient's language; every value is escaped in HTML; only http(s) links; reminders carry
// the one-click unsubscribe link and headers, other mails do not.
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "~/i18n/config";
import { getFixedT } from "~/i18n/i18n.server";
import {
  certificateIssuedMail,
  certificateRevokedMail,
  criterionChangedMail,
  expiryReminderMail,
  invitationMail,
  signInMail,
  welcomeMail,
} from "./messages.server";
import { escapeHtml, renderMail } from "./render.server";

const hostile = `Ada <script>alert("x")</script> & 'Co'`;

describe("renderMail", () => {
  it("renders text and HTML from one description, with the language and an accessible structure", async () => {
    const t = await getFixedT("en");
    const mail = renderMail(t, {
      to: "ada@example.com",
      language: "en",
      subject: "Your certificate",
      greeting: "Hello Ada!",
      blocks: [
        { paragraph: "You passed." },
        { facts: [{ label: "Certificate number", value: "KA-7K3M-9QXD-4" }] },
        { action: { label: "View your certificate", url: "https://akademin.example/certificates/KA-7K3M-9QXD-4" } },
        { steps: ["First", "Second"] },
        { link: { label: "Verify", url: "https://akademin.example/verify/KA-7K3M-9QXD-4" } },
      ],
    });
    expect(mail.subject).toBe("Your certificate");
    expect(mail.text).toBe(
      [
        "Hello Ada!",
        "You passed.",
        "Certificate number: KA-7K3M-9QXD-4",
        "View your certificate:\nhttps://akademin.example/certificates/KA-7K3M-9QXD-4",
        "1. First\n2. Second",
        "Verify:\nhttps://akademin.example/verify/KA-7K3M-9QXD-4",
        "Best regards,\nKontakta – KontaktAkademin",
        "--",
        t("mail:layout.footer"),
      ].join("\n\n"),
    );
    expect(mail.html).toMatch(/^<!DOCTYPE html>\n<html lang="en" dir="ltr">/);
    expect(mail.html).toContain("<title>Your certificate</title>");
    expect(mail.html).toContain('role="article" aria-roledescription="email" aria-label="Your certificate" lang="en"');
    expect(mail.html).toContain('<a href="https://akademin.example/certificates/KA-7K3M-9QXD-4" style="');
    expect(mail.html).toContain('<th scope="row"');
    expect(mail.html).toContain("<ol");
    // Inline styles only: mail clients drop <style> blocks and stylesheets.
    expect(mail.html).not.toMatch(/<style|<link/);
    expect(mail.headers).toBeUndefined();
  });

  it("escapes every value in HTML and keeps the text part literal", async () => {
    const t = await getFixedT("sv");
    const mail = renderMail(t, {
      to: "a@example.com",
      language: "sv",
      subject: `Intyg för ${hostile}\r\nBcc: evil@example.com`,
      greeting: `Hej ${hostile}!`,
      blocks: [
        { paragraph: hostile },
        { facts: [{ label: hostile, value: hostile }] },
        { action: { label: hostile, url: 'https://a.example/?q="><script>' } },
      ],
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain(escapeHtml(hostile));
    expect(mail.html).toContain('href="https://a.example/?q=%22%3E%3Cscript%3E"');
    expect(mail.text).toContain(hostile);
    // A subject is one header line.
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it("refuses links that are not http(s)", async () => {
    const t = await getFixedT("sv");
    expect(() =>
      renderMail(t, {
        to: "a@example.com",
        language: "sv",
        subject: "s",
        greeting: "Hej!",
        blocks: [{ action: { label: "x", url: "javascript:alert(1)" } }],
      }),
    ).toThrow(/javascript:/);
  });

  it("puts the unsubscribe link of a reminder in the footer and in the List-Unsubscribe headers", async () => {
    const t = await getFixedT("fi");
    const url = "https://akademin.example/unsubscribe/u1.abc.sig";
    const mail = renderMail(t, {
      to: "a@example.com",
      language: "fi",
      subject: "Muistutus",
      greeting: "Hei!",
      blocks: [{ paragraph: "x" }],
      unsubscribeUrl: url,
    });
    expect(mail.headers).toEqual({
      "List-Unsubscribe": `<${url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(mail.text).toContain(`${t("mail:layout.unsubscribeText")}\n${url}`);
    expect(mail.html).toContain(`<a href="${url}"`);
    expect(mail.html).toContain("Lopeta muistutukset");
  });
});

describe("every mail, in every language", () => {
  const base = {
    name: hostile,
    number: "KA-7K3M-9QXD-4",
    courseSlug: "introduktion-for-chefer",
    courseTitle: "Introduktion <för> chefer",
  };
  const builders = {
    signIn: (language: (typeof supportedLanguages)[number]) =>
      signInMail({ to: "a@example.com", language, url: "https://akademin.example/auth/callback/nodemailer?token=t" }),
    invitation: (language: (typeof supportedLanguages)[number]) =>
      invitationMail({
        to: "a@example.com",
        language,
        name: base.name,
        roles: ["manager", "org_admin"],
        url: "https://akademin.example/invitations/tok",
        expiresAt: new Date("2026-12-09T12:00:00Z"),
        organizationName: "Syd & Co AB",
        inviterName: "Anna",
      }),
    welcome: (language: (typeof supportedLanguages)[number]) =>
      welcomeMail({
        to: "a@example.com",
        language,
        name: base.name,
        roles: ["manager"],
        organizationId: "org1",
        organizationName: "Syd & Co AB",
        criterionCourse: { slug: base.courseSlug, title: base.courseTitle },
      }),
    certificateIssued: (language: (typeof supportedLanguages)[number]) =>
      certificateIssuedMail({
        to: "a@example.com",
        language,
        name: base.name,
        number: base.number,
        courseTitle: base.courseTitle,
        issuedAt: new Date("2026-12-02T10:00:00Z"),
        expiresAt: new Date("2029-12-02T10:00:00Z"),
      }),
    expiryReminder: (language: (typeof supportedLanguages)[number]) =>
      expiryReminderMail({
        to: "a@example.com",
        language,
        name: base.name,
        number: base.number,
        courseSlug: base.courseSlug,
        courseTitle: base.courseTitle,
        expiresAt: new Date("2026-12-30T10:00:00Z"),
        unsubscribeUrl: "https://akademin.example/unsubscribe/u1.x.y",
      }),
    criterionNotMet: (language: (typeof supportedLanguages)[number]) =>
      criterionChangedMail({
        to: "a@example.com",
        language,
        name: base.name,
        organizationId: "org1",
        organizationName: "Syd & Co AB",
        status: "not_met",
        cause: "certificate_revoked",
        validUntil: null,
        criterionCourseTitle: base.courseTitle,
      }),
    criterionExpiring: (language: (typeof supportedLanguages)[number]) =>
      criterionChangedMail({
        to: "a@example.com",
        language,
        name: base.name,
        organizationId: "org1",
        organizationName: "Syd & Co AB",
        status: "expiring",
        cause: "time_passed",
        validUntil: new Date("2027-01-15T10:00:00Z"),
        criterionCourseTitle: base.courseTitle,
      }),
    revokedHolder: (language: (typeof supportedLanguages)[number]) =>
      certificateRevokedMail({
        to: "a@example.com",
        language,
        name: base.name,
        number: base.number,
        courseSlug: base.courseSlug,
        courseTitle: base.courseTitle,
        reason: "Fusk <upptäckt>",
        audience: "holder",
      }),
    revokedAdmin: (language: (typeof supportedLanguages)[number]) =>
      certificateRevokedMail({
        to: "a@example.com",
        language,
        name: "Anna",
        number: base.number,
        courseSlug: base.courseSlug,
        courseTitle: base.courseTitle,
        reason: "Fusk",
        audience: "admin",
        holderName: hostile,
        organizationId: "org1",
        organizationName: "Syd & Co AB",
      }),
  };

  for (const [kind, build] of Object.entries(builders)) {
    it(`${kind}: text and HTML in sv, en and fi, escaped, each in its own language`, async () => {
      const rendered = await Promise.all(supportedLanguages.map((language) => build(language)));
      for (const [i, mail] of rendered.entries()) {
        const language = supportedLanguages[i]!;
        expect(mail.html).toContain(`<html lang="${language}"`);
        expect(mail.text.length).toBeGreaterThan(50);
        expect(mail.html).not.toMatch(/<script|<för>|<upptäckt>/);
        expect(mail.text).not.toMatch(/\{\{|mail:/);
        expect(mail.html).not.toMatch(/\{\{|mail:/);
        // Every link of the text part is in the HTML part too.
        for (const url of mail.text.match(/https?:\/\/\S+/g) ?? []) expect(mail.html).toContain(escapeHtml(url));
      }
      // Three languages, three different texts.
      expect(new Set(rendered.map((m) => m.subject)).size).toBe(3);
      expect(new Set(rendered.map((m) => m.text)).size).toBe(3);
    });
  }

  it("the criterion mail tells the admins what to do, and the expiring one by when", async () => {
    const notMet = await builders.criterionNotMet("sv");
    expect(notMet.text).toContain("1. Se till att en person i ledande ställning");
    expect(notMet.text).toContain("/team/org1");
    const expiring = await builders.criterionExpiring("en");
    expect(expiring.subject).toBe("The training requirement for Syd & Co AB is met only until 15 January 2027");
  });

  it("the welcome mail points a manager to the introductory course and others to My learning", async () => {
    expect((await builders.welcome("sv")).text).toContain("/courses/introduktion-for-chefer");
    const agent = await welcomeMail({
      to: "a@example.com",
      language: "sv",
      name: null,
      roles: ["agent"],
      organizationId: "org1",
      organizationName: "Syd AB",
      criterionCourse: { slug: base.courseSlug, title: base.courseTitle },
    });
    expect(agent.text).toContain("/learning");
    expect(agent.text).not.toContain("/courses/introduktion-for-chefer");
  });
});
