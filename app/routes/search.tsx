// /search?q=ångerrätt: full-text search over the lessons as the reader gets them (their language,
// else English, else Swedish), ranked, with snippets linking to the heading the hit is under. The
// hint says how many lessons are searched in which language; its example term is tested to find
// something in every language (search-hint.test.ts).
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFixedT, getLanguage } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/session.server";
import { searchParamsObject, searchQuerySchema } from "~/modules/courses/route-input";
import { searchedLanguages, searchLessons } from "~/modules/courses/search.server";
import { lessonPath } from "~/modules/courses/views.server";
import type { I18nHandle } from "~/i18n/route-namespaces";
import { listFormat } from "~/utils/intl-formatters";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["courses"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "KontaktAkademin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request, user.locale);
  const t = await getFixedT(language);
  const query = searchQuerySchema.safeParse(searchParamsObject(new URL(request.url)));
  if (!query.success) throw data(t("courses:errors.badRequest"), { status: 400 });
  const { q, page } = query.data;
  const base = { title: t("courses:meta.search"), query: q, language, searched: searchedLanguages(language) };
  if (q.length < 2) return { ...base, tooShort: q.length > 0, total: 0, page: 1, pages: 1, results: [] };
  const found = await searchLessons({ query: q, language, page });
  return {
    ...base,
    tooShort: false,
    total: found.total,
    page: found.page,
    pages: found.pages,
    results: found.results.map(({ document, snippet }) => ({
      href: `${lessonPath(document.courseSlug, document.lessonSlug)}${document.anchor ? `#${encodeURIComponent(document.anchor)}` : ""}`,
      lessonTitle: document.lessonTitle,
      heading: document.heading,
      courseTitle: document.courseTitle,
      lessonNumber: document.lessonNumber,
      language: document.language,
      fallback: document.language !== language,
      snippet,
    })),
  };
}

export default function Search() {
  const { query, tooShort, total, page, pages, results, searched } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("courses");
  const list = listFormat(i18n.language).format(
    searched.map((s) => t("search.lessonsIn", { count: s.lessons, language: t(`languages.${s.language}`) })),
  );
  const pageLink = (n: number) => `?${new URLSearchParams({ q: query, page: String(n) })}`;
  return (
    <div className="mx-auto max-w-3xl">
      <h1>{t("search.title")}</h1>
      <Form method="get" role="search" className="mt-6 flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1">
          <label htmlFor="search-q" className="label">
            {t("search.label")}
          </label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={query}
            className="input"
            aria-describedby="search-hint"
            maxLength={200}
          />
        </div>
        <button type="submit" className="btn">
          {t("search.submit")}
        </button>
      </Form>
      <p id="search-hint" className="mt-2 text-sm text-slate-700">
        {t("search.hintExample", { example: t("search.example") })} {t("search.hintSearched", { list })}
      </p>

      <div role="status" className="mt-6">
        {tooShort ? (
          <p>{t("search.tooShort")}</p>
        ) : query.length >= 2 ? (
          <p className="font-medium">
            {total ? t("search.results", { count: total, query }) : t("search.none", { query })}
          </p>
        ) : null}
      </div>

      {results.length ? (
        <ol className="mt-4 space-y-4" start={(page - 1) * 10 + 1}>
          {results.map((result) => (
            <li key={result.href} className="card">
              <h2 className="text-lg" lang={result.language}>
                <Link to={result.href}>
                  {result.lessonTitle}
                  {result.heading ? ` – ${result.heading}` : ""}
                </Link>
              </h2>
              <p className="mt-1 text-sm text-slate-700">
                <span lang={result.language}>
                  {t("search.inCourse", { course: result.courseTitle, number: result.lessonNumber })}
                </span>
                {result.fallback ? ` · ${t("search.inLanguage", { language: t(`languages.${result.language}`) })}` : ""}
              </p>
              <p className="mt-2 text-slate-800" lang={result.language}>
                {result.snippet.map((part, i) =>
                  part.hit ? (
                    <mark key={i} className="rounded bg-amber-200 px-0.5 text-slate-900">
                      {part.text}
                    </mark>
                  ) : (
                    <span key={i}>{part.text}</span>
                  ),
                )}
              </p>
            </li>
          ))}
        </ol>
      ) : null}

      {pages > 1 ? (
        <nav aria-label={t("common:pagination.label")} className="mt-8 flex items-center justify-between">
          {page > 1 ? <Link to={pageLink(page - 1)}>{t("common:pagination.previous")}</Link> : <span />}
          <span>{t("common:pagination.page", { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t("common:pagination.next")}</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}
