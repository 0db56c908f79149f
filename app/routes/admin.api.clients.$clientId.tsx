// /admin/api/clients/:clientId: one API client: its key prefix and scopes, revocation, webhook
// subscriptions (create, pause, rotate the secret, delete), the delivery log with redelivery,
// and a link to its request log.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ApiAdminTabs, CursorNav, OneTimeSecret, ApiStatusBadge } from "~/components/api/ui";
import { pageTitle } from "~/i18n/page-title";
import { handleClientAction, pageParams } from "~/modules/api/admin.server";
import { displayKeyPrefix, getApiClient } from "~/modules/api/clients.server";
import { EVENT_SCOPE, WEBHOOK_EVENT_TYPES } from "~/modules/api/webhook-events";
import { listDeliveries, listSubscriptions } from "~/modules/api/webhooks.server";
import { requireRole } from "~/modules/auth/session.server";
import { readFormData } from "~/utils/form.server";
import { DataTable, FilterSelect, Notice, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import { invariantResponse } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["api"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "apiClient") }];

const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

async function loadClient(request: Request, clientId: string | undefined) {
  const client = clientId && clientId.length <= 64 ? await getApiClient(clientId) : null;
  invariantResponse(client, request);
  return client;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const client = await loadClient(request, params.clientId);
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status");
  const status = DELIVERY_STATUSES.find((s) => s === statusParam);
  const deliveries = await listDeliveries({ apiClientId: client.id, status, ...pageParams(url) });
  invariantResponse(!("error" in deliveries), request, "badRequest", "badCursor");
  return {
    client: { ...client, displayPrefix: displayKeyPrefix(client.keyPrefix) },
    subscriptions: await listSubscriptions(client.id),
    deliveries: deliveries.items,
    nextCursor: deliveries.nextCursor,
    status: status ?? "",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const client = await loadClient(request, params.clientId);
  const result = await handleClientAction(await readFormData(request), client.id);
  return data(result, { status: result.ok ? 200 : 400 });
}

function ConfirmButton({
  intent,
  label,
  confirm,
  fields = {},
}: {
  intent: string;
  label: string;
  confirm: string;
  fields?: Record<string, string>;
}) {
  return (
    <details className="inline-block">
      <summary className="btn-secondary cursor-pointer py-1 text-sm">{label}</summary>
      <Form method="post" className="mt-2 rounded border border-slate-300 bg-white p-3">
        <input type="hidden" name="intent" value={intent} />
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p className="text-sm">{confirm}</p>
        <button type="submit" className="btn-danger mt-2 py-1 text-sm">
          {label}
        </button>
      </Form>
    </details>
  );
}

function SmallPost({ intent, label, fields }: { intent: string; label: string; fields: Record<string, string> }) {
  return (
    <Form method="post" className="inline-block">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="btn-secondary py-1 text-sm">
        {label}
      </button>
    </Form>
  );
}

export default function ApiClientPage() {
  const { client, subscriptions, deliveries, nextCursor, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("api");
  const formatDate = useFormatDateTime();
  const busy = useNavigation().state === "submitting";
  const active = !client.revokedAt;
  return (
    <div>
      <p>
        <Link to="/admin/api">{t("admin.client.back")}</Link>
      </p>
      <h1 className="mt-2">{client.name}</h1>
      <ApiAdminTabs />

      {result?.ok && "secret" in result ? (
        <Notice tone="success">
          <p>{t(`admin.results.${result.message}`)}</p>
          <OneTimeSecret
            label={t("admin.client.secretLabel")}
            value={result.secret}
            help={t("admin.client.secretOnce")}
          />
        </Notice>
      ) : result?.ok ? (
        <Notice tone="success">{t(`admin.results.${result.message}`)}</Notice>
      ) : result ? (
        <Notice tone="error">{t(`admin.formErrors.${result.error}`)}</Notice>
      ) : null}

      <section aria-labelledby="details-heading" className="card mt-6">
        <h2 id="details-heading" className="text-xl">
          {t("admin.client.details")}
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{t("admin.clients.status")}</dt>
          <dd>
            <ApiStatusBadge status={active ? "active" : "revoked"} />
            {client.revokedAt ? ` ${formatDate(client.revokedAt, "dateTime")}` : null}
          </dd>
          <dt className="font-semibold">{t("admin.clients.key")}</dt>
          <dd className="font-mono">{client.displayPrefix}</dd>
          <dt className="font-semibold">{t("admin.clients.scopes")}</dt>
          <dd className="font-mono">{client.scopes.join(", ")}</dd>
          <dt className="font-semibold">{t("admin.clients.createdAt")}</dt>
          <dd>
            {formatDate(client.createdAt, "dateTime")}
            {client.createdBy ? ` · ${client.createdBy.name ?? client.createdBy.email}` : ""}
          </dd>
          <dt className="font-semibold">{t("admin.clients.lastUsed")}</dt>
          <dd>{client.lastUsedAt ? formatDate(client.lastUsedAt, "dateTime") : t("admin.clients.never")}</dd>
        </dl>
        <p className="mt-4 flex flex-wrap gap-3">
          <Link to={`/admin/api/requests?client=${client.id}`}>{t("admin.client.requestLog")}</Link>
        </p>
        {active ? (
          <div className="mt-4">
            <ConfirmButton intent="revoke" label={t("admin.client.revoke")} confirm={t("admin.client.revokeConfirm")} />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="subscriptions-heading" className="mt-8">
        <h2 id="subscriptions-heading" className="text-xl">
          {t("admin.client.subscriptions")}
        </h2>
        <DataTable
          caption={t("admin.client.subscriptions")}
          className="mt-3"
          rows={subscriptions}
          rowKey={(s) => s.id}
          empty={t("admin.client.noSubscriptions")}
          columns={[
            {
              key: "url",
              header: t("admin.client.url"),
              rowHeader: true,
              className: "font-mono break-all",
              cell: (s) => s.url,
            },
            {
              key: "events",
              header: t("admin.client.events"),
              className: "font-mono break-words",
              cell: (s) => s.events.join(", "),
            },
            {
              key: "status",
              header: t("admin.clients.status"),
              cell: (s) => <ApiStatusBadge status={s.active ? "active" : "paused"} />,
            },
            {
              key: "actions",
              header: t("admin.client.actions"),
              headerHidden: true,
              cell: (s) => (
                <div className="flex flex-wrap gap-2">
                  <SmallPost
                    intent={s.active ? "pause" : "resume"}
                    label={t(s.active ? "admin.client.pause" : "admin.client.resume")}
                    fields={{ subscriptionId: s.id }}
                  />
                  <ConfirmButton
                    intent="rotate-secret"
                    label={t("admin.client.rotate")}
                    confirm={t("admin.client.rotateConfirm")}
                    fields={{ subscriptionId: s.id }}
                  />
                  <ConfirmButton
                    intent="delete-subscription"
                    label={t("admin.client.delete")}
                    confirm={t("admin.client.deleteConfirm")}
                    fields={{ subscriptionId: s.id }}
                  />
                </div>
              ),
            },
          ]}
        />
        {active ? (
          <div className="card mt-4 max-w-2xl">
            <h3 className="text-lg">{t("admin.client.addSubscription")}</h3>
            <Form method="post" className="mt-3 space-y-4">
              <input type="hidden" name="intent" value="create-subscription" />
              <div>
                <label htmlFor="subscription-url" className="label">
                  {t("admin.client.url")}
                </label>
                <input
                  id="subscription-url"
                  name="url"
                  type="url"
                  required
                  maxLength={2000}
                  placeholder="https://"
                  className="input"
                />
              </div>
              <fieldset>
                <legend className="label">{t("admin.client.events")}</legend>
                <ul className="space-y-2">
                  {WEBHOOK_EVENT_TYPES.map((event) => {
                    const allowed = client.scopes.includes(EVENT_SCOPE[event]);
                    return (
                      <li key={event} className="flex items-start gap-2">
                        <input
                          id={`event-${event}`}
                          type="checkbox"
                          name="events"
                          value={event}
                          disabled={!allowed}
                          defaultChecked={allowed}
                          className="mt-1 h-4 w-4"
                        />
                        <label htmlFor={`event-${event}`}>
                          <span className="font-mono">{event}</span>
                          {allowed ? null : (
                            <span className="text-slate-700">
                              {" "}
                              — {t("admin.client.needsScope", { scope: EVENT_SCOPE[event] })}
                            </span>
                          )}
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
              <button type="submit" className="btn" disabled={busy}>
                {t("admin.client.addSubscription")}
              </button>
            </Form>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="deliveries-heading" className="mt-8">
        <h2 id="deliveries-heading" className="text-xl">
          {t("admin.client.deliveries")}
        </h2>
        <Form method="get" className="mt-3 flex flex-wrap items-end gap-3">
          <FilterSelect
            id="delivery-status"
            name="status"
            label={t("admin.client.filterStatus")}
            value={status}
            anyLabel={t("admin.client.allStatuses")}
            options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`admin.status.${s}`) }))}
          />
          <button type="submit" className="btn-secondary">
            {t("admin.client.filter")}
          </button>
        </Form>
        <DataTable
          caption={t("admin.client.deliveries")}
          className="mt-3"
          rows={deliveries}
          rowKey={(d) => d.id}
          empty={t("admin.client.noDeliveries")}
          columns={[
            {
              key: "created",
              header: t("admin.client.created"),
              rowHeader: true,
              cell: (d) => formatDate(d.createdAt, "dateTime"),
            },
            {
              key: "event",
              header: t("admin.client.event"),
              cell: (d) => (
                <>
                  <span className="font-mono">{d.eventType}</span>
                  <span className="block font-mono text-xs break-all text-slate-700">{d.eventId}</span>
                </>
              ),
            },
            { key: "url", header: t("admin.client.url"), className: "font-mono text-sm break-all", cell: (d) => d.url },
            {
              key: "status",
              header: t("admin.clients.status"),
              cell: (d) => (
                <>
                  <ApiStatusBadge status={d.status} />
                  {d.status === "delivered" && d.deliveredAt ? (
                    <span className="block text-sm">{formatDate(d.deliveredAt, "dateTime")}</span>
                  ) : null}
                  {d.status === "pending" ? (
                    <span className="block text-sm">
                      {t("admin.client.nextAttempt", { at: formatDate(d.nextAttemptAt, "dateTime") })}
                    </span>
                  ) : null}
                </>
              ),
            },
            { key: "attempts", header: t("admin.client.attempts"), numeric: true, cell: (d) => d.attempts },
            {
              key: "lastResult",
              header: t("admin.client.lastResult"),
              className: "text-sm",
              cell: (d) => (
                <>
                  {d.lastStatusCode ? <span className="font-mono">HTTP {d.lastStatusCode}</span> : null}
                  {d.lastError ? <span className="block break-all">{d.lastError}</span> : null}
                  {!d.lastStatusCode && !d.lastError ? "—" : null}
                </>
              ),
            },
            {
              key: "actions",
              header: t("admin.client.actions"),
              headerHidden: true,
              cell: (d) => (
                <SmallPost intent="redeliver" label={t("admin.client.redeliver")} fields={{ deliveryId: d.id }} />
              ),
            },
          ]}
        />
        <CursorNav nextCursor={nextCursor} label={t("admin.client.deliveriesPagination")} />
      </section>
    </div>
  );
}
