// /team/:orgId/seats: the company admin's seats and orders. Seats per course (used and free), who
// holds them and whether they have started; give a free seat to a person, move a seat from someone
// who has not started, or free it; the company's orders with Stripe's receipts (?format=csv exports).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { OrdersTable } from "~/components/billing/OrdersTable";
import { TeamTabs } from "~/components/organizations/ui";
import { getLanguage } from "~/i18n/i18n.server";
import { requireOrgMembership } from "~/modules/auth/session.server";
import { listOrders, ordersCsv } from "~/modules/billing/orders.server";
import { assignSeat, moveSeat, releaseSeat, seatOverview, type SeatError } from "~/modules/billing/seats.server";
import { getContentStore } from "~/modules/courses/content.server";
import { pickText } from "~/modules/courses/course-schema";
import { pageParam } from "~/modules/organizations/params";
import { csvResponse } from "~/utils/csv.server";
import { getDb } from "~/utils/db.server";
import { readFormData } from "~/utils/form.server";
import { pageTitle } from "~/i18n/page-title";
import { DataTable, Notice, PageNav, RouteErrorBoundary, useFormatDateTime } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["assignments", "billing", "organizations"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "seats") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org } = await requireOrgMembership(request, params, ["org_admin"]);
  const orgId = org.id;
  const url = new URL(request.url);
  if (url.searchParams.get("format") === "csv") {
    const delimiter = url.searchParams.get("delimiter") === "semicolon" ? ";" : ",";
    return csvResponse(
      ordersCsv({ organizationId: orgId }, delimiter),
      `orders-${org.orgNumber}-${new Date().toISOString().slice(0, 10)}.csv`,
    );
  }
  return pageData(orgId, org, url, await getLanguage(request, user.locale));
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

async function pageData(orgId: string, org: { id: string; name: string }, url: URL, language: string) {
  const db = await getDb();
  const store = getContentStore();
  const [seats, orders, people] = await Promise.all([
    seatOverview(orgId),
    listOrders({ organizationId: orgId }, { page: pageParam(url) }),
    db.membership.findMany({
      where: { organizationId: orgId },
      orderBy: [{ user: { name: { sort: "asc", nulls: "last" } } }, { user: { email: "asc" } }],
      take: 1000,
      select: { user: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  return {
    organization: { id: org.id, name: org.name },
    courses: seats.map((c) => {
      const course = store.getCourse(c.courseSlug);
      return { ...c, title: course ? pickText(course.meta.title, language) : c.courseSlug };
    }),
    orders,
    people: people.map((m) => ({
      id: m.user.id,
      label: m.user.name ? `${m.user.name} (${m.user.email})` : m.user.email,
    })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assign"), courseSlug: z.string().min(1).max(100), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("move"), assignmentId: z.string().min(1).max(64), userId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("release"), assignmentId: z.string().min(1).max(64) }),
]);

type SeatActionResult =
  { ok: true; message: "assign" | "move" | "release"; name?: string } | { ok: false; error: SeatError | "invalid" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org } = await requireOrgMembership(request, params, ["org_admin"]);
  const orgId = org.id;
  const parsed = actionSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data<SeatActionResult>({ ok: false, error: "invalid" }, { status: 400 });
  const input = parsed.data;
  const result =
    input.intent === "assign"
      ? await assignSeat({
          organizationId: orgId,
          courseSlug: input.courseSlug,
          userId: input.userId,
          actorId: user.id,
        })
      : input.intent === "move"
        ? await moveSeat({
            organizationId: orgId,
            assignmentId: input.assignmentId,
            toUserId: input.userId,
            actorId: user.id,
          })
        : await releaseSeat({ organizationId: orgId, assignmentId: input.assignmentId, actorId: user.id });
  if (!result.ok)
    return data<SeatActionResult>(
      { ok: false, error: result.error },
      { status: result.error === "not_found" ? 404 : 409 },
    );
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
  const formatDate = useFormatDateTime();
  const select = "rounded border border-slate-500 px-2 py-1";
  return (
    <div className="mx-auto max-w-5xl">
      <h1>{organization.name}</h1>
      <TeamTabs orgId={organization.id} isAdmin />
      <h2 className="mt-6">{t("seats.title")}</h2>
      <p className="mt-2 text-slate-800">{t("seats.intro")}</p>
      {result ? (
        result.ok ? (
          <Notice tone="success">
            {result.message === "assign"
              ? t("seats.assign.done", { name: result.name ?? "" })
              : t(`seats.${result.message}.done`)}
          </Notice>
        ) : (
          <Notice tone="error">{t(`seats.errors.${result.error}`)}</Notice>
        )
      ) : null}
      {courses.length === 0 ? <p className="mt-4">{t("seats.none")}</p> : null}
      {courses.map((course) => (
        <section
          key={course.courseSlug}
          aria-labelledby={`seats-${course.courseSlug}`}
          className="card mt-6"
          data-testid={`seats-${course.courseSlug}`}
        >
          <h3 id={`seats-${course.courseSlug}`}>{course.title}</h3>
          <p className="mt-1" data-testid="seat-summary">
            {t("seats.summary", { used: course.used, seats: course.seats, free: course.free })}
          </p>
          {course.holders.length > 0 ? (
            <DataTable
              className="mt-3"
              caption={t("seats.holdersCaption", { course: course.title })}
              rows={course.holders}
              rowKey={(h) => h.assignmentId}
              columns={[
                {
                  key: "holder",
                  header: t("seats.holder"),
                  rowHeader: true,
                  className: "break-words",
                  cell: (h) => (h.name ? `${h.name} (${h.email})` : h.email),
                },
                { key: "assignedAt", header: t("seats.assignedAt"), cell: (h) => formatDate(h.assignedAt) },
                {
                  key: "state",
                  header: t("seats.state"),
                  cell: (h) => (h.started ? t("seats.started") : t("seats.notStarted")),
                },
                {
                  key: "actions",
                  header: t("seats.move.submit"),
                  headerHidden: true,
                  cell: (h) =>
                    h.started ? null : (
                      <div className="flex flex-wrap gap-2">
                        <Form method="post" className="flex flex-wrap items-center gap-2">
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="assignmentId" value={h.assignmentId} />
                          <label htmlFor={`move-${h.assignmentId}`} className="sr-only">
                            {t("seats.move.to")}
                          </label>
                          <select id={`move-${h.assignmentId}`} name="userId" className={`${select} max-w-full`}>
                            {people
                              .filter((p) => p.id !== h.userId)
                              .map((p) => (
                                <option key={p.id} value={p.id}>
                                  {p.label}
                                </option>
                              ))}
                          </select>
                          <button type="submit" className="btn-secondary py-1 text-sm">
                            {t("seats.move.submit")}
                          </button>
                        </Form>
                        <Form method="post">
                          <input type="hidden" name="intent" value="release" />
                          <input type="hidden" name="assignmentId" value={h.assignmentId} />
                          <button type="submit" className="btn-secondary py-1 text-sm">
                            {t("seats.release.submit")}
                          </button>
                        </Form>
                      </div>
                    ),
                },
              ]}
            />
          ) : null}
          {course.free > 0 ? (
            <Form method="post" className="mt-4 flex flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="courseSlug" value={course.courseSlug} />
              <label className="block">
                <span className="font-medium">{t("seats.assign.person")}</span>
                <select name="userId" className={`${select} mt-1 block`} data-testid="assign-person">
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="btn">
                {t("seats.assign.submit")}
              </button>
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
          <Link to={`/team/${organization.id}/seats?format=csv`} reloadDocument>
            {t("orders.exportCsv")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
