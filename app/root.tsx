// The app shell: document, landmarks, skip link, navigation, language switch, error pages.
import { canFollowTeam } from "~/modules/organizations/roles";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { fallbackLanguage, supportedLanguages } from "~/i18n/config";
import { getLanguage } from "~/i18n/i18n.server";
import { getOptionalUser } from "~/modules/auth/session.server";
import { outboxEnabled } from "~/utils/mail.server";
import { useNonce } from "~/utils/nonce";
import styles from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "KontaktAkademin" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const language = await getLanguage(request, user?.locale);
  return {
    language,
    requestId: context.requestId,
    outbox: outboxEnabled(),
    user: user && {
      name: user.name,
      email: user.email,
      isPlatformAdmin: user.platformRole === "admin",
      hasCompany: user.memberships.some((m) => canFollowTeam(m.roles)),
    },
  };
}

export type RootLoaderData = typeof loader;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootLoaderData>("root");
  const nonce = useNonce();
  const language = data?.language ?? fallbackLanguage;
  return (
    <html lang={language} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function LanguageSwitch({ current }: { current: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" className="flex items-center gap-2" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-select" className="sr-only">
        {t("language.label")}
      </label>
      <select id="language-select" name="language" defaultValue={current} className="rounded border border-slate-400 bg-white px-2 py-1 text-sm">
        {supportedLanguages.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`language.${lng}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="rounded border border-slate-400 px-2 py-1 text-sm">
        {t("language.change")}
      </button>
    </Form>
  );
}

function Header() {
  const data = useRouteLoaderData<RootLoaderData>("root");
  const { t } = useTranslation();
  const user = data?.user;
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 no-underline ${isActive ? "bg-brand-100 font-semibold text-brand-800" : "text-slate-800 hover:bg-slate-100"}`;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link to="/" className="text-xl font-bold text-brand-800 no-underline">
          {t("appName")}
        </Link>
        <nav aria-label={t("nav.label")}>
          <ul className="flex flex-wrap items-center gap-1">
            <li>
              <NavLink to="/courses" className={navClass}>
                {t("nav.courses")}
              </NavLink>
            </li>
            {user ? (
              <li>
                <NavLink to="/learning" className={navClass}>
                  {t("nav.myLearning")}
                </NavLink>
              </li>
            ) : null}
            {user ? (
              <li>
                <NavLink to="/search" className={navClass}>
                  {t("nav.search")}
                </NavLink>
              </li>
            ) : null}
            {user ? (
              <li>
                <NavLink to="/certificates" className={navClass}>
                  {t("nav.certificates")}
                </NavLink>
              </li>
            ) : null}
            {user?.hasCompany ? (
              <li>
                <NavLink to="/team" className={navClass}>
                  {t("nav.team")}
                </NavLink>
              </li>
            ) : null}
            {user?.isPlatformAdmin ? (
              <li>
                <NavLink to="/admin" className={navClass}>
                  {t("nav.admin")}
                </NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to="/verify" className={navClass}>
                {t("nav.verify")}
              </NavLink>
            </li>
            {data?.outbox ? (
              <li>
                <NavLink to="/dev/outbox" className={navClass}>
                  {t("nav.outbox")}
                </NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <LanguageSwitch current={data?.language ?? fallbackLanguage} />
          {user ? (
            <Form method="post" action="/logout">
              <Link to="/profile" className="mr-3 text-sm" aria-label={`${t("nav.profile")}: ${user.name ?? user.email}`}>
                {user.name ?? user.email}
              </Link>
              <button type="submit" className="btn-secondary py-1 text-sm">
                {t("nav.signOut")}
              </button>
            </Form>
          ) : (
            <Link to="/login" className="btn py-1 text-sm">
              {t("nav.signIn")}
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t("skipToContent")}
      </a>
      <Header />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-slate-50">
        <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-700">
          <p>{t("footer.about")}</p>
          <p className="mt-2">
            <Link to="/verify">{t("footer.verify")}</Link>
            <span aria-hidden="true"> · </span>
            <Link to="/privacy">{t("footer.privacy")}</Link>
          </p>
        </div>
      </footer>
    </>
  );
}

export default function App() {
  const { language } = useLoaderData<typeof loader>();
  useChangeLanguage(language);
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootLoaderData>("root");
  const { t } = useTranslation();
  let title = t("errors.unexpectedTitle");
  let message = t("errors.unexpected");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t("errors.notFoundTitle");
      message = t("errors.notFound");
    } else if (error.status === 403) {
      title = t("errors.forbiddenTitle");
      message = t("errors.forbidden");
    } else if (error.status >= 400 && error.status < 500) {
      title = t("errors.badRequestTitle");
      message = typeof error.data === "string" && error.data ? error.data : t("errors.badRequestTitle");
    }
  }
  return (
    <Shell>
      <div className="mx-auto max-w-xl">
        <h1>{title}</h1>
        <p className="mt-4 text-lg">{message}</p>
        {data?.requestId ? (
          <p className="mt-2 text-sm text-slate-700">
            {t("errors.requestId")}: <code>{data.requestId}</code>
          </p>
        ) : null}
        <p className="mt-6">
          <Link to="/" className="btn">
            {t("errors.toHome")}
          </Link>
        </p>
      </div>
    </Shell>
  );
}
