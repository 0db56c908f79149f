// Every route action reads its form through readFormData: a body that is not a form (JSON,
// text/plain, broken multipart) or that carries characters no text field may hold (NUL, which
// PostgreSQL refuses in text) is answered 4xx with a message in the reader's language, never 500.
import { getFixedT, getLanguage } from "~/i18n/i18n.server";

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

async function refuse(
  request: Request,
  status: number,
  key: "formUnreadable" | "formInvalidCharacters",
): Promise<never> {
  const t = await getFixedT(await getLanguage(request));
  throw new Response(t(`common:errors.${key}`), { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function readFormData(request: Request): Promise<FormData> {
  if (!FORM_TYPES.test(request.headers.get("content-type") ?? "")) return refuse(request, 415, "formUnreadable");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refuse(request, 400, "formUnreadable");
  }
  for (const [name, value] of form.entries()) {
    if (name.includes("\0") || (typeof value === "string" && value.includes("\0")))
      return refuse(request, 400, "formInvalidCharacters");
  }
  return form;
}
