// A learner's status in a course (from learnerStatus, the one function every page uses) and its
// one next action as the primary button. Status is in words, never colour alone.
import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useFormatDateTime } from "~/components/ui";
import type { LearnerStatusView } from "~/modules/courses/learner-status";

const tone: Record<LearnerStatusView["kind"], string> = {
  "not-started": "bg-slate-100 text-slate-900 border-slate-500",
  reading: "bg-slate-100 text-slate-900 border-slate-500",
  ready: "bg-brand-100 text-brand-800 border-brand-700",
  "in-quiz": "bg-brand-100 text-brand-800 border-brand-700",
  failed: "bg-amber-100 text-amber-900 border-amber-700",
  passed: "bg-green-100 text-green-900 border-green-700",
  expiring: "bg-amber-100 text-amber-900 border-amber-700",
  expired: "bg-amber-100 text-amber-900 border-amber-700",
  revoked: "bg-red-100 text-red-900 border-red-700",
};

/** The status in one or two words, as a badge. */
export function LearnerStatusBadge({ status }: { status: Pick<LearnerStatusView, "kind"> }) {
  const { t } = useTranslation("courses");
  return (
    <span
      data-testid="learner-status"
      data-status={status.kind}
      className={`inline-block rounded-full border px-2.5 py-0.5 text-sm font-semibold ${tone[status.kind]}`}
    >
      {t(`learnerStatus.${status.kind}`)}
    </span>
  );
}

/** What the status means for this learner: certificate and its end, next try, lessons read. */
export function LearnerStatusDetail({ status, className = "" }: { status: LearnerStatusView; className?: string }) {
  const { t } = useTranslation("courses");
  const format = useFormatDateTime();
  const certificate = status.certificate ? (
    <Link to={`/certificates/${status.certificate.number}`} data-testid="status-certificate-link">
      {t("learnerStatus.certificate", { number: status.certificate.number })}
    </Link>
  ) : null;
  const lines: React.ReactNode[] = [];
  switch (status.kind) {
    case "reading":
      lines.push(t("learnerStatus.readingDetail", { done: status.done, total: status.total }));
      break;
    case "ready":
      lines.push(t("learnerStatus.readyDetail", { count: status.attemptsLeft ?? 0 }));
      break;
    case "in-quiz":
      lines.push(t("learnerStatus.inQuizDetail"));
      break;
    case "failed":
      if (status.scorePercent !== null) lines.push(t("learnerStatus.failedScore", { percent: status.scorePercent }));
      lines.push(
        status.nextTryAt
          ? t("learnerStatus.nextTryAt", { when: format(status.nextTryAt, "dateTime") })
          : t("learnerStatus.nextTryNow"),
      );
      break;
    case "passed":
    case "expiring":
      lines.push(
        <>
          {certificate}
          {", "}
          {status.certificate?.expiresAt
            ? t("learnerStatus.validUntil", { date: format(status.certificate.expiresAt, "longDate") })
            : t("learnerStatus.validNoEnd")}
        </>,
      );
      if (status.kind === "expiring")
        lines.push(
          status.renewableFrom
            ? t("learnerStatus.renewableFrom", { date: format(status.renewableFrom, "longDate") })
            : t("learnerStatus.renewNow"),
        );
      break;
    case "expired":
    case "revoked":
      lines.push(
        <>
          {certificate}
          {", "}
          {status.kind === "expired" && status.certificate?.expiresAt
            ? t("learnerStatus.expiredOn", { date: format(status.certificate.expiresAt, "longDate") })
            : t("learnerStatus.revokedDetail")}
        </>,
      );
      lines.push(
        status.nextTryAt
          ? t("learnerStatus.nextTryAt", { when: format(status.nextTryAt, "dateTime") })
          : t("learnerStatus.newCertificate"),
      );
      break;
    default:
      break;
  }
  if (!lines.length) return null;
  return (
    <p className={`text-slate-800 ${className}`} data-testid="learner-status-detail">
      {lines.map((line, i) => (
        <span key={i}>
          {i > 0 ? " " : null}
          {line}
        </span>
      ))}
    </p>
  );
}

/** The one next action, as the primary button. */
export function NextActionButton({ status, className = "btn" }: { status: LearnerStatusView; className?: string }) {
  const { t } = useTranslation("courses");
  const { action } = status;
  // An enrolled learner with nothing marked done may still have been reading: "continue", not "begin".
  const key =
    action.kind === "retake-quiz" && status.kind === "expiring" ? "nextAction.renew" : `nextAction.${action.kind}`;
  return (
    <Link to={action.href} className={className} data-testid="next-action">
      {/* The lesson title may be in a fallback language: it carries its own lang. */}
      <Trans
        t={t}
        i18nKey={key}
        values={{ lesson: action.lessonTitle }}
        components={{ l: <span lang={action.lessonLanguage ?? undefined} /> }}
      />
    </Link>
  );
}
