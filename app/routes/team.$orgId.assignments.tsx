// /team/:orgId/assignments: company admins and managers assign courses with a due date to chosen
// people or to a role (now and later), and see and remove the company's assignments.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TeamTabs, useRoleNames } from "~/components/organizations/ui";
import { DataTable, Notice, RouteErrorBoundary, StatusBadge, SubmitButton } from "~/components/ui";
import { getLanguage } from "~/i18n/i18n.server";
import { requireOrgMembership } from "~/modules/auth/session.server";
import { assignSchema, MAX_PEOPLE_PER_FORM, removeSchema } from "~/modules/assignments/assign-form";
import {
  assignCourse,
  assignmentFormOptions,
  listAssignments,
  removeAssignment,
} from "~/modules/assignments/assignments.server";
import { dayIn, formatDay, LATE_JOINER_DAYS } from "~/modules/assignments/due-date";
import { orgRoleValues } from "~/modules/organizations/roles";
import { readFormData } from "~/utils/form.server";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["assignments", "billing", "organizations"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · KontaktAkademin` : "KontaktAkademin" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org: session, membership } = await requireOrgMembership(request, params, ["org_admin", "manager"]);
  const orgId = session.id;
  const org = { id: session.id, name: session.name };
  const roles = membership.roles;
  const language = await getLanguage(request, user.locale);
  const now = new Date();
  const [options, assignments] = await Promise.all([
    assignmentFormOptions(orgId, language),
    listAssignments(orgId, language, now),
  ]);
  return {
    title: org.name,
    organization: org,
    isAdmin: roles.includes("org_admin"),
    today: dayIn(now, options.timeZone),
    people: options.people,
    courses: options.courses,
    assignments: assignments.map((a) => ({
      ...a,
      dueDay: dayIn(a.dueAt, options.timeZone),
      dueText: formatDay(dayIn(a.dueAt, options.timeZone), language, "medium"),
    })),
  };
}

// Errors (403, 404) render inside the page shell, which stays mounted on a client navigation.
export const ErrorBoundary = RouteErrorBoundary;

type Done = { kind: "people"; count: number } | { kind: "role"; count: number; role: string } | { kind: "removed" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org } = await requireOrgMembership(request, params, ["org_admin", "manager"]);
  const orgId = org.id;
  const formData = await readFormData(request);
  if (formData.get("intent") === "remove") {
    const parsed = removeSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success)
      return data({ result: undefined, done: undefined, error: "invalid" as const }, { status: 400 });
    const removed = await removeAssignment({
      organizationId: orgId,
      assignmentId: parsed.data.assignmentId,
      actorId: user.id,
    });
    if (!removed.ok)
      return data({ result: undefined, done: undefined, error: "removeNotFound" as const }, { status: 404 });
    return { result: undefined, done: { kind: "removed" } as Done, error: undefined };
  }
  const submission = parseWithZod(formData, { schema: assignSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), done: undefined, error: undefined }, { status: 400 });
  const input = submission.value;
  const outcome = await assignCourse({
    organizationId: orgId,
    courseSlug: input.courseSlug,
    target:
      input.target === "people"
        ? { kind: "people", membershipIds: input.membershipIds }
        : { kind: "role", role: input.role },
    dueDay: input.dueDate,
    actorId: user.id,
  });
  if (!outcome.ok) {
    const [field, message, status] =
      outcome.error === "unknown_course"
        ? (["courseSlug", "unknownCourse", 400] as const)
        : outcome.error === "past_due"
          ? (["dueDate", "pastDue", 400] as const)
          : outcome.error === "too_many"
            ? (["membershipIds", "tooMany", 400] as const)
            : (["membershipIds", "notFound", 404] as const);
    return data(
      { result: submission.reply({ fieldErrors: { [field]: [message] } }), done: undefined, error: undefined },
      { status },
    );
  }
  const done: Done =
    input.target === "people"
      ? { kind: "people", count: outcome.people }
      : { kind: "role", count: outcome.people, role: input.role };
  return { result: submission.reply({ resetForm: true }), done, error: undefined };
}

function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation("assignments");
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {t(`errors.${errors[0]}`, { max: MAX_PEOPLE_PER_FORM })}
    </p>
  );
}

export default function AssignmentsPage() {
  const { organization, isAdmin, today, people, courses, assignments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("assignments");
  const { t: to } = useTranslation("organizations");
  const roleNames = useRoleNames();
  const target = (a: (typeof assignments)[number]) =>
    a.role ? t("list.allWithRole", { role: roleNames([a.role]) }) : (a.person?.name ?? a.person?.email ?? "");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: assignSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { target: "people" },
  });
  const done = actionData?.done;
  return (
    <div className="mx-auto max-w-5xl">
      <h1>{organization.name}</h1>
      <TeamTabs orgId={organization.id} isAdmin={isAdmin} />
      <h2 className="mt-6">{t("title")}</h2>
      <p className="mt-2 max-w-3xl text-slate-800">{t("intro")}</p>
      {done ? (
        <Notice tone="success">
          {done.kind === "removed"
            ? t("done.removed")
            : done.kind === "people"
              ? t("done.people", { count: done.count })
              : t("done.role", { count: done.count, role: roleNames([done.role]) })}
        </Notice>
      ) : null}
      {actionData?.error ? <Notice tone="error">{t(`errors.${actionData.error}`)}</Notice> : null}

      <section aria-labelledby="assign-heading" className="card mt-6">
        <h3 id="assign-heading">{t("form.heading")}</h3>
        <Form method="post" className="mt-4 space-y-5" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="assign" />
          <div>
            <label htmlFor={fields.courseSlug.id} className="label">
              {t("form.course")}
            </label>
            <select
              {...getSelectProps(fields.courseSlug)}
              className="input"
              aria-describedby={fields.courseSlug.errors ? fields.courseSlug.errorId : undefined}
            >
              <option value="">–</option>
              {courses.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.title}
                </option>
              ))}
            </select>
            <FieldError id={fields.courseSlug.errorId} errors={fields.courseSlug.errors} />
          </div>

          <fieldset aria-describedby={fields.target.errors ? fields.target.errorId : undefined}>
            <legend className="label">{t("form.target")}</legend>
            <div className="flex flex-wrap gap-x-6 gap-y-1">
              {(["people", "role"] as const).map((value) => (
                <label key={value} htmlFor={`${fields.target.id}-${value}`} className="inline-flex items-center gap-2">
                  <input
                    id={`${fields.target.id}-${value}`}
                    type="radio"
                    name={fields.target.name}
                    value={value}
                    defaultChecked={fields.target.initialValue === value}
                  />
                  {value === "people" ? t("form.targetPeople") : t("form.targetRole")}
                </label>
              ))}
            </div>
            <FieldError id={fields.target.errorId} errors={fields.target.errors} />
          </fieldset>

          <fieldset aria-describedby={fields.membershipIds.errors ? fields.membershipIds.errorId : undefined}>
            <legend className="label">{t("form.people")}</legend>
            {people.length === 0 ? (
              <p>{t("form.noPeople")}</p>
            ) : (
              <ul className="max-h-72 space-y-1 overflow-y-auto rounded border border-slate-300 p-2">
                {people.map((p) => (
                  <li key={p.membershipId}>
                    <label htmlFor={`person-${p.membershipId}`} className="inline-flex items-start gap-2">
                      <input
                        id={`person-${p.membershipId}`}
                        type="checkbox"
                        name={fields.membershipIds.name}
                        value={p.membershipId}
                        className="mt-1"
                      />
                      <span>
                        {p.name ?? p.email} <span className="text-slate-700">({roleNames(p.roles)})</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            <FieldError id={fields.membershipIds.errorId} errors={fields.membershipIds.errors} />
          </fieldset>

          <div>
            <label htmlFor={fields.role.id} className="label">
              {t("form.role")}
            </label>
            <p id={`${fields.role.id}-hint`} className="mb-1 text-sm text-slate-700">
              {t("form.roleHint", { days: LATE_JOINER_DAYS })}
            </p>
            <select
              {...getSelectProps(fields.role)}
              className="input"
              aria-describedby={
                fields.role.errors ? `${fields.role.id}-hint ${fields.role.errorId}` : `${fields.role.id}-hint`
              }
            >
              <option value="">–</option>
              {orgRoleValues.map((r) => (
                <option key={r} value={r}>
                  {to(`roles.${r}`)}
                </option>
              ))}
            </select>
            <FieldError id={fields.role.errorId} errors={fields.role.errors} />
          </div>

          <div>
            <label htmlFor={fields.dueDate.id} className="label">
              {t("form.dueDate")}
            </label>
            <p id={`${fields.dueDate.id}-hint`} className="mb-1 text-sm text-slate-700">
              {t("form.dueDateHint")}
            </p>
            <input
              {...getInputProps(fields.dueDate, { type: "date" })}
              min={today}
              className="input"
              aria-describedby={
                fields.dueDate.errors
                  ? `${fields.dueDate.id}-hint ${fields.dueDate.errorId}`
                  : `${fields.dueDate.id}-hint`
              }
            />
            <FieldError id={fields.dueDate.errorId} errors={fields.dueDate.errors} />
          </div>

          <SubmitButton className="btn">{t("form.submit")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="assignments-heading" className="mt-8">
        <h3 id="assignments-heading">{t("list.heading")}</h3>
        <DataTable
          caption={t("list.caption")}
          className="mt-3"
          rows={assignments}
          rowKey={(a) => a.id}
          rowData={() => ({ "data-testid": "assignment-row" })}
          empty={t("list.none")}
          columns={[
            { key: "course", header: t("list.course"), rowHeader: true, cell: (a) => a.courseTitle },
            { key: "target", header: t("list.target"), className: "break-words", cell: (a) => target(a) },
            { key: "due", header: t("list.due"), cell: (a) => <time dateTime={a.dueDay}>{a.dueText}</time> },
            {
              key: "progress",
              header: t("list.progress"),
              cell: (a) => t("list.progressValue", { done: a.done, people: a.people }),
            },
            {
              key: "overdue",
              header: t("list.overdue"),
              cell: (a) => (a.overdue > 0 ? <StatusBadge tone="danger">{a.overdue}</StatusBadge> : 0),
            },
            { key: "assignedBy", header: t("list.assignedBy"), cell: (a) => a.assignedBy ?? "–" },
            {
              key: "remove",
              header: t("list.remove"),
              headerHidden: true,
              cell: (a) => (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="assignmentId" value={a.id} />
                  <button
                    type="submit"
                    className="btn-secondary py-1 text-sm"
                    aria-label={t("list.removeLabel", { course: a.courseTitle, target: target(a) })}
                  >
                    {t("list.remove")}
                  </button>
                </Form>
              ),
            },
          ]}
        />
      </section>
    </div>
  );
}
