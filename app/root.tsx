// The app shell: document, landmarks, skip link, navigation, language switch, error pages.
import { canFollowTeam } from "~/modules/organizations/roles";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { fallbackLanguage, supportedLanguages } from "~/i18n/config";
import { getLanguage } from "~/i18n/i18n.server";
import { getTimeZone } from "~/i18n/time-zone.server";
import { RouteErrorBoundary } from "~/components/ui/RouteErrorBoundary";
import { getOptionalUser } from "~/modules/auth/session.server";
import { outboxEnabled } from "~/utils/mail.server";
import { useNonce } from "~/utils/nonce";
import { PageChangeAnnouncer } from "~/components/layout/page-change";
import { SiteMenu } from "~/components/layout/site-menu";
import styles from "~/styles/app.css?url";
import type { I18nHandle } from "~/i18n/route-namespaces";

// Every page renders the shell with `common`; each route adds its own (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["common"] };

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
    // The formatter of dates on every page reads it from here (components/ui/date-time.ts).
    timeZone: getTimeZone(request, language),
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
  // Marks the page as hydrated: this effect runs after every component's own effects (menus,
  // focus handling), so a browser test can wait for it before it uses what JavaScript adds.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
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
      <select
        id="language-select"
        name="language"
        defaultValue={current}
        className="rounded border border-slate-400 bg-white px-2 py-1 text-sm"
      >
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
    `block rounded px-2 py-2 no-underline md:py-1 ${isActive ? "bg-brand-100 font-semibold text-brand-800" : "text-slate-800 hover:bg-slate-100"}`;
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-2 md:flex-wrap md:py-3">
        <Link to="/" className="text-lg font-bold text-brand-800 no-underline md:text-xl">
          {t("appName")}
        </Link>
        <SiteMenu label={t("nav.menu")}>
          <nav aria-label={t("nav.label")}>
            <ul className="flex flex-col gap-1 md:flex-row md:flex-wrap md:items-center">
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
          <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 md:mt-0 md:border-0 md:pt-0">
            <LanguageSwitch current={data?.language ?? fallbackLanguage} />
            {user ? (
              <Form method="post" action="/logout" className="flex min-w-0 flex-wrap items-center gap-3">
                <Link
                  to="/profile"
                  className="min-w-0 text-sm [overflow-wrap:anywhere]"
                  aria-label={`${t("nav.profile")}: ${user.name ?? user.email}`}
                >
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
        </SiteMenu>
      </div>
    </header>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        {t("skipToContent")}
      </a>
      <Header />
      <PageChangeAnnouncer />
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
  return (
    <Shell>
      <RouteErrorBoundary />
    </Shell>
  );
}
