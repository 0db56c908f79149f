// Order history as a table: number, date, course, quantity, total (and VAT), status, receipt and
// invoice links (Stripe's hosted pages). Used by the buyer's, the company's and Kontakta's pages.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatMoney, type Currency } from "~/modules/billing/pricing";
import { DataTable, useFormatDateTime } from "~/components/ui";

export type OrderTableRow = {
  id: string;
  number: string;
  status: "pending" | "paid" | "failed" | "expired" | "refunded";
  createdAt: string | Date;
  buyerEmail: string;
  orgName: string | null;
  currency: string;
  vatAmount: number;
  totalAmount: number;
  amountRefunded: number;
  vatTreatment: string;
  receiptUrl: string | null;
  invoiceUrl: string | null;
  lines: Array<{ description: string; quantity: number }>;
};

export function OrdersTable({
  orders,
  showBuyer = false,
  refundable = false,
  caption,
}: {
  orders: OrderTableRow[];
  showBuyer?: boolean;
  refundable?: boolean;
  caption?: string;
}) {
  const { t, i18n } = useTranslation("billing");
  const formatDate = useFormatDateTime();
  const money = (minor: number, currency: string) => formatMoney(minor, currency as Currency, i18n.language);
  return (
    <DataTable
      caption={caption ?? t("orders.companyTitle")}
      rows={orders}
      rowKey={(o) => o.id}
      empty={t("orders.empty")}
      columns={[
        {
          key: "number",
          header: t("orders.columns.number"),
          rowHeader: true,
          className: "font-mono",
          cell: (o) => o.number,
        },
        { key: "date", header: t("orders.columns.date"), cell: (o) => formatDate(o.createdAt) },
        showBuyer && {
          key: "buyer",
          header: t("orders.columns.buyer"),
          className: "break-all",
          cell: (o) => (
            <>
              {o.orgName ? <div>{o.orgName}</div> : null}
              <div>{o.buyerEmail}</div>
            </>
          ),
        },
        { key: "course", header: t("orders.columns.course"), cell: (o) => o.lines[0]?.description },
        { key: "quantity", header: t("orders.columns.quantity"), numeric: true, cell: (o) => o.lines[0]?.quantity },
        {
          key: "total",
          header: t("orders.columns.total"),
          numeric: true,
          cell: (o) => (
            <>
              {money(o.totalAmount, o.currency)}
              <div className="text-xs text-slate-700">
                {o.vatTreatment === "reverse_charge"
                  ? t("orders.reverseCharge")
                  : `${t("orders.columns.vat")} ${money(o.vatAmount, o.currency)}`}
              </div>
            </>
          ),
        },
        {
          key: "status",
          header: t("orders.columns.status"),
          cell: (o) => t(`orders.status.${o.status === "paid" && o.amountRefunded > 0 ? "partlyRefunded" : o.status}`),
        },
        {
          key: "receipt",
          header: t("orders.columns.receipt"),
          cell: (o) => (
            <>
              {o.receiptUrl ? (
                <a href={o.receiptUrl} rel="noreferrer noopener" target="_blank">
                  {t("orders.receipt")}
                </a>
              ) : null}
              {o.invoiceUrl ? (
                <>
                  {o.receiptUrl ? " · " : null}
                  <a href={o.invoiceUrl} rel="noreferrer noopener" target="_blank">
                    {t("orders.invoice")}
                  </a>
                </>
              ) : null}
              {refundable && o.status === "paid" ? (
                <Form method="post" className="mt-1">
                  <input type="hidden" name="intent" value="refund" />
                  <input type="hidden" name="orderId" value={o.id} />
                  <button type="submit" className="btn-secondary py-1 text-xs">
                    {t("orders.refund")}
                  </button>
                </Form>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
}
