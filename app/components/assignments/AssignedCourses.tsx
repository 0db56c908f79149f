// "Assigned courses" on My learning: what the learner's companies expect of them, by when, and
// whether it is overdue. One small list of its own, beside the course cards.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AssignedCourseView } from "~/modules/assignments/due-date";

const badge: Record<AssignedCourseView["state"], string> = {
  done: "bg-green-100 text-green-900 border border-green-700",
  pending: "bg-slate-100 text-slate-900 border border-slate-500",
  due_soon: "bg-amber-100 text-amber-900 border border-amber-700",
  overdue: "bg-red-100 text-red-900 border border-red-700",
};

export function AssignedCourses({ items }: { items: AssignedCourseView[] }) {
  const { t } = useTranslation("assignments");
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="assigned-heading" className="card mt-6" data-testid="assigned-courses">
      <h2 id="assigned-heading" className="text-xl">
        {t("learning.heading")}
      </h2>
      <ul className="mt-3 divide-y divide-slate-200">
        {items.map((a) => (
          <li key={`${a.organizationName} ${a.courseSlug}`} className="py-3" data-testid="assigned-course">
            <p className="flex flex-wrap items-center gap-2">
              <Link to={`/courses/${a.courseSlug}`} lang={a.titleLanguage} className="font-semibold">
                {a.title}
              </Link>
              <span className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-semibold ${badge[a.state]}`}>
                {t(`state.${a.state}`)}
              </span>
            </p>
            <p className="mt-1 text-sm text-slate-700">
              {a.assignedBy
                ? t("learning.assignedBy", {
                    name: a.showCompany ? `${a.assignedBy} (${a.organizationName})` : a.assignedBy,
                    date: a.dueText,
                  })
                : t("learning.assignedByCompany", { company: a.organizationName, date: a.dueText })}
            </p>
            {a.state === "overdue" ? (
              <p className="mt-1 text-sm font-semibold text-red-900">{t("learning.overdue", { date: a.dueText })}</p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
