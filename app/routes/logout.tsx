import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookieHeaders, destroySession } from "~/modules/auth/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await destroySession(request);
  const headers = new Headers();
  for (const cookie of clearSessionCookieHeaders()) headers.append("Set-Cookie", cookie);
  return redirect("/", { headers });
}
