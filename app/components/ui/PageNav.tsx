// Page-number navigation for a paginated list: plain links (works without JavaScript) that keep
// the other query parameters (filters).
import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous/next and "page x of y" links that keep the other query parameters. */
export function PageNav({
  page,
  pages,
  param = "page",
  label,
}: {
  page: number;
  pages: number;
  param?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label={label ?? t("pagination.label")} className="mt-4 flex flex-wrap items-center gap-3">
      {page > 1 ? (
        <Link to={href(page - 1)} className="btn-secondary py-1 text-sm" rel="prev">
          {t("pagination.previous")}
        </Link>
      ) : null}
      <span aria-current="page">{t("pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} className="btn-secondary py-1 text-sm" rel="next">
          {t("pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}
