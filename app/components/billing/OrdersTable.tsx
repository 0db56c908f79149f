// Order history as a table: number, date, course, quantity, total (and VAT), status, receipt and
// invoice links (Stripe's hosted pages). Used by the buyer's, the company's and Kontakta's pages.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatDate } from "~/components/organizations/ui";
import { formatMoney, type Currency } from "~/modules/billing/pricing";

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

export function OrdersTable({ orders, showBuyer = false, refundable = false }: { orders: OrderTableRow[]; showBuyer?: boolean; refundable?: boolean }) {
  const { t, i18n } = useTranslation("billing");
  const formatDate = useFormatDate();
  if (orders.length === 0) return <p className="mt-4">{t("orders.empty")}</p>;
  const money = (minor: number, currency: string) => formatMoney(minor, currency as Currency, i18n.language);
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2 pr-3">{t("orders.columns.number")}</th>
            <th scope="col" className="py-2 pr-3">{t("orders.columns.date")}</th>
            {showBuyer ? <th scope="col" className="py-2 pr-3">{t("orders.columns.buyer")}</th> : null}
            <th scope="col" className="py-2 pr-3">{t("orders.columns.course")}</th>
            <th scope="col" className="py-2 pr-3">{t("orders.columns.quantity")}</th>
            <th scope="col" className="py-2 pr-3">{t("orders.columns.total")}</th>
            <th scope="col" className="py-2 pr-3">{t("orders.columns.status")}</th>
            <th scope="col" className="py-2 pr-3">{t("orders.columns.receipt")}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => {
            const line = o.lines[0];
            const status = o.status === "paid" && o.amountRefunded > 0 ? "partlyRefunded" : o.status;
            return (
              <tr key={o.id} className="border-b border-slate-200 align-top">
                <td className="py-2 pr-3 font-mono">{o.number}</td>
                <td className="py-2 pr-3">{formatDate(o.createdAt)}</td>
                {showBuyer ? (
                  <td className="py-2 pr-3">
                    {o.orgName ? <div>{o.orgName}</div> : null}
                    <div>{o.buyerEmail}</div>
                  </td>
                ) : null}
                <td className="py-2 pr-3">{line?.description}</td>
                <td className="py-2 pr-3">{line?.quantity}</td>
                <td className="py-2 pr-3">
                  {money(o.totalAmount, o.currency)}
                  <div className="text-xs text-slate-700">
                    {o.vatTreatment === "reverse_charge" ? t("orders.reverseCharge") : `${t("orders.columns.vat")} ${money(o.vatAmount, o.currency)}`}
                  </div>
                </td>
                <td className="py-2 pr-3">{t(`orders.status.${status}`)}</td>
                <td className="py-2 pr-3">
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
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
