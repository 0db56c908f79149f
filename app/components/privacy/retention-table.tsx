// The retention table as the privacy notice shows it: rendered from RETENTION itself, so the
// notice says exactly what the retention job does.
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/ui";
import { KEPT_WHILE_NEEDED, periodText, RETENTION } from "~/modules/privacy/retention";

export function RetentionTable() {
  const { t } = useTranslation("privacy");
  return (
    <DataTable
      caption={t("notice.whatTitle")}
      data-testid="retention-table"
      rows={RETENTION}
      rowKey={(rule) => rule.kind}
      rowData={(rule) => ({ "data-kind": rule.kind, "data-days": rule.days })}
      columns={[
        {
          key: "what",
          header: t("notice.tableWhat"),
          rowHeader: true,
          cell: (rule) => t(`retention.kinds.${rule.kind}`),
        },
        {
          key: "period",
          header: t("notice.tablePeriod"),
          cell: (rule) => {
            const period = periodText(rule);
            return t(
              `retention.${period.key}`,
              period.count === undefined ? {} : { count: period.count, from: t(`retention.${period.fromKey}`) },
            );
          },
        },
        { key: "action", header: t("notice.tableAction"), cell: (rule) => t(`retention.action.${rule.action}`) },
      ]}
    />
  );
}

export function KeptWhileNeeded() {
  const { t } = useTranslation("privacy");
  return (
    <ul className="mt-3 list-disc space-y-1 pl-6">
      {KEPT_WHILE_NEEDED.map((k) => (
        <li key={k}>{t(`kept.${k}`)}</li>
      ))}
    </ul>
  );
}
