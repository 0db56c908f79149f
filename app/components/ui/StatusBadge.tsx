// A state as a small pill: the words carry the meaning, the colour only repeats it (WCAG 1.4.1).
// Callers map their states to a tone (see certificateTone, criterionTone, deliveryTone).
import type { ReactNode } from "react";

export type StatusTone = "success" | "warning" | "danger" | "neutral";

const toneClass: Record<StatusTone, string> = {
  success: "border-green-700 bg-green-100 text-green-900",
  warning: "border-amber-700 bg-amber-100 text-amber-900",
  danger: "border-red-700 bg-red-100 text-red-900",
  neutral: "border-slate-600 bg-slate-100 text-slate-900",
};

export function StatusBadge({
  tone,
  children,
  className = "",
}: {
  tone: StatusTone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={`inline-block rounded-full border px-2.5 py-0.5 text-sm font-semibold ${toneClass[tone]} ${className}`}
    >
      {children}
    </span>
  );
}
