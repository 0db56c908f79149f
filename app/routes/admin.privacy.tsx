// /admin/privacy: Kontakta's staff, at the request of a person who cannot sign in, produce the
// same export the person gets from their profile (GDPR art. 15/20), or erase them (art. 17).
// Platform admins only; the person is found by exact e-mail address.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { requireRole } from "~/modules/auth/session.server";
import { erasePerson } from "~/modules/privacy/erasure.server";
import { exportPersonalData, exportResponse, findPersonByEmail } from "~/modules/privacy/export.server";
import { readFormData } from "~/utils/form.server";
import { Notice, RouteErrorBoundary } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["privacy"] };

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
];

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

const emailSchema = z.string().trim().toLowerCase().email().max(320);

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const t = await getFixedT(await getLanguage(request, admin.locale));
  const raw = new URL(request.url).searchParams.get("email");
  const email = raw === null ? null : emailSchema.safeParse(raw);
  const person = email?.success ? await findPersonByEmail(email.data) : null;
  return {
    title: `${t("privacy:meta.admin")} · KontaktAkademin`,
    query: raw ?? "",
    searched: raw !== null,
    person: person && !person.erasedAt ? { email: person.email, name: person.name ?? "" } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readFormData(request);
  const email = emailSchema.safeParse(form.get("email"));
  if (!email.success) return data({ error: "notFound" as const, erased: false }, { status: 400 });
  const person = await findPersonByEmail(email.data);
  if (!person || person.erasedAt) return data({ error: "notFound" as const, erased: false }, { status: 404 });
  const intent = form.get("intent");
  if (intent === "export") {
    const exported = await exportPersonalData(person.id, { requestedBy: "admin" });
    if (!exported) return data({ error: "notFound" as const, erased: false }, { status: 404 });
    return exportResponse(exported);
  }
  if (intent === "erase") {
    if (
      String(form.get("confirmEmail") ?? "")
        .trim()
        .toLowerCase() !== person.email
    )
      return data({ error: "confirm" as const, erased: false }, { status: 400 });
    await erasePerson({ userId: person.id, actorId: admin.id });
    return data({ error: null, erased: true });
  }
  return data({ error: "notFound" as const, erased: false }, { status: 400 });
}

export default function AdminPrivacy() {
  const { query, searched, person } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("privacy");
  return (
    <div className="mx-auto max-w-2xl">
      <h1>{t("admin.title")}</h1>
      <p className="mt-3">{t("admin.intro")}</p>
      {actionData?.erased ? <Notice tone="success">{t("admin.erased")}</Notice> : null}
      <Form method="get" className="mt-6 flex flex-wrap items-end gap-3">
        <div className="grow">
          <label htmlFor="admin-privacy-email" className="label">
            {t("admin.email")}
          </label>
          <input id="admin-privacy-email" name="email" type="email" defaultValue={query} required className="input" />
        </div>
        <button type="submit" className="btn">
          {t("admin.find")}
        </button>
      </Form>
      {searched && !person && !actionData?.erased ? <p className="mt-4">{t("admin.notFound")}</p> : null}
      {person && !actionData?.erased ? (
        <div className="mt-6 space-y-6">
          <p>
            <strong>{t("admin.found", { name: person.name, email: person.email })}</strong>
          </p>
          <Form method="post" reloadDocument>
            <input type="hidden" name="intent" value="export" />
            <input type="hidden" name="email" value={person.email} />
            <button type="submit" className="btn-secondary">
              {t("admin.export")}
            </button>
          </Form>
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="erase" />
            <input type="hidden" name="email" value={person.email} />
            <div>
              <label htmlFor="admin-privacy-confirm" className="label">
                {t("admin.confirmLabel")}
              </label>
              <input
                id="admin-privacy-confirm"
                name="confirmEmail"
                type="email"
                autoComplete="off"
                required
                className="input"
              />
              {actionData?.error === "confirm" ? <p className="field-error">{t("admin.errors.confirm")}</p> : null}
            </div>
            <button type="submit" className="btn-danger">
              {t("admin.erase")}
            </button>
          </Form>
        </div>
      ) : null}
    </div>
  );
}
