// Anything no other route matches: a 404 in the reader's language (rendered by the root boundary).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { refusalResponse } from "~/utils/http.server";

export function loader({ request }: LoaderFunctionArgs) {
  throw refusalResponse(request, "notFound");
}

export default function NotFound() {
  return null;
}
