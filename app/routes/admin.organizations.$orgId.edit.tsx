// /admin/organizations/:orgId/edit: Kontakta edits a company's details and membership status.
// A membership status change is saved together with a criterion re-evaluation.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrganizationForm } from "~/components/organizations/organization-form";
import { pageTitle } from "~/i18n/page-title";
import { requireRole } from "~/modules/auth/session.server";
import { formatOrgNumber } from "~/modules/organizations/org-number";
import { organizationSchema } from "~/modules/organizations/organization-form";
import { getOrganization, updateOrganization } from "~/modules/organizations/organizations.server";
import { orgParamsSchema } from "~/modules/organizations/params";
import { readFormData } from "~/utils/form.server";
import { invariantResponse, parseParams } from "~/utils/http.server";
import { RouteErrorBoundary } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["organizations"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "editOrganization") }];

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const org = await getOrganization(parseParams(request, params, orgParamsSchema).orgId);
  invariantResponse(org, request);
  return {
    id: org.id,
    defaults: {
      name: org.name,
      country: org.country,
      orgNumber: formatOrgNumber(org.orgNumber, org.country),
      membershipStatus: org.membershipStatus,
      memberSince: day(org.memberSince),
      membershipEndedAt: day(org.membershipEndedAt),
      exclusionDecidedAt: day(org.exclusionDecidedAt),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const { orgId } = parseParams(request, params, orgParamsSchema);
  const submission = parseWithZod(await readFormData(request), { schema: organizationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await updateOrganization(orgId, submission.value, user.id);
  invariantResponse(result.ok || result.error !== "not_found", request);
  if (!result.ok)
    return data({ result: submission.reply({ fieldErrors: { orgNumber: ["orgNumber_taken"] } }) }, { status: 409 });
  return redirect(`/admin/organizations/${orgId}?notice=saved`);
}

export default function EditOrganization() {
  const { id, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("organizations");
  return (
    <div>
      <p>
        <Link to={`/admin/organizations/${id}`}>{t("admin.backToCompany", { name: defaults.name })}</Link>
      </p>
      <h1 className="mt-2">{t("admin.editTitle", { name: defaults.name })}</h1>
      <OrganizationForm defaults={defaults} lastResult={actionData?.result} submitLabel={t("form.save")} />
    </div>
  );
}
