// The criterion's evidence: the valid certificates of the company's managers. Shared by the team
// dashboard and Kontakta's company page (which links each number to its admin page).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormatDate } from "./ui";

export type EvidenceRow = {
  certificateId: string;
  holderName: string;
  number: string;
  issuedAt: Date | string;
  expiresAt: Date | string | null;
  expiringWithin60Days: boolean;
};

export function EvidenceTable({ evidence, certificateHref }: { evidence: EvidenceRow[]; certificateHref?: (number: string) => string }) {
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDate();
  return (
    <table className="table mt-2">
      <caption className="sr-only">{t("criterion.evidence")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("criterion.holder")}</th>
          <th scope="col">{t("criterion.certificate")}</th>
          <th scope="col">{t("criterion.issued")}</th>
          <th scope="col">{t("criterion.expires")}</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e) => (
          <tr key={e.certificateId}>
            <td>{e.holderName}</td>
            <td>
              {certificateHref ? (
                <>
                  <Link to={certificateHref(e.number)}>{e.number}</Link>
                  <span className="sr-only"> ({t("admin.certificateLink")})</span>
                </>
              ) : (
                e.number
              )}
            </td>
            <td>{formatDate(e.issuedAt)}</td>
            <td>
              {e.expiresAt ? formatDate(e.expiresAt) : t("progress.noExpiry")}
              {e.expiringWithin60Days ? (
                <>
                  {" "}
                  <span className="badge bg-amber-100 text-amber-900">{t("progress.expiringSoon")}</span>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
