import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { supportedLanguages } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18n.server";
import { getOptionalUser } from "~/modules/auth/session.server";
import { safeRedirect } from "~/modules/auth/sign-in";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form.server";
import { invariantResponse } from "~/utils/http.server";

const schema = z.object({ language: z.enum(supportedLanguages), redirectTo: z.string().optional() });

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await readFormData(request)));
  invariantResponse(parsed.success, request, "badRequest");
  const user = await getOptionalUser(request);
  if (user) {
    const db = await getDb();
    await db.user.update({ where: { id: user.id }, data: { locale: parsed.data.language } });
  }
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.language) },
  });
}
