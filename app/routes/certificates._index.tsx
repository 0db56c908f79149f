// /certificates: the signed-in learner's own certificates, newest first, paginated.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CertificateStatusBadge } from "~/components/certificates/ui";
import { DataTable, PageNav, useFormatDateTime } from "~/components/ui";
import { getLanguage, loaderPageTitle } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/session.server";
import { listMyCertificates } from "~/modules/certificates/certificates.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["certificates"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "KontaktAkademin" }];

const pageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request, user.locale);
  const page = pageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const result = await listMyCertificates(user.id, page, language);
  return { title: await loaderPageTitle(language, "certificates:meta.mine"), ...result };
}

export default function MyCertificates() {
  const { certificates, page, pages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("certificates");
  const formatDate = useFormatDateTime();
  return (
    <div>
      <h1>{t("mine.title")}</h1>
      <p className="mt-3 max-w-3xl text-slate-700">{t("mine.intro")}</p>
      <DataTable
        className="mt-6"
        caption={t("mine.caption")}
        rows={certificates}
        rowKey={(c) => c.number}
        empty={t("mine.empty")}
        columns={[
          { key: "course", header: t("fields.course"), rowHeader: true, cell: (c) => c.courseTitle },
          {
            key: "number",
            header: t("fields.number"),
            className: "font-mono",
            cell: (c) => (
              <Link to={`/certificates/${c.number}`} aria-label={t("mine.open", { number: c.number })}>
                {c.number}
              </Link>
            ),
          },
          { key: "issuedAt", header: t("fields.issuedAt"), cell: (c) => formatDate(c.issuedAt, "longDate") },
          {
            key: "expiresAt",
            header: t("fields.expiresAt"),
            cell: (c) => (c.expiresAt ? formatDate(c.expiresAt, "longDate") : t("fields.noExpiry")),
          },
          { key: "status", header: t("fields.status"), cell: (c) => <CertificateStatusBadge status={c.status} /> },
        ]}
      />
      <PageNav page={page} pages={pages} label={t("mine.pagination")} />
    </div>
  );
}
