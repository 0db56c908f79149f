// /admin/api/requests: every API call (client, route, status, duration), newest first; one
// client's calls with ?client=<id>.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApiAdminTabs, CursorNav } from "~/components/api/ui";
import { useFormatDate } from "~/components/organizations/ui";
import { pageTitle } from "~/i18n/page-title";
import { pageParams } from "~/modules/api/admin.server";
import { getApiClient } from "~/modules/api/clients.server";
import { listRequestLog } from "~/modules/api/request-log.server";
import { requireRole } from "~/modules/auth/session.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "apiRequests") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const clientId = url.searchParams.get("client");
  const client = clientId && clientId.length <= 64 ? await getApiClient(clientId) : null;
  if (clientId && !client) throw new Response("Not Found", { status: 404 });
  const { cursor } = pageParams(url);
  const page = await listRequestLog({ apiClientId: client?.id ?? null, cursor, limit: 50 });
  if ("error" in page) throw new Response("Bad cursor", { status: 400 });
  return { client: client && { id: client.id, name: client.name }, requests: page.items, nextCursor: page.nextCursor };
}

export default function ApiRequests() {
  const { client, requests, nextCursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation("api");
  const formatDate = useFormatDate();
  return (
    <div>
      <h1>{client ? t("admin.requests.titleFor", { name: client.name }) : t("admin.requests.title")}</h1>
      <ApiAdminTabs />
      <p className="mt-4 max-w-3xl">{t("admin.requests.intro")}</p>
      {client ? (
        <p className="mt-2">
          <Link to="/admin/api/requests">{t("admin.requests.showAll")}</Link>
        </p>
      ) : null}
      {requests.length === 0 ? (
        <p className="mt-6">{t("admin.requests.none")}</p>
      ) : (
        <div className="mt-6 overflow-x-auto">
          <table className="table">
            <caption className="sr-only">{t("admin.requests.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.requests.time")}</th>
                <th scope="col">{t("admin.requests.client")}</th>
                <th scope="col">{t("admin.requests.method")}</th>
                <th scope="col">{t("admin.requests.route")}</th>
                <th scope="col">{t("admin.requests.status")}</th>
                <th scope="col">{t("admin.requests.duration")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.createdAt, true)}</td>
                  <td>{r.client ? <Link to={`/admin/api/requests?client=${r.client.id}`}>{r.client.name}</Link> : t("admin.requests.anonymous")}</td>
                  <td className="font-mono">{r.method}</td>
                  <td className="font-mono">{r.route}</td>
                  <td className={`font-mono ${r.status >= 500 ? "font-bold text-red-900" : r.status >= 400 ? "text-amber-900" : ""}`}>{r.status}</td>
                  <td>{t("admin.requests.ms", { ms: r.durationMs })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorNav nextCursor={nextCursor} label={t("admin.requests.pagination")} />
    </div>
  );
}
