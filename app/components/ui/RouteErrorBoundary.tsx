// The error page of every route: what went wrong in words a person understands (404, 403, a
// 4xx with its own message, anything else), the request id to quote to support, a way home.
// The root renders it inside the app shell; a route exporting it as its ErrorBoundary keeps the
// shell (navigation, language) of the root around it.
import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RootLoaderData } from "~/root";

export function RouteErrorBoundary() {
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
  );
}
