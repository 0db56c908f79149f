// The team dashboard's "Overdue courses": who has not passed an assigned course by its due day.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MemberName } from "~/components/organizations/ui";
import { DataTable, StatusBadge } from "~/components/ui";
import type { OverdueView } from "~/modules/assignments/due-date";

export function OverdueList({ orgId, items, total }: { orgId: string; items: OverdueView[]; total: number }) {
  const { t } = useTranslation("assignments");
  return (
    <section aria-labelledby="overdue-heading" className="card mt-6" data-testid="overdue-assignments">
      <h2 id="overdue-heading">{t("dashboard.heading")}</h2>
      <p className="mt-1 text-slate-700">{t("dashboard.explain")}</p>
      <DataTable
        caption={t("dashboard.caption")}
        className="mt-3"
        rows={items}
        rowKey={(o) => `${o.userId} ${o.courseSlug}`}
        empty={t("dashboard.none")}
        columns={[
          {
            key: "person",
            header: t("dashboard.person"),
            rowHeader: true,
            cell: (o) => <MemberName name={o.name} email={o.email} />,
          },
          { key: "course", header: t("dashboard.course"), cell: (o) => o.courseTitle },
          {
            key: "due",
            header: t("dashboard.due"),
            cell: (o) => (
              <>
                <time dateTime={o.dueDay}>{o.dueText}</time>{" "}
                <StatusBadge tone="danger">{t("state.overdue")}</StatusBadge>
              </>
            ),
          },
        ]}
      />
      {total > items.length ? (
        <p className="mt-2 text-slate-700">{t("dashboard.more", { shown: items.length, total })}</p>
      ) : null}
      <p className="mt-3">
        <Link to={`/team/${orgId}/assignments`}>{t("dashboard.manage")}</Link>
      </p>
    </section>
  );
}
