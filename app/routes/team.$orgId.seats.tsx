// /team/:orgId/seats: the company admin's seats and orders. Seats per course (used and free), who
// holds them and whether they have started; give a free seat to a person, move a seat from someone
// who has not started, or free it; the company's orders with Stripe's receipts (?format=csv exports).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { OrdersTable } from "~/components/billing/OrdersTable";
import { Notice, PageNav, TeamTabs, useFormatDate } from "~/components/organizations/ui";
import { getLanguage } from "~/i18n/i18n.server";
import { requireOrgRole } from "~/modules/auth/session.server";
import { csvResponse, listOrders, ordersCsv } from "~/modules/billing/orders.server";
import { assignSeat, moveSeat, releaseSeat, seatOverview, type SeatError } from "~/modules/billing/seats.server";
import { getContentStore } from "~/modules/courses/content.server";
import { pickText } from "~/modules/courses/course-schema";
import { pageParam, requireId } from "~/modules/organizations/params";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "seats") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orgId = requireId(params.orgId);
  const { user } = await requireOrgRole(request, orgId, ["org_admin"]);
  const db = await getDb();
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, orgNumber: true } });
  if (!org) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  if (url.searchParams.get("format") === "csv") {
    const delimiter = url.searchParams.get("delimiter") === "semicolon" ? ";" : ",";
    return csvResponse(ordersCsv({ organizationId: orgId }, delimiter), `orders-${org.orgNumber}-${new Date().toISOString().slice(0, 10)}.csv`);
  }
  return pageData(orgId, org, url, await getLanguage(request, user.locale));
}

