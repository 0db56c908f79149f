// /admin/billing: Kontakta staff see every order (newest first, page by page), open Stripe's receipts
// and invoices, export CSV (?format=csv), and refund a paid order in full. The refund goes to
// Stripe; its charge.refunded webhook takes back unused seats and unstarted purchases.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { OrdersTable } from "~/components/billing/OrdersTable";
import { requireRole } from "~/modules/auth/session.server";
import { listOrders, ordersCsv, requestRefund, type RefundError } from "~/modules/billing/orders.server";
import { pageParam } from "~/modules/organizations/params";
import { csvResponse } from "~/utils/csv.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/i18n/page-title";
import { Notice, PageNav, RouteErrorBoundary } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["billing"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "orders") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  if (url.searchParams.get("format") === "csv") {
    const delimiter = url.searchParams.get("delimiter") === "semicolon" ? ";" : ",";
    return csvResponse(ordersCsv({ all: true }, delimiter), `orders-all-${new Date().toISOString().slice(0, 10)}.csv`);
  }
  return pageData(url);
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

async function pageData(url: URL) {
  return { orders: await listOrders({ all: true }, { page: pageParam(url) }) };
}

const actionSchema = z.object({ intent: z.literal("refund"), orderId: z.string().min(1).max(64) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const parsed = actionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ ok: false as const, error: "not_found" as RefundError }, { status: 400 });
  const result = await requestRefund(parsed.data.orderId, user.id);
  if (result.ok) return data({ ok: true as const, error: null });
  return data({ ok: false as const, error: result.error }, { status: result.error === "not_found" ? 404 : 409 });
}

export default function AdminOrdersPage() {
  const { orders } = useLoaderData<typeof pageData>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("billing");
  return (
    <div>
      <h1>{t("orders.adminTitle")}</h1>
      <p className="mt-2 flex flex-wrap gap-4">
        <Link to="/admin/billing/prices">{t("prices.pricesLink")}</Link>
        {orders.total > 0 ? (
          <Link to="/admin/billing?format=csv" reloadDocument>
            {t("orders.exportCsv")}
          </Link>
        ) : null}
      </p>
      {result ? (
        result.ok ? (
          <Notice tone="success">{t("orders.refundRequested")}</Notice>
        ) : (
          <Notice tone="error">{t(`orders.refundErrors.${result.error}`)}</Notice>
        )
      ) : null}
      <OrdersTable orders={orders.items} showBuyer refundable />
      <PageNav page={orders.page} pages={orders.pages} />
    </div>
  );
}
