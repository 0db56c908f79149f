// /admin/api/requests: every API call (client, route, status, duration), newest first; one
// client's calls with ?client=<id>.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApiAdminTabs, CursorNav } from "~/components/api/ui";
import { pageTitle } from "~/i18n/page-title";
import { pageParams } from "~/modules/api/admin.server";
import { getApiClient } from "~/modules/api/clients.server";
import { listRequestLog } from "~/modules/api/request-log.server";
import { requireRole } from "~/modules/auth/session.server";
import { DataTable, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import { invariantResponse } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["api"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "apiRequests") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const clientId = url.searchParams.get("client");
  const client = clientId && clientId.length <= 64 ? await getApiClient(clientId) : null;
  invariantResponse(!clientId || client, request);
  const { cursor } = pageParams(url);
  const page = await listRequestLog({ apiClientId: client?.id ?? null, cursor, limit: 50 });
  invariantResponse(!("error" in page), request, "badRequest", "badCursor");
  return { client: client && { id: client.id, name: client.name }, requests: page.items, nextCursor: page.nextCursor };
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export default function ApiRequests() {
  const { client, requests, nextCursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation("api");
  const formatDate = useFormatDateTime();
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
      <DataTable
        caption={client ? t("admin.requests.titleFor", { name: client.name }) : t("admin.requests.title")}
        className="mt-6"
        rows={requests}
        rowKey={(r) => r.id}
        empty={t("admin.requests.none")}
        columns={[
          {
            key: "time",
            header: t("admin.requests.time"),
            rowHeader: true,
            cell: (r) => formatDate(r.createdAt, "dateTime"),
          },
          {
            key: "client",
            header: t("admin.requests.client"),
            cell: (r) =>
              r.client ? (
                <Link to={`/admin/api/requests?client=${r.client.id}`}>{r.client.name}</Link>
              ) : (
                t("admin.requests.anonymous")
              ),
          },
          { key: "method", header: t("admin.requests.method"), className: "font-mono", cell: (r) => r.method },
          { key: "route", header: t("admin.requests.route"), className: "font-mono break-all", cell: (r) => r.route },
          {
            key: "status",
            header: t("admin.requests.status"),
            className: "font-mono",
            cell: (r) => (
              <span className={r.status >= 500 ? "font-bold text-red-900" : r.status >= 400 ? "text-amber-900" : ""}>
                {r.status}
              </span>
            ),
          },
          {
            key: "duration",
            header: t("admin.requests.duration"),
            numeric: true,
            cell: (r) => t("admin.requests.ms", { ms: r.durationMs }),
          },
        ]}
      />
      <CursorNav nextCursor={nextCursor} label={t("admin.requests.pagination")} />
    </div>
  );
}
