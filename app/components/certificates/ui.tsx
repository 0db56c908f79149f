// Pieces the certificate pages share: the status badge (text, not colour alone) and dates in the
// reader's language.
import { useTranslation } from "react-i18next";
import type { CertificateStatus } from "~/modules/certificates/status";

export function useCertificateDate() {
  const { i18n } = useTranslation();
  return (value: string | null | undefined) => {
    if (!value) return "";
    return new Intl.DateTimeFormat(i18n.language === "sv" ? "sv-SE" : i18n.language === "fi" ? "fi-FI" : "en-GB", {
      dateStyle: "long",
      timeZone: "Europe/Stockholm",
    }).format(new Date(value));
  };
}

const badgeClass: Record<CertificateStatus, string> = {
  valid: "bg-green-100 text-green-900 border border-green-700",
  expired: "bg-amber-100 text-amber-900 border border-amber-700",
  revoked: "bg-red-100 text-red-900 border border-red-700",
};

export function StatusBadge({ status, className = "" }: { status: CertificateStatus; className?: string }) {
  const { t } = useTranslation("certificates");
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-semibold ${badgeClass[status]} ${className}`}>{t(`status.${status}`)}</span>;
}

export function Alert({ tone, children, id }: { tone: "error" | "success" | "info"; children: React.ReactNode; id?: string }) {
  const classes = {
    error: "border-red-300 bg-red-50 text-red-900",
    success: "border-green-300 bg-green-50 text-green-900",
    info: "border-slate-300 bg-slate-50 text-slate-900",
  }[tone];
  return (
    <div id={id} role={tone === "error" ? "alert" : "status"} className={`mt-4 rounded border p-3 ${classes}`}>
      {children}
    </div>
  );
}
