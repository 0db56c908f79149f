// The criterion's status line and its evidence (the valid certificates of the company's
// managers). Shared by the team dashboard and Kontakta's company page (which links each number to
// its admin page).
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable, useFormatDateTime } from "~/components/ui";
import { EXPIRY_WARNING_DAYS, type CriterionStatusValue } from "~/modules/organizations/criterion";
import { CriterionBadge } from "./ui";

/** "Met since 3 March 2026" / "Met, but every certificate expires within 60 days (since …)" / "Not met": the badge and the sentence. */
export function CriterionStatusLine({
  criterion,
  className,
}: {
  criterion: { status: CriterionStatusValue; since: Date | string | null };
  className: string;
}) {
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDateTime();
  const { status, since } = criterion;
  let sentence: string;
  if (status === "not_met")
    sentence = since ? t("criterion.notMetSince", { date: formatDate(since) }) : t("criterion.notMetNow");
  else if (status === "expiring" && since)
    sentence = t("criterion.expiringSince", { date: formatDate(since), days: EXPIRY_WARNING_DAYS });
  else sentence = since ? t("criterion.metSince", { date: formatDate(since) }) : t("criterion.metNow");
  return (
    <p className={`flex flex-wrap items-center gap-3 text-lg ${className}`}>
      <CriterionBadge status={status} />
      <span>{sentence}</span>
    </p>
  );
}

/** While the criterion is met: until when its longest-lasting evidence holds. Nothing otherwise. */
export function CriterionValidity({ criterion }: { criterion: { met: boolean; validUntil: Date | string | null } }) {
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDateTime();
  if (!criterion.met) return null;
  return (
    <p className="mt-2">
      {criterion.validUntil
        ? t("criterion.validUntil", { date: formatDate(criterion.validUntil) })
        : t("criterion.validNoExpiry")}
    </p>
  );
}

export type EvidenceRow = {
  certificateId: string;
  holderName: string;
  number: string;
  issuedAt: Date | string;
  expiresAt: Date | string | null;
  expiringSoon: boolean;
};

export function EvidenceTable({
  evidence,
  certificateHref,
}: {
  evidence: EvidenceRow[];
  certificateHref?: (number: string) => string;
}) {
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDateTime();
  return (
    <DataTable
      className="mt-2"
      caption={t("criterion.evidence")}
      rows={evidence}
      rowKey={(e) => e.certificateId}
      columns={[
        { key: "holder", header: t("criterion.holder"), rowHeader: true, cell: (e) => e.holderName },
        {
          key: "certificate",
          header: t("criterion.certificate"),
          cell: (e) =>
            certificateHref ? (
              <>
                <Link to={certificateHref(e.number)}>{e.number}</Link>
                <span className="sr-only"> ({t("admin.certificateLink")})</span>
              </>
            ) : (
              e.number
            ),
        },
        { key: "issued", header: t("criterion.issued"), cell: (e) => formatDate(e.issuedAt) },
        {
          key: "expires",
          header: t("criterion.expires"),
          cell: (e) => (
            <>
              {e.expiresAt ? formatDate(e.expiresAt) : t("progress.noExpiry")}
              {e.expiringSoon ? (
                <>
                  {" "}
                  <span className="badge bg-amber-100 text-amber-900">{t("progress.expiringSoon")}</span>
                </>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
}
