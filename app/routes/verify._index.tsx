// /verify: anyone types a certificate number. The check character is validated on the spot (a
// typo gets a clear message instead of "not found"); a valid number goes to /verify/:number.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { VerifyForm } from "~/components/certificates/verify-form";
import { getLanguage, loaderPageTitle } from "~/i18n/i18n.server";
import { getOptionalUser } from "~/modules/auth/session.server";
import { parseNumber } from "~/modules/certificates/number";
import { Notice } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["certificates"] };

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: loaderData?.title ?? "KontaktAkademin" },
  { name: "robots", content: "noindex" },
];

const querySchema = z.object({ number: z.string().max(100).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = querySchema.safeParse({ number: url.searchParams.get("number") ?? undefined });
  const title = await loaderPageTitle(
    await getLanguage(request, (await getOptionalUser(request))?.locale),
    "certificates:meta.verify",
  );
  if (!query.success) return data({ title, error: "format" as const, value: "" }, { status: 400 });
  if (query.data.number === undefined) return { title, error: null, value: "" };
  const parsed = parseNumber(query.data.number);
  if (parsed.ok) throw redirect(`/verify/${parsed.number}`);
  return data({ title, error: parsed.reason, value: query.data.number }, { status: 400 });
}

export default function Verify() {
  const { error, value } = useLoaderData<typeof loader>();
  const { t } = useTranslation("certificates");
  return (
    <div className="mx-auto max-w-2xl">
      <h1>{t("verify.title")}</h1>
      <p className="mt-3 text-slate-700">{t("verify.intro")}</p>
      <VerifyForm error={error} value={value} />
      <Notice tone="info">
        <Link to="/verify/credential">{t("verify.credentialLink")}</Link>
      </Notice>
    </div>
  );
}
