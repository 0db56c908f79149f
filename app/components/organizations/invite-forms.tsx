// The invite forms (one person, or a pasted list / CSV file) and the per-row report of a bulk
// invite. Plain forms: they work without JavaScript.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { InviteActionResult } from "~/modules/organizations/invite-action.server";
import { MAX_INVITE_ROWS } from "~/modules/organizations/invite-list";
import { orgRoleValues } from "~/modules/organizations/roles";
import { RoleCheckboxes, useRoleNames } from "./ui";
import { DataTable, Notice } from "~/components/ui";

export function InviteReportView({ result, headingLevel = 2 }: { result: InviteActionResult; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("organizations");
  const roleNames = useRoleNames();
  if (result.kind === "error")
    return (
      <Notice tone="error">
        {t(`invite.errors.${result.message}`, { max: MAX_INVITE_ROWS, minutes: result.retryMinutes ?? 60 })}
      </Notice>
    );
  const { report, unreadFromLine } = result;
  const single = report.rows.length === 1;
  const first = report.rows[0];
  if (single && first) {
    if (first.status === "failed")
      return <Notice tone="error">{t(`invite.rowErrors.${first.error}`, { email: first.email ?? "" })}</Notice>;
    // The mail is queued with the invitation (mail outbox) and sent within moments, or retried.
    return <Notice tone="success">{t(`invite.single.${first.status}`, { email: first.email })}</Notice>;
  }
  return (
    <section aria-labelledby="report-heading" className="card mt-4">
      {headingLevel === 2 ? (
        <h2 id="report-heading" className="text-xl">
          {t("invite.report.title")}
        </h2>
      ) : (
        <h3 id="report-heading" className="text-xl">
          {t("invite.report.title")}
        </h3>
      )}
      <p className="mt-2" role="status">
        {t("invite.report.summary", { invited: report.invited, failed: report.failed })}
        {report.invited ? ` ${t("invite.report.mailQueued", { count: report.invited })}` : ""}
      </p>
      {unreadFromLine ? (
        <p className="mt-2 font-semibold text-red-900">
          {t("invite.report.truncated", { line: unreadFromLine, max: MAX_INVITE_ROWS })}
        </p>
      ) : null}
      <DataTable
        className="mt-3"
        caption={t("invite.report.title")}
        rows={report.rows}
        rowKey={(row, i) => `${row.line}-${i}`}
        columns={[
          { key: "line", header: t("invite.report.line"), numeric: true, cell: (row) => row.line },
          {
            key: "address",
            header: t("invite.report.address"),
            className: "break-all",
            cell: (row) => row.email ?? row.raw,
          },
          {
            key: "result",
            header: t("invite.report.result"),
            cell: (row) =>
              row.status === "failed" ? (
                <span className="font-semibold text-red-900">
                  {t(`invite.rowErrors.${row.error}`, { email: row.email ?? row.raw })}
                </span>
              ) : (
                <span className="text-green-900">
                  {t(`invite.report.${row.status}`, { role: roleNames(row.roles) })}
                </span>
              ),
          },
        ]}
      />
    </section>
  );
}

function RoleSelect({ id, name, defaultValue }: { id: string; name: string; defaultValue: string }) {
  const { t } = useTranslation("organizations");
  return (
    <select id={id} name={name} defaultValue={defaultValue} className="input" aria-describedby={`${id}-help`}>
      {orgRoleValues.map((r) => (
        <option key={r} value={r}>
          {t(`roles.${r}`)}
        </option>
      ))}
    </select>
  );
}

export function InviteForms({
  action,
  defaultRole = "agent",
  headingLevel = 2,
}: {
  action?: string;
  defaultRole?: (typeof orgRoleValues)[number];
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation("organizations");
  const H = headingLevel === 2 ? "h2" : "h3";
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    // min-w-0: a grid item is otherwise as wide as its widest content (the role select's longest
    // option, the file button), which pushed the page sideways at 320 px.
    <div className="mt-6 grid gap-8 lg:grid-cols-2">
      <section aria-labelledby="single-heading" className="card min-w-0">
        <H id="single-heading" className="text-xl">
          {t("invite.single.title")}
        </H>
        <Form method="post" action={action} className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="single" />
          <div>
            <label htmlFor="invite-email" className="label">
              {t("invite.single.email")}
            </label>
            <input
              id="invite-email"
              name="email"
              type="email"
              required
              autoComplete="off"
              maxLength={254}
              className="input"
            />
          </div>
          <div>
            <label htmlFor="invite-name" className="label">
              {t("invite.single.name")}
            </label>
            <input id="invite-name" name="name" type="text" autoComplete="off" maxLength={120} className="input" />
          </div>
          <div>
            <RoleCheckboxes
              idPrefix="invite-role"
              name="roles"
              legend={t("invite.single.roles")}
              defaultRoles={[defaultRole]}
              describedBy="invite-role-help"
            />
            <p id="invite-role-help" className="mt-1 text-sm text-slate-700">
              {t("invite.roleHelp")}
            </p>
          </div>
          <button type="submit" className="btn" disabled={busy}>
            {t("invite.single.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="bulk-heading" className="card min-w-0">
        <H id="bulk-heading" className="text-xl">
          {t("invite.bulk.title")}
        </H>
        <p className="mt-2 text-slate-700">{t("invite.bulk.explain", { max: MAX_INVITE_ROWS })}</p>
        <Form method="post" action={action} encType="multipart/form-data" className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="bulk" />
          <div>
            <label htmlFor="invite-list" className="label">
              {t("invite.bulk.list")}
            </label>
            <textarea
              id="invite-list"
              name="list"
              rows={8}
              className="input font-mono text-sm"
              aria-describedby="invite-list-help"
            />
            <p id="invite-list-help" className="mt-1 text-sm break-words text-slate-700">
              {t("invite.bulk.example")}
              <br />
              <code>email,role,name</code>
              <br />
              <code>anna@foretag.se,manager,Anna Andersson</code>
              <br />
              <code>bo@foretag.se,agent</code>
            </p>
          </div>
          <div>
            <label htmlFor="invite-file" className="label">
              {t("invite.bulk.file")}
            </label>
            <input
              id="invite-file"
              name="file"
              type="file"
              accept=".csv,.txt,text/csv,text/plain"
              className="block w-full max-w-full text-sm"
            />
          </div>
          <div>
            <label htmlFor="invite-default-role" className="label">
              {t("invite.bulk.defaultRole")}
            </label>
            <RoleSelect id="invite-default-role" name="defaultRole" defaultValue="agent" />
            <p id="invite-default-role-help" className="mt-1 text-sm text-slate-700">
              {t("invite.bulk.defaultRoleHelp")}
            </p>
          </div>
          <button type="submit" className="btn" disabled={busy}>
            {t("invite.bulk.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
