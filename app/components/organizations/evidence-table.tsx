// The criterion's status line and its evidence (the valid certificates of the company's
// managers). Shared by the team dashboard and Kontakta's company page (which links each number to
// its admin page).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CriterionBadge, useFormatDate } from "./ui";

/** "Met since 3 March 2026" / "Not met": the badge and the sentence. */
export function CriterionStatusLine({
  criterion,
  className,
}: {
  criterion: { met: boolean; expiringWithin60Days: boolean; since: Date | string | null };
  className: string;
}) {
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDate();
  const { met, since } = criterion;
  return (
    <p className={`flex flex-wrap items-center gap-3 text-lg ${className}`}>
      <CriterionBadge met={met} expiring={criterion.expiringWithin60Days} />
      <span>
        {met
          ? since
            ? t("criterion.metSince", { date: formatDate(since) })
            : t("criterion.metNow")
          : since
            ? t("criterion.notMetSince", { date: formatDate(since) })
            : t("criterion.notMetNow")}
      </span>
    </p>
  );
}

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
