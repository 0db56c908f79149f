// The certificate's status as a badge (text, not colour alone).
import { useTranslation } from "react-i18next";
import { StatusBadge, type StatusTone } from "~/components/ui";
import type { CertificateStatus } from "~/modules/certificates/validity";

const statusTone: Record<CertificateStatus, StatusTone> = { valid: "success", expired: "warning", revoked: "danger" };

export function CertificateStatusBadge({ status, className }: { status: CertificateStatus; className?: string }) {
  const { t } = useTranslation("certificates");
  return (
    <StatusBadge tone={statusTone[status]} className={className}>
      {t(`status.${status}`)}
    </StatusBadge>
  );
}
