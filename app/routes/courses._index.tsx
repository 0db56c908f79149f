// /courses: the catalogue. Every course in one list, each shown in the reader's language when it
// exists in it, else in the next of contentLanguageOrder (English before Swedish), and labelled
// with the language it is shown in. Filters: audience, and "exists in" a language (default: any).
// Public: signed-in readers also see their status in the courses they have started.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CourseCard } from "~/components/courses/CourseCard";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { getOptionalUser } from "~/modules/auth/session.server";
import { contentLanguages } from "~/modules/courses/course-schema";
import { catalogueQuerySchema, searchParamsObject } from "~/modules/courses/route-input";
import { getCatalogueView } from "~/modules/courses/views.server";
import { FilterSelect } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["courses"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "KontaktAkademin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const language = await getLanguage(request, user?.locale);
  const t = await getFixedT(language);
  const query = catalogueQuerySchema.safeParse(searchParamsObject(new URL(request.url)));
  if (!query.success) throw data(t("courses:errors.badRequest"), { status: 400 });
  const view = await getCatalogueView(
    { audience: query.data.audience ?? null, language: query.data.language ?? null },
    language,
    user,
  );
  return { ...view, title: t("courses:meta.catalogue"), signedIn: Boolean(user), readerLanguage: language };
}

export default function Catalogue() {
  const { filter, courses, signedIn, readerLanguage } = useLoaderData<typeof loader>();
  const { t } = useTranslation("courses");
  return (
    <div>
      <h1>{t("catalogue.title")}</h1>
      <p className="mt-3 max-w-3xl text-lg text-slate-800">{t("catalogue.lead")}</p>

      <Form
        method="get"
        className="mt-6 flex flex-wrap items-end gap-4 rounded-lg bg-slate-50 p-4"
        aria-label={t("catalogue.filters")}
      >
        <FilterSelect
          id="filter-audience"
          name="audience"
          label={t("audience.label")}
          value={filter.audience}
          anyLabel={t("audience.any")}
          options={(["manager", "agent"] as const).map((a) => ({ value: a, label: t(`audience.${a}`) }))}
          className="input w-auto"
        />
        <FilterSelect
          id="filter-language"
          name="language"
          label={t("catalogue.availableIn")}
          value={filter.language}
          anyLabel={t("catalogue.anyLanguage")}
          options={contentLanguages.map((l) => ({ value: l, label: t(`common:language.${l}`), lang: l }))}
          className="input w-auto"
        />
        <button type="submit" className="btn">
          {t("catalogue.apply")}
        </button>
        {signedIn ? (
          <Link to="/search" className="ml-auto self-center">
            {t("catalogue.searchLink")}
          </Link>
        ) : null}
      </Form>

      <p className="mt-6 text-slate-700" role="status">
        {t("catalogue.count", { count: courses.length })}
        {courses.some((c) => c.fallback) ? (
          <> · {t("catalogue.languageNote", { language: t(`languages.${readerLanguage}`) })}</>
        ) : null}
      </p>
      {courses.length ? (
        <ul className="mt-3 grid gap-6 md:grid-cols-2">
          {courses.map((course) => (
            <li key={course.slug}>
              <CourseCard course={course} headingLevel={2} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3">{t("catalogue.empty")}</p>
      )}
    </div>
  );
}
