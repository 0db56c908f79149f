// /team/:orgId/people/:membershipId/remove: confirm before a person leaves the company (works
// without JavaScript). Their account and certificates stay theirs; only the membership goes. The
// page says what is kept and why (app/modules/privacy/leaver.server.ts).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/page-title";
import { requireOrgMembership } from "~/modules/auth/session.server";
import { leaverView } from "~/modules/privacy/leaver.server";
import { getMember, removeMember } from "~/modules/organizations/memberships.server";
import { memberParamsSchema } from "~/modules/organizations/params";
import { invariantResponse, parseParams } from "~/utils/http.server";
import { Notice, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["organizations", "privacy"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "removePerson") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membershipId } = parseParams(request, params, memberParamsSchema);
  const { user, org } = await requireOrgMembership(request, params, ["org_admin"]);
  const member = await getMember(org.id, membershipId);
  invariantResponse(member, request);
  const language = await getLanguage(request, user.locale);
  const certificates = await leaverView({ organizationId: org.id, userId: member.userId, language });
  return { organization: { id: org.id, name: org.name }, member, certificates, language };
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function action({ request, params }: ActionFunctionArgs) {
  const { membershipId } = parseParams(request, params, memberParamsSchema);
  const { user, org } = await requireOrgMembership(request, params, ["org_admin"]);
  const orgId = org.id;
  const member = await getMember(orgId, membershipId);
  const result = await removeMember({ organizationId: orgId, membershipId, actorId: user.id });
  if (result.ok) {
    // An admin who removed themselves no longer has this company's pages.
    return redirect(member?.userId === user.id ? "/team" : `/team/${orgId}/people?notice=removed`);
  }
  return data({ error: result.error }, { status: result.error === "not_found" ? 404 : 409 });
}

export default function RemoveMember() {
  const { organization, member, certificates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("organizations");
  const { t: tp } = useTranslation("privacy");
  const formatDate = useFormatDateTime();
  const who = member.name ?? member.email;
  return (
    <div className="mx-auto max-w-xl">
      <h1>{t("remove.title", { name: who })}</h1>
      {actionData?.error ? <Notice tone="error">{t(`people.messages.${actionData.error}`)}</Notice> : null}
      <p className="mt-4">
        {t("remove.explain", {
          name: who,
          email: member.email,
          organization: organization.name,
          role: member.roles.map((r) => t(`roles.${r}`)).join(" + "),
        })}
      </p>
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
                  status:
                    c.status !== "valid"
                      ? tp("remove.notValid")
                      : c.expiresAt
                        ? tp("remove.validUntil", { date: formatDate(c.expiresAt, "longDate") })
                        : tp("remove.noEnd"),
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
