// /admin/organizations/new: Kontakta registers a company (name, country, organisation number,
// membership status and dates).
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrganizationForm } from "~/components/organizations/organization-form";
import { pageTitle } from "~/i18n/page-title";
import { requireRole } from "~/modules/auth/session.server";
import { organizationSchema } from "~/modules/organizations/organization-form";
import { createOrganization } from "~/modules/organizations/organizations.server";
import { readFormData } from "~/utils/form.server";
import { RouteErrorBoundary } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["organizations"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "newOrganization") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const submission = parseWithZod(await readFormData(request), { schema: organizationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await createOrganization(submission.value);
  if (!result.ok)
    return data({ result: submission.reply({ fieldErrors: { orgNumber: ["orgNumber_taken"] } }) }, { status: 409 });
  return redirect(`/admin/organizations/${result.id}`);
}

export default function NewOrganization() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("organizations");
  return (
    <div>
      <p>
        <Link to="/admin">{t("admin.back")}</Link>
      </p>
      <h1 className="mt-2">{t("admin.newOrganization")}</h1>
      <OrganizationForm lastResult={actionData?.result} submitLabel={t("form.create")} />
    </div>
  );
}
