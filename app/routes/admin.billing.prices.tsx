// /admin/billing/prices: Kontakta staff set each course's prices (excl. VAT): list and member price
// in SEK and EUR, and whether Kontakta membership includes the course. No list price = free.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getLanguage } from "~/i18n/i18n.server";
import { requireRole } from "~/modules/auth/session.server";
import { listCoursePrices, priceFormSchema, setCoursePrice } from "~/modules/billing/prices.server";
import { getContentStore } from "~/modules/courses/content.server";
import { pickText } from "~/modules/courses/course-schema";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/i18n/page-title";
import { Notice, RouteErrorBoundary } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["billing"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "coursePrices") }];

const FIELDS = ["listSek", "listEur", "memberSek", "memberEur"] as const;

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const language = await getLanguage(request, user.locale);
  const prices = await listCoursePrices();
  const courses = getContentStore()
    .getCatalogue()
    .courses.map((c) => {
      const price = prices.get(c.slug);
      const amount = (v: number | null | undefined) => (v === null || v === undefined ? "" : (v / 100).toFixed(2));
      return {
        slug: c.slug,
        title: pickText(c.meta.title, language),
        values: Object.fromEntries(FIELDS.map((f) => [f, amount(price?.[f])])) as Record<
          (typeof FIELDS)[number],
          string
        >,
        includedInMembership: price?.includedInMembership ?? false,
      };
    });
  return { courses };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const parsed = priceFormSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ ok: false as const, course: null }, { status: 400 });
  const course = getContentStore().getCourse(parsed.data.courseSlug);
  if (!course) return data({ ok: false as const, course: null }, { status: 404 });
  await setCoursePrice(parsed.data, user.id);
  return data({ ok: true as const, course: pickText(course.meta.title, await getLanguage(request, user.locale)) });
}

export default function PricesPage() {
  const { courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("billing");
  const input = "mt-1 block w-32 rounded border border-slate-500 px-2 py-1";
  return (
    <div>
      <p className="text-sm">
        <Link to="/admin/billing">{t("prices.ordersLink")}</Link>
      </p>
      <h1 className="mt-2">{t("prices.title")}</h1>
      <p className="mt-2 max-w-3xl text-slate-800">{t("prices.intro")}</p>
      {result ? (
        result.ok ? (
          <Notice tone="success">{t("prices.saved", { course: result.course })}</Notice>
        ) : (
          <Notice tone="error">{t("prices.invalid")}</Notice>
        )
      ) : null}
      {courses.map((c) => (
        <section key={c.slug} aria-labelledby={`price-${c.slug}`} className="card mt-6">
          <h2 id={`price-${c.slug}`} className="text-lg">
            {c.title}
          </h2>
          <Form method="post" className="mt-3 flex flex-wrap items-end gap-4">
            <input type="hidden" name="courseSlug" value={c.slug} />
            {FIELDS.map((f) => (
              <label key={f} className="block">
                <span className="text-sm font-medium">{t(`prices.${f}`)}</span>
                <input type="text" inputMode="decimal" name={f} defaultValue={c.values[f]} className={input} />
              </label>
            ))}
            <label className="flex items-center gap-2">
              <input type="checkbox" name="includedInMembership" defaultChecked={c.includedInMembership} />
              <span>{t("prices.included")}</span>
            </label>
            <button type="submit" className="btn">
              {t("prices.save")}
            </button>
          </Form>
        </section>
      ))}
    </div>
  );
}
