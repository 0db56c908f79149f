// Create/edit form for a company (Kontakta admins). One zod schema validates in the browser
// (conform) and in the action; the organisation number is checked for its country's check digit.
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { organizationSchema } from "~/modules/organizations/organization-form";
import { Notice, SubmitButton } from "~/components/ui";

export type OrganizationDefaults = {
  name: string;
  country: "SE" | "FI";
  orgNumber: string;
  membershipStatus: "member" | "non_member" | "excluded";
  memberSince: string;
  membershipEndedAt: string;
  exclusionDecidedAt?: string;
};

export function OrganizationForm({
  defaults,
  lastResult,
  submitLabel,
}: {
  defaults?: OrganizationDefaults;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
}) {
  const { t } = useTranslation("organizations");
  const [form, fields] = useForm({
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const error = (field: { errors?: string[]; errorId: string }) =>
    field.errors ? (
      <p id={field.errorId} className="field-error">
        {t(`form.errors.${field.errors[0]}`)}
      </p>
    ) : null;
  const described = (field: { errors?: string[]; errorId: string }, help?: string) =>
    [field.errors ? field.errorId : null, help].filter(Boolean).join(" ") || undefined;
  return (
    <Form method="post" className="mt-6 max-w-xl space-y-5" {...getFormProps(form)}>
      {form.errors ? (
        <Notice tone="error" className="">
          {t(`form.errors.${form.errors[0]}`)}
        </Notice>
      ) : null}
      <div>
        <label htmlFor={fields.name.id} className="label">
          {t("org.name")}
        </label>
        <input
          {...getInputProps(fields.name, { type: "text" })}
          className="input"
          aria-describedby={described(fields.name)}
        />
        {error(fields.name)}
      </div>
      <div>
        <label htmlFor={fields.country.id} className="label">
          {t("org.country")}
        </label>
        <select {...getSelectProps(fields.country)} className="input" aria-describedby={described(fields.country)}>
          <option value="SE">{t("countries.SE")}</option>
          <option value="FI">{t("countries.FI")}</option>
        </select>
        {error(fields.country)}
      </div>
      <div>
        <label htmlFor={fields.orgNumber.id} className="label">
          {t("org.orgNumber")}
        </label>
        <input
          {...getInputProps(fields.orgNumber, { type: "text" })}
          className="input"
          inputMode="text"
          autoComplete="off"
          aria-describedby={described(fields.orgNumber, "org-number-help")}
        />
        <p id="org-number-help" className="mt-1 text-sm text-slate-700">
          {t("form.orgNumberHelp")}
        </p>
        {error(fields.orgNumber)}
      </div>
      <div>
        <label htmlFor={fields.membershipStatus.id} className="label">
          {t("org.membershipStatus")}
        </label>
        <select
          {...getSelectProps(fields.membershipStatus)}
          className="input"
          aria-describedby={described(fields.membershipStatus)}
        >
          {(["member", "non_member", "excluded"] as const).map((m) => (
            <option key={m} value={m}>
              {t(`membershipStatus.${m}`)}
            </option>
          ))}
        </select>
        {error(fields.membershipStatus)}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={fields.memberSince.id} className="label">
            {t("org.memberSince")}
          </label>
          <input
            {...getInputProps(fields.memberSince, { type: "date" })}
            className="input"
            aria-describedby={described(fields.memberSince)}
          />
          {error(fields.memberSince)}
        </div>
        <div>
          <label htmlFor={fields.membershipEndedAt.id} className="label">
            {t("org.membershipEndedAt")}
          </label>
          <input
            {...getInputProps(fields.membershipEndedAt, { type: "date" })}
            className="input"
            aria-describedby={described(fields.membershipEndedAt)}
          />
          {error(fields.membershipEndedAt)}
        </div>
        <div>
          <label htmlFor={fields.exclusionDecidedAt.id} className="label">
            {t("org.exclusionDecidedAt")}
          </label>
          <input
            {...getInputProps(fields.exclusionDecidedAt, { type: "date" })}
            className="input"
            aria-describedby={described(fields.exclusionDecidedAt)}
          />
          {error(fields.exclusionDecidedAt)}
        </div>
      </div>
      <SubmitButton className="btn">{submitLabel}</SubmitButton>
    </Form>
  );
}
