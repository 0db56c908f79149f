// /certificates: the signed-in learner's own certificates, newest first, paginated.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { StatusBadge, useCertificateDate } from "~/components/certificates/ui";
import { requireUser } from "~/modules/auth/session.server";
import { listMyCertificates, pageLanguage, pageTitle } from "~/modules/certificates/certificates.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "KontaktAkademin" }];

const pageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await pageLanguage(request);
  const page = pageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const result = await listMyCertificates(user.id, page, language);
  return { title: await pageTitle(language, "mine"), ...result };
}

export default function MyCertificates() {
  const { certificates, page, pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("certificates");
  const formatDate = useCertificateDate();
  const location = useLocation();
  const href = (p: number) => `${location.pathname}?page=${p}`;
  return (
    <div>
      <h1>{t("mine.title")}</h1>
      <p className="mt-3 max-w-3xl text-slate-700">{t("mine.intro")}</p>
      {certificates.length === 0 ? (
        <p className="mt-6">{t("mine.empty")}</p>
      ) : (
        <table className="table mt-6">
          <caption className="sr-only">{t("mine.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.course")}</th>
              <th scope="col">{t("fields.number")}</th>
              <th scope="col">{t("fields.issuedAt")}</th>
              <th scope="col">{t("fields.expiresAt")}</th>
              <th scope="col">{t("fields.status")}</th>
            </tr>
          </thead>
          <tbody>
            {certificates.map((c) => (
              <tr key={c.number}>
                <td>{c.courseTitle}</td>
                <td className="font-mono">
                  <Link to={`/certificates/${c.number}`} aria-label={t("mine.open", { number: c.number })}>
                    {c.number}
                  </Link>
                </td>
                <td>{formatDate(c.issuedAt)}</td>
                <td>{c.expiresAt ? formatDate(c.expiresAt) : t("fields.noExpiry")}</td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav aria-label={t("mine.pagination")} className="mt-4 flex flex-wrap items-center gap-3">
          {page > 1 ? (
            <Link to={href(page - 1)} className="btn-secondary py-1 text-sm" rel="prev">
              {t("mine.previous")}
            </Link>
          ) : null}
          <span aria-current="page">{t("mine.page", { page, pages })}</span>
          {page < pages ? (
            <Link to={href(page + 1)} className="btn-secondary py-1 text-sm" rel="next">
              {t("mine.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