async function pageData(orgId: string, org: { id: string; name: string }, url: URL, language: string) {
  const db = await getDb();
  const store = getContentStore();
  const [seats, orders, people] = await Promise.all([
    seatOverview(orgId),
    listOrders({ organizationId: orgId }, { page: pageParam(url) }),
    db.membership.findMany({ where: { organizationId: orgId }, orderBy: [{ user: { name: { sort: "asc", nulls: "last" } } }, { user: { email: "asc" } }], take: 1000, select: { user: { select: { id: true, name: true, email: true } } } }),
  ]);
  return {
    organization: { id: org.id, name: org.name },
    courses: seats.map((c) => {
      const course = store.getCourse(c.courseSlug);
      return { ...c, title: course ? pickText(course.meta.title, language) : c.courseSlug };
    }),
    orders,
    people: people.map((m) => ({ id: m.user.id, label: m.user.name ? `${m.user.name} (${m.user.email})` : m.user.email })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assign"), courseSlug: z.string().min(1).max(100), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("move"), assignmentId: z.string().min(1).max(64), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("release"), assignmentId: z.string().min(1).max(64) }),
]);

type SeatActionResult = { ok: true; message: "assign" | "move" | "release"; name?: string } | { ok: false; error: SeatError | "invalid" };

export async function action({ request, params }: ActionFunctionArgs) {
  const orgId = requireId(params.orgId);
  const { user } = await requireOrgRole(request, orgId, ["org_admin"]);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data<SeatActionResult>({ ok: false, error: "invalid" }, { status: 400 });
  const input = parsed.data;
  const result =
    input.intent === "assign"
      ? await assignSeat({ organizationId: orgId, courseSlug: input.courseSlug, userId: input.userId, actorId: user.id })
      : input.intent === "move"
        ? await moveSeat({ organizationId: orgId, assignmentId: input.assignmentId, toUserId: input.userId, actorId: user.id })
        : await releaseSeat({ organizationId: orgId, assignmentId: input.assignmentId, actorId: user.id });
  if (!result.ok) return data<SeatActionResult>({ ok: false, error: result.error }, { status: result.error === "not_found" ? 404 : 409 });
  let name: string | undefined;
  if (input.intent === "assign") {
    const db = await getDb();
    const person = await db.user.findUnique({ where: { id: input.userId }, select: { name: true, email: true } });
    name = person?.name ?? person?.email;
  }
  return data<SeatActionResult>({ ok: true, message: input.intent, name });
}

export default function SeatsPage() {
  const { organization, courses, orders, people } = useLoaderData<typeof pageData>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("billing");
  const formatDate = useFormatDate();
  const select = "rounded border border-slate-500 px-2 py-1";
  return (
    <div className="mx-auto max-w-5xl">
      <h1>{organization.name}</h1>
      <TeamTabs orgId={organization.id} isAdmin />
      <h2 className="mt-6">{t("seats.title")}</h2>
      <p className="mt-2 text-slate-800">{t("seats.intro")}</p>
      {result ? (
        result.ok ? (
          <Notice tone="success">{result.message === "assign" ? t("seats.assign.done", { name: result.name ?? "" }) : t(`seats.${result.message}.done`)}</Notice>
        ) : (
          <Notice tone="error">{t(`seats.errors.${result.error}`)}</Notice>
        )
      ) : null}
      {courses.length === 0 ? <p className="mt-4">{t("seats.none")}</p> : null}
      {courses.map((course) => (
        <section key={course.courseSlug} aria-labelledby={`seats-${course.courseSlug}`} className="card mt-6" data-testid={`seats-${course.courseSlug}`}>
          <h3 id={`seats-${course.courseSlug}`}>{course.title}</h3>
          <p className="mt-1" data-testid="seat-summary">
            {t("seats.summary", { used: course.used, seats: course.seats, free: course.free })}
          </p>
          {course.holders.length > 0 ? (
            <table className="mt-3 w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">{t("seats.holder")}</th>
                  <th scope="col" className="py-2 pr-3">{t("seats.assignedAt")}</th>
                  <th scope="col" className="py-2 pr-3">{t("seats.state")}</th>
                  <th scope="col" className="py-2 pr-3"><span className="sr-only">{t("seats.move.submit")}</span></th>
                </tr>
              </thead>
              <tbody>
                {course.holders.map((h) => (
                  <tr key={h.assignmentId} className="border-b border-slate-200 align-top">
                    <td className="py-2 pr-3">{h.name ? `${h.name} (${h.email})` : h.email}</td>
                    <td className="py-2 pr-3">{formatDate(h.assignedAt)}</td>
                    <td className="py-2 pr-3">{h.started ? t("seats.started") : t("seats.notStarted")}</td>
                    <td className="py-2 pr-3">
                      {h.started ? null : (
                        <div className="flex flex-wrap gap-2">
                          <Form method="post" className="flex flex-wrap items-center gap-2">
                            <input type="hidden" name="intent" value="move" />
                            <input type="hidden" name="assignmentId" value={h.assignmentId} />
                            <label htmlFor={`move-${h.assignmentId}`} className="sr-only">{t("seats.move.to")}</label>
                            <select id={`move-${h.assignmentId}`} name="userId" className={select}>
                              {people.filter((p) => p.id !== h.userId).map((p) => (
                                <option key={p.id} value={p.id}>{p.label}</option>
                              ))}
                            </select>
                            <button type="submit" className="btn-secondary py-1 text-sm">{t("seats.move.submit")}</button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="intent" value="release" />
                            <input type="hidden" name="assignmentId" value={h.assignmentId} />
                            <button type="submit" className="btn-secondary py-1 text-sm">{t("seats.release.submit")}</button>
                          </Form>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {course.free > 0 ? (
            <Form method="post" className="mt-4 flex flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="courseSlug" value={course.courseSlug} />
              <label className="block">
                <span className="font-medium">{t("seats.assign.person")}</span>
                <select name="userId" className={`${select} mt-1 block`} data-testid="assign-person">
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>{p.label}</option>
                  ))}
                </select>
              </label>
              <button type="submit" className="btn">{t("seats.assign.submit")}</button>
            </Form>
          ) : null}
          <p className="mt-3 text-sm">
            <Link to={`/courses/${course.courseSlug}/buy#company`}>{t("seats.buyMore")}</Link>
          </p>
        </section>
      ))}
      <h2 className="mt-10">{t("orders.companyTitle")}</h2>
      <OrdersTable orders={orders.items} showBuyer />
      <PageNav page={orders.page} pages={orders.pages} />
      {orders.total > 0 ? (
        <p className="mt-4">
          <Link to={`/team/${organization.id}/seats?format=csv`} reloadDocument>{t("orders.exportCsv")}</Link>
        </p>
      ) : null}
    </div>
  );
}
