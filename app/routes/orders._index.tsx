// /orders: the signed-in person's own orders, with Stripe's receipt links; ?format=csv exports them.
// Stripe Checkout returns buyers here (?checkout=success) while its webhook confirms the payment.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrdersTable } from "~/components/billing/OrdersTable";
import { requireUser } from "~/modules/auth/session.server";
import { listOrders, ordersCsv } from "~/modules/billing/orders.server";
import { pageParam } from "~/modules/organizations/params";
import { pageTitle } from "~/i18n/page-title";
import { Notice, PageNav } from "~/components/ui";
import { csvResponse } from "~/utils/csv.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["billing"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "orders") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  if (url.searchParams.get("format") === "csv") {
    const delimiter = url.searchParams.get("delimiter") === "semicolon" ? ";" : ",";
    return csvResponse(
      ordersCsv({ buyerId: user.id }, delimiter),
      `orders-${new Date().toISOString().slice(0, 10)}.csv`,
    );
  }
  return pageData(user.id, url);
}

async function pageData(userId: string, url: URL) {
  return { orders: await listOrders({ buyerId: userId }, { page: pageParam(url) }) };
}

export default function OrdersPage() {
  const { orders } = useLoaderData<typeof pageData>();
  const [search] = useSearchParams();
  const { t } = useTranslation("billing");
  return (
    <div className="mx-auto max-w-5xl">
      <h1>{t("orders.title")}</h1>
      {search.get("checkout") === "success" ? <Notice tone="success">{t("orders.checkoutSuccess")}</Notice> : null}
      <OrdersTable orders={orders.items} />
      <PageNav page={orders.page} pages={orders.pages} />
      {orders.total > 0 ? (
        <p className="mt-4">
          <Link to="/orders?format=csv" reloadDocument>
            {t("orders.exportCsv")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
