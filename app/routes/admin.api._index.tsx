// /admin/api: Kontakta admins create API clients (the key is shown once) and see them all.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApiAdminTabs, CursorNav, OneTimeSecret, ApiStatusBadge } from "~/components/api/ui";
import { pageTitle } from "~/i18n/page-title";
import { handleClientsAction, pageParams } from "~/modules/api/admin.server";
import { displayKeyPrefix, listApiClients } from "~/modules/api/clients.server";
import { API_SCOPES } from "~/modules/api/scopes";
import { requireRole } from "~/modules/auth/session.server";
import { readFormData } from "~/utils/form.server";
import { DataTable, Notice, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import { invariantResponse } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["api"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "apiClients") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const page = await listApiClients(pageParams(new URL(request.url)));
  invariantResponse(!("error" in page), request, "badRequest", "badCursor");
  return {
    clients: page.items.map((c) => ({ ...c, displayPrefix: displayKeyPrefix(c.keyPrefix) })),
    nextCursor: page.nextCursor,
  };
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const result = await handleClientsAction(await readFormData(request), admin.id);
  return data(result, { status: result.ok ? 200 : 400 });
}

export default function ApiClients() {
  const { clients, nextCursor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("api");
  const formatDate = useFormatDateTime();
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <h1>{t("admin.clients.title")}</h1>
      <ApiAdminTabs />
      <p className="mt-4 max-w-3xl">{t("admin.clients.intro")}</p>

      {result && result.ok && result.message === "clientCreated" ? (
        <Notice tone="success">
          <p>{t("admin.clients.created", { name: result.clientName })}</p>
          <OneTimeSecret label={t("admin.clients.keyLabel")} value={result.key} help={t("admin.clients.keyOnce")} />
          <p className="mt-2">
            <Link to={`/admin/api/clients/${result.clientId}`}>{t("admin.clients.openCreated")}</Link>
          </p>
        </Notice>
      ) : null}
      {result && !result.ok ? <Notice tone="error">{t(`admin.formErrors.${result.error}`)}</Notice> : null}

      <section aria-labelledby="create-heading" className="card mt-6 max-w-2xl">
        <h2 id="create-heading" className="text-xl">
          {t("admin.clients.createTitle")}
        </h2>
        <Form method="post" className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="create-client" />
          <div>
            <label htmlFor="client-name" className="label">
              {t("admin.clients.name")}
            </label>
            <input
              id="client-name"
              name="name"
              type="text"
              required
              maxLength={100}
              autoComplete="off"
              className="input"
              aria-describedby="client-name-help"
            />
            <p id="client-name-help" className="mt-1 text-sm text-slate-700">
              {t("admin.clients.nameHelp")}
            </p>
          </div>
          <fieldset>
            <legend className="label">{t("admin.clients.scopes")}</legend>
            <ul className="space-y-2">
              {API_SCOPES.map((scope) => (
                <li key={scope} className="flex items-start gap-2">
                  <input
                    id={`scope-${scope}`}
                    type="checkbox"
                    name="scopes"
                    value={scope}
                    defaultChecked={scope === "criteria:read"}
                    className="mt-1 h-4 w-4"
                  />
                  <label htmlFor={`scope-${scope}`}>
                    <span className="font-mono">{scope}</span> — {t(`scopes.${scope.replace(":", "_")}`)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className="btn" disabled={busy}>
            {t("admin.clients.create")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="list-heading" className="mt-8">
        <h2 id="list-heading" className="text-xl">
          {t("admin.clients.listTitle")}
        </h2>
        <DataTable
          caption={t("admin.clients.listTitle")}
          className="mt-3"
          rows={clients}
          rowKey={(c) => c.id}
          empty={t("admin.clients.none")}
          columns={[
            {
              key: "name",
              header: t("admin.clients.name"),
              rowHeader: true,
              cell: (c) => <Link to={`/admin/api/clients/${c.id}`}>{c.name}</Link>,
            },
            { key: "key", header: t("admin.clients.key"), className: "font-mono", cell: (c) => c.displayPrefix },
            {
              key: "scopes",
              header: t("admin.clients.scopes"),
              className: "font-mono break-words",
              cell: (c) => c.scopes.join(", "),
            },
            {
              key: "created",
              header: t("admin.clients.createdAt"),
              cell: (c) => (
                <>
                  {formatDate(c.createdAt, "dateTime")}
                  {c.createdBy ? (
                    <span className="block break-all text-slate-700">{c.createdBy.name ?? c.createdBy.email}</span>
                  ) : null}
                </>
              ),
            },
            {
              key: "lastUsed",
              header: t("admin.clients.lastUsed"),
              cell: (c) => (c.lastUsedAt ? formatDate(c.lastUsedAt, "dateTime") : t("admin.clients.never")),
            },
            {
              key: "status",
              header: t("admin.clients.status"),
              cell: (c) => <ApiStatusBadge status={c.revokedAt ? "revoked" : "active"} />,
            },
          ]}
        />
        <CursorNav nextCursor={nextCursor} label={t("admin.clients.pagination")} />
      </section>
    </div>
  );
}
