// The retention table as the privacy notice shows it: rendered from RETENTION itself, so the
// notice says exactly what the retention job does.
import { useTranslation } from "react-i18next";
import { KEPT_WHILE_NEEDED, periodText, RETENTION } from "~/modules/privacy/retention";

export function RetentionTable() {
  const { t } = useTranslation("privacy");
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="table" data-testid="retention-table">
        <caption className="sr-only">{t("notice.whatTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("notice.tableWhat")}</th>
            <th scope="col">{t("notice.tablePeriod")}</th>
            <th scope="col">{t("notice.tableAction")}</th>
          </tr>
        </thead>
        <tbody>
          {RETENTION.map((rule) => {
            const period = periodText(rule);
            return (
              <tr key={rule.kind} data-kind={rule.kind} data-days={rule.days}>
                <th scope="row" className="font-normal">
                  {t(`retention.kinds.${rule.kind}`)}
                </th>
                <td>{t(`retention.${period.key}`, period.count === undefined ? {} : { count: period.count, from: t(`retention.${period.fromKey}`) })}</td>
                <td>{t(`retention.action.${rule.action}`)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
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
