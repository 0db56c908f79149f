// /admin/api: Kontakta admins create API clients (the key is shown once) and see them all.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApiAdminTabs, CursorNav, Notice, OneTimeSecret, StatusBadge } from "~/components/api/ui";
import { useFormatDate } from "~/components/organizations/ui";
import { pageTitle } from "~/i18n/page-title";
import { handleClientsAction, pageParams } from "~/modules/api/admin.server";
import { displayKeyPrefix, listApiClients } from "~/modules/api/clients.server";
import { API_SCOPES } from "~/modules/api/scopes";
import { requireRole } from "~/modules/auth/session.server";
import { readFormData } from "~/utils/form.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "apiClients") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const page = await listApiClients(pageParams(new URL(request.url)));
  if ("error" in page) throw new Response("Bad cursor", { status: 400 });
  return {
    clients: page.items.map((c) => ({ ...c, displayPrefix: displayKeyPrefix(c.keyPrefix) })),
    nextCursor: page.nextCursor,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const result = await handleClientsAction(await readFormData(request), admin.id);
  return data(result, { status: result.ok ? 200 : 400 });
}

export default function ApiClients() {
  const { clients, nextCursor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("api");
  const formatDate = useFormatDate();
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
            <input id="client-name" name="name" type="text" required maxLength={100} autoComplete="off" className="input" aria-describedby="client-name-help" />
            <p id="client-name-help" className="mt-1 text-sm text-slate-700">
              {t("admin.clients.nameHelp")}
            </p>
          </div>
          <fieldset>
            <legend className="label">{t("admin.clients.scopes")}</legend>
            <ul className="space-y-2">
              {API_SCOPES.map((scope) => (
                <li key={scope} className="flex items-start gap-2">
                  <input id={`scope-${scope}`} type="checkbox" name="scopes" value={scope} defaultChecked={scope === "criteria:read"} className="mt-1 h-4 w-4" />
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
        {clients.length === 0 ? (
          <p className="mt-3">{t("admin.clients.none")}</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="table">
              <caption className="sr-only">{t("admin.clients.listTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("admin.clients.name")}</th>
                  <th scope="col">{t("admin.clients.key")}</th>
                  <th scope="col">{t("admin.clients.scopes")}</th>
                  <th scope="col">{t("admin.clients.createdAt")}</th>
                  <th scope="col">{t("admin.clients.lastUsed")}</th>
                  <th scope="col">{t("admin.clients.status")}</th>
                </tr>
              </thead>
              <tbody>
                {clients.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/admin/api/clients/${c.id}`}>{c.name}</Link>
                    </td>
                    <td className="font-mono">{c.displayPrefix}</td>
                    <td className="font-mono">{c.scopes.join(", ")}</td>
                    <td>
                      {formatDate(c.createdAt, true)}
                      {c.createdBy ? <span className="block text-slate-700">{c.createdBy.name ?? c.createdBy.email}</span> : null}
                    </td>
                    <td>{c.lastUsedAt ? formatDate(c.lastUsedAt, true) : t("admin.clients.never")}</td>
                    <td>
                      <StatusBadge status={c.revokedAt ? "revoked" : "active"} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CursorNav nextCursor={nextCursor} label={t("admin.clients.pagination")} />
      </section>
    </div>
  );
}
