// Anything no other route matches: a 404 in the reader's language (rendered by the root boundary).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { refusalResponse } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// This page renders with `common` only (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: [] };

export function loader({ request }: LoaderFunctionArgs) {
  throw refusalResponse(request, "notFound");
}

export default function NotFound() {
  return null;
}
