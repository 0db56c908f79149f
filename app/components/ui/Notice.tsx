// A message after something happened (a form post, a state worth knowing): errors are alerts,
// the rest are polite status messages. The one notice of the app. A note that is simply part of
// the page from its first load (a course shown in another language, payments not open) takes
// live={false}: the same look, announced in reading order instead of as a change.
import type { ReactNode } from "react";

export type NoticeTone = "success" | "error" | "warning" | "info";

const toneClass: Record<NoticeTone, string> = {
  success: "border-green-700 bg-green-50 text-green-950",
  error: "border-red-700 bg-red-50 text-red-950",
  warning: "border-amber-700 bg-amber-50 text-amber-950",
  info: "border-slate-500 bg-slate-50 text-slate-900",
};

export function Notice({
  tone,
  children,
  id,
  live = true,
  className = "mt-4",
}: {
  tone: NoticeTone;
  children: ReactNode;
  id?: string;
  /** false: a note of the page itself (role "note"), not a live region. */
  live?: boolean;
  className?: string;
}) {
  return (
    <div
      id={id}
      role={!live ? "note" : tone === "error" ? "alert" : "status"}
      className={`rounded border p-3 ${toneClass[tone]} ${className}`}
    >
      {children}
    </div>
  );
}
