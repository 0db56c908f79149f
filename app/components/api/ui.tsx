// Pieces the /admin/api pages share: client and delivery status badges, "next page" links for
// keyset-paginated lists, the admin API sub-navigation and one-time secrets.
import { Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge, type StatusTone } from "~/components/ui";

const deliveryTone: Record<string, StatusTone> = {
  delivered: "success",
  pending: "warning",
  failed: "danger",
  active: "success",
  revoked: "danger",
  paused: "neutral",
};

/** An API client's or a webhook delivery's state. */
export function ApiStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("api");
  return <StatusBadge tone={deliveryTone[status] ?? "neutral"}>{t(`admin.status.${status}`)}</StatusBadge>;
}

/** "First page" / "Next page" for a keyset-paginated list; keeps the other query parameters. */
export function CursorNav({
  nextCursor,
  param = "cursor",
  label,
}: {
  nextCursor: string | null;
  param?: string;
  label: string;
}) {
  const { t } = useTranslation("api");
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const onFirstPage = !params.get(param);
  if (onFirstPage && !nextCursor) return null;
  const href = (cursor: string | null) => {
    const next = new URLSearchParams(location.search);
    if (cursor) next.set(param, cursor);
    else next.delete(param);
    const qs = next.toString();
    return `${location.pathname}${qs ? `?${qs}` : ""}`;
  };
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap gap-3">
      {!onFirstPage ? (
        <Link to={href(null)} className="btn-secondary py-1 text-sm">
          {t("admin.firstPage")}
        </Link>
      ) : null}
      {nextCursor ? (
        <Link to={href(nextCursor)} className="btn-secondary py-1 text-sm" rel="next">
          {t("admin.nextPage")}
        </Link>
      ) : null}
    </nav>
  );
}

export function ApiAdminTabs() {
  const { t } = useTranslation("api");
  const cls = ({ isActive }: { isActive: boolean }) =>
    `rounded px-3 py-1.5 no-underline ${isActive ? "bg-brand-100 font-semibold text-brand-800" : "text-slate-800 hover:bg-slate-100"}`;
  return (
    <nav aria-label={t("admin.tabs.label")} className="mt-4 border-b border-slate-200 pb-2">
      <ul className="flex flex-wrap gap-2">
        <li>
          <NavLink to="/admin/api" end className={cls}>
            {t("admin.tabs.clients")}
          </NavLink>
        </li>
        <li>
          <NavLink to="/admin/api/requests" className={cls}>
            {t("admin.tabs.requests")}
          </NavLink>
        </li>
        <li>
          <Link to="/api/docs" className="rounded px-3 py-1.5 text-slate-800 no-underline hover:bg-slate-100">
            {t("admin.tabs.docs")}
          </Link>
        </li>
      </ul>
    </nav>
  );
}

/** A one-time secret (API key, signing secret) with the warning that it is not shown again. */
export function OneTimeSecret({ label, value, help }: { label: string; value: string; help: string }) {
  return (
    <div className="mt-3">
      <p className="font-semibold">{label}</p>
      <p
        className="mt-1 rounded border border-slate-400 bg-white p-2 font-mono text-sm break-all"
        data-testid="one-time-secret"
      >
        {value}
      </p>
      <p className="mt-1 text-sm">{help}</p>
    </div>
  );
}
