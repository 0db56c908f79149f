// /team/:orgId/people/:membershipId/remove: confirm before a person leaves the company (works
// without JavaScript). Their account and certificates stay theirs; only the membership goes. The
// page says what is kept and why (app/modules/privacy/leaver.server.ts).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice } from "~/components/organizations/ui";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { requireOrgRole } from "~/modules/auth/session.server";
import { leaverView } from "~/modules/privacy/leaver.server";
import { getMember, removeMember } from "~/modules/organizations/memberships.server";
import { requireId } from "~/modules/organizations/params";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "removePerson") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orgId = requireId(params.orgId);
  const membershipId = requireId(params.membershipId);
  const { user } = await requireOrgRole(request, orgId, ["org_admin"]);
  const member = await getMember(orgId, membershipId);
  if (!member) throw new Response("Not Found", { status: 404 });
  const db = await getDb();
  const organization = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, name: true } });
  const language = await getLanguage(request, user.locale);
  const certificates = await leaverView({ organizationId: orgId, userId: member.userId, language });
  return { organization, member, certificates, language };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const orgId = requireId(params.orgId);
  const membershipId = requireId(params.membershipId);
  const { user } = await requireOrgRole(request, orgId, ["org_admin"]);
  const member = await getMember(orgId, membershipId);
  const result = await removeMember({ organizationId: orgId, membershipId, actorId: user.id });
  if (result.ok) {
    // An admin who removed themselves no longer has this company's pages.
    return redirect(member?.userId === user.id ? "/team" : `/team/${orgId}/people?notice=removed`);
  }
  return data({ error: result.error }, { status: result.error === "not_found" ? 404 : 409 });
}

export default function RemoveMember() {
  const { organization, member, certificates, language } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("organizations");
  const { t: tp } = useTranslation("privacy");
  const date = (iso: string) => new Intl.DateTimeFormat(language === "en" ? "en-GB" : language, { dateStyle: "long", timeZone: "Europe/Stockholm" }).format(new Date(iso));
  const who = member.name ?? member.email;
  return (
    <div className="mx-auto max-w-xl">
      <h1>{t("remove.title", { name: who })}</h1>
      {actionData?.error ? <Notice tone="error">{t(`people.messages.${actionData.error}`)}</Notice> : null}
      <p className="mt-4">{t("remove.explain", { name: who, email: member.email, organization: organization.name, role: member.roles.map((r) => t(`roles.${r}`)).join(" + ") })}</p>
      {member.roles.includes("manager") ? <p className="mt-3 font-semibold">{t("remove.managerWarning")}</p> : null}
      <section aria-labelledby="kept-title" className="mt-6 rounded border border-slate-200 bg-slate-50 p-4">
        <h2 id="kept-title" className="text-lg">
          {tp("remove.keptTitle")}
        </h2>
        <p className="mt-2">{tp("remove.keptIntro")}</p>
        {certificates.length === 0 ? (
          <p className="mt-2">{tp("remove.none")}</p>
        ) : (
          <ul className="mt-2 list-disc space-y-1 pl-6" data-testid="kept-certificates">
            {certificates.map((c) => (
              <li key={c.number}>
                {tp("remove.certificate", {
                  number: c.number,
                  course: c.courseTitle,
                  status: c.status !== "valid" ? tp("remove.notValid") : c.expiresAt ? tp("remove.validUntil", { date: date(c.expiresAt) }) : tp("remove.noEnd"),
                })}
              </li>
            ))}
          </ul>
        )}
        {certificates.some((c) => c.countsHere) ? <p className="mt-2">{tp("remove.counts")}</p> : null}
        <p className="mt-2">{tp("remove.progress")}</p>
      </section>
      <Form method="post" className="mt-6 flex flex-wrap gap-3">
        <button type="submit" className="btn-danger">
          {t("remove.confirm", { name: who })}
        </button>
        <Link to={`/team/${organization.id}/people`} className="btn-secondary">
          {t("remove.cancel")}
        </Link>
      </Form>
    </div>
  );
}
