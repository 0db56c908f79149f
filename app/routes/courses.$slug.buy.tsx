// /courses/:slug/buy: buying a paid course. An individual buys it for themself (consumer price
// incl. VAT for their country); a company admin buys N seats for their company (excl. VAT, VAT
// shown; an EU company outside Sweden with a VAT number is reverse charged). Both go to Stripe
// Checkout; the course opens when Stripe's signed webhook confirms the payment.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Notice, RouteErrorBoundary } from "~/components/ui";
import { z } from "zod";
import { getLanguage } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/auth/session.server";
import { startCourseCheckout, startSeatPackCheckout, type CheckoutError } from "~/modules/billing/checkout.server";
import { buyPageView, INDIVIDUAL_COUNTRIES } from "~/modules/billing/views.server";
import { pickText } from "~/modules/courses/course-schema";
import { courseFromParams } from "~/modules/courses/views.server";
import { readFormData } from "~/utils/form.server";
import { invariantResponse } from "~/utils/http.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["billing"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · KontaktAkademin` : "KontaktAkademin" },
];

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const course = courseFromParams(params);
  invariantResponse(course, request);
  const user = await requireUser(request);
  const language = await getLanguage(request, user.locale);
  return {
    slug: course.slug,
    title: pickText(course.meta.title, language),
    ...(await buyPageView(user, course.slug, language)),
  };
}

const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("individual"), country: z.enum(INDIVIDUAL_COUNTRIES) }),
  z.object({
    intent: z.literal("seats"),
    organizationId: z.string().min(1).max(64),
    seats: z.coerce.number().int().min(1).max(500),
    vatNumber: z.string().trim().max(40).optional().default(""),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const course = courseFromParams(params);
  invariantResponse(course, request);
  const user = await requireUser(request);
  const language = await getLanguage(request, user.locale);
  const form = formSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!form.success) return data({ error: "invalid" as CheckoutError | "invalid", intent: null }, { status: 400 });
  const title = pickText(course.meta.title, language);
  const result =
    form.data.intent === "individual"
      ? await startCourseCheckout({ user, course: { slug: course.slug, title }, country: form.data.country, language })
      : await startSeatPackCheckout({
          user,
          organizationId: form.data.organizationId,
          course: { slug: course.slug, title },
          seats: form.data.seats,
          vatNumber: form.data.vatNumber || null,
          language,
        });
  if (result.ok) return redirect(result.url, 303);
  const status =
    result.error === "not_admin"
      ? 403
      : result.error === "stripe_unavailable"
        ? 502
        : result.error === "payments_off"
          ? 409
          : 400;
  return data({ error: result.error as CheckoutError | "invalid", intent: form.data.intent }, { status });
}

export default function BuyPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("billing");
  const busy = navigation.state === "submitting";
  const error = actionData?.error ? (
    <Notice tone="error" className="mt-3">
      {t(`buy.errors.${actionData.error}`)}
    </Notice>
  ) : null;
  return (
    <div className="mx-auto max-w-3xl">
      <nav className="text-sm">
        <Link to={`/courses/${view.slug}`}>{t("buy.back")}</Link>
      </nav>
      <h1 className="mt-3">{t("buy.title", { course: view.title })}</h1>
      {!view.paid ? (
        <p className="mt-4">{t("buy.free")}</p>
      ) : view.individualKind === "included" ? (
        <p className="mt-4">{t("buy.included")}</p>
      ) : !view.paymentsOn ? (
        <Notice tone="warning" live={false}>
          {t("buy.paymentsOff")}
        </Notice>
      ) : (
        <>
          {error}
          <section aria-labelledby="individual" className="card mt-6">
            <h2 id="individual">{t("buy.individual.heading")}</h2>
            <Form method="post" className="mt-3 space-y-3">
              <input type="hidden" name="intent" value="individual" />
              <fieldset>
                <legend className="font-medium">{t("buy.individual.country")}</legend>
                {view.individual.map((offer) => (
                  <label key={offer.country} className="mt-1 flex items-center gap-2">
                    <input
                      type="radio"
                      name="country"
                      value={offer.country}
                      defaultChecked={offer.country === view.defaultCountry}
                      disabled={!offer.price}
                    />
                    <span>
                      {t(`buy.countries.${offer.country}`)}:{" "}
                      {offer.price
                        ? `${t("access.price.inclVat", { price: offer.price.amount })}${offer.price.memberPrice ? ` (${t("access.price.member")})` : ""}`
                        : t("buy.notForSale", { currency: offer.country === "SE" ? "SEK" : "EUR" })}
                    </span>
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="btn" disabled={busy}>
                {t("buy.individual.submit")}
              </button>
            </Form>
          </section>
          {view.companies.map((company) => (
            <section key={company.id} id="company" aria-labelledby={`company-${company.id}`} className="card mt-6">
              <h2 id={`company-${company.id}`}>{t("buy.company.heading", { company: company.name })}</h2>
              {company.price ? (
                <Form method="post" className="mt-3 space-y-3">
                  <input type="hidden" name="intent" value="seats" />
                  <input type="hidden" name="organizationId" value={company.id} />
                  <p>
                    {t("buy.company.unitPrice", {
                      price: t("access.price.exclVat", { price: company.price.amount, vat: company.price.vat }),
                    })}
                    {company.price.memberPrice ? ` (${t("access.price.member")})` : ""}
                  </p>
                  <label className="block">
                    <span className="font-medium">{t("buy.company.seats")}</span>
                    <input
                      type="number"
                      name="seats"
                      min={1}
                      max={500}
                      defaultValue={5}
                      required
                      className="mt-1 block w-32 rounded border border-slate-500 px-2 py-1"
                    />
                  </label>
                  <label className="block">
                    <span className="font-medium">{t("buy.company.vatNumber")}</span>
                    <input
                      type="text"
                      name="vatNumber"
                      maxLength={40}
                      autoComplete="off"
                      className="mt-1 block w-72 rounded border border-slate-500 px-2 py-1"
                      aria-describedby={`vat-hint-${company.id}`}
                    />
                  </label>
                  <p id={`vat-hint-${company.id}`} className="text-sm text-slate-700">
                    {t("buy.company.vatHint")}
                  </p>
                  <button type="submit" className="btn" disabled={busy}>
                    {t("buy.company.submit")}
                  </button>
                </Form>
              ) : (
                <p className="mt-3">
                  {company.kind === "included"
                    ? t("buy.included")
                    : t("buy.notForSale", { currency: company.country === "SE" ? "SEK" : "EUR" })}
                </p>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
