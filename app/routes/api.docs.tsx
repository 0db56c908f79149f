// /api/docs: the certification API's documentation, rendered on the server from the OpenAPI
// document (no external scripts or styles), with the five-line webhook signature check.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { buildApiDocs, type DocOperation, type TypeExpr } from "~/modules/api/docs";
import { API_ERRORS } from "~/modules/api/errors";
import { API_BASE_PATH } from "~/modules/api/openapi";
import { quickStartSteps } from "~/modules/api/quick-start";
import { API_SCOPES } from "~/modules/api/scopes";
import { RECEIVER_EXAMPLE, SIGNATURE_HEADER } from "~/modules/api/webhook-signature.server";
import { getEnv } from "~/utils/env.server";
import { pageTitle } from "~/i18n/page-title";
import { DataTable, type Column } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["api"] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "api") }];

export function loader(_: LoaderFunctionArgs) {
  const env = getEnv();
  return {
    docs: buildApiDocs(),
    baseUrl: `${env.APP_URL}${API_BASE_PATH}`,
    appUrl: env.APP_URL,
    rateLimit: env.API_RATE_LIMIT_PER_MINUTE,
    scopes: [...API_SCOPES],
    errors: Object.entries(API_ERRORS).map(([code, status]) => ({ code, status })),
    receiverExample: RECEIVER_EXAMPLE,
    signatureHeader: SIGNATURE_HEADER,
  };
}

const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function Type({ expr }: { expr: TypeExpr }) {
  switch (expr.kind) {
    case "ref":
      return <a href={`#${anchor("schema", expr.name)}`}>{expr.name}</a>;
    case "text":
      return <>{expr.text}</>;
    case "array":
      return (
        <>
          <Type expr={expr.of} />
          []
        </>
      );
    case "union":
      return (
        <>
          {expr.of.map((e, i) => (
            <Fragment key={i}>
              {i > 0 ? " | " : null}
              <Type expr={e} />
            </Fragment>
          ))}
        </>
      );
  }
}

/** The type, required and description columns that parameter and property tables share. */
function fieldColumns<Row extends { type: TypeExpr; required: boolean; description: ReactNode }>(
  t: TFunction<"api">,
): Column<Row>[] {
  return [
    { key: "type", header: t("docs.columns.type"), className: "font-mono", cell: (p) => <Type expr={p.type} /> },
    {
      key: "required",
      header: t("docs.columns.required"),
      cell: (p) => (p.required ? t("docs.yes") : t("docs.no")),
    },
    { key: "description", header: t("docs.columns.description"), cell: (p) => p.description },
  ];
}

function Operation({ op }: { op: DocOperation }) {
  const { t } = useTranslation("api");
  return (
    <section className="card mt-6" aria-labelledby={anchor("op", op.id)}>
      <h3 id={anchor("op", op.id)} className="font-mono text-lg">
        <span className="badge mr-2">{op.method}</span> {op.path}
      </h3>
      <p className="mt-2 font-semibold">{op.summary}</p>
      {op.description ? <p className="mt-2 text-slate-800">{op.description}</p> : null}
      {op.parameters.length > 0 ? (
        <DataTable
          caption={t("docs.parametersOf", { op: `${op.method} ${op.path}` })}
          layout="scroll"
          rows={op.parameters}
          rowKey={(p) => `${p.in}-${p.name}`}
          columns={[
            {
              key: "name",
              header: t("docs.columns.name"),
              rowHeader: true,
              className: "font-mono",
              cell: (p) => p.name,
            },
            { key: "in", header: t("docs.columns.in"), cell: (p) => p.in },
            ...fieldColumns(t),
          ]}
        />
      ) : null}
      {op.requestBody ? (
        <p className="mt-4">
          {t("docs.requestBody")}:{" "}
          <span className="font-mono">
            <Type expr={op.requestBody} />
          </span>
        </p>
      ) : null}
      <DataTable
        caption={t("docs.responsesOf", { op: `${op.method} ${op.path}` })}
        layout="scroll"
        rows={op.responses}
        rowKey={(r) => String(r.status)}
        columns={[
          {
            key: "status",
            header: t("docs.columns.status"),
            rowHeader: true,
            className: "font-mono",
            cell: (r) => r.status,
          },
          {
            key: "body",
            header: t("docs.columns.body"),
            className: "font-mono",
            cell: (r) => (r.schema ? <Type expr={r.schema} /> : "—"),
          },
          { key: "description", header: t("docs.columns.description"), cell: (r) => r.description },
        ]}
      />
      {op.responses
        .filter((r) => r.example)
        .map((r) => (
          <details key={r.status} className="mt-4">
            <summary className="cursor-pointer font-semibold">
              {t("docs.exampleResponse", { status: r.status })}
            </summary>
            <pre tabIndex={0} className="mt-2 overflow-x-auto rounded bg-slate-900 p-4 text-sm text-white">
              <code>{r.example}</code>
            </pre>
          </details>
        ))}
    </section>
  );
}

export default function ApiDocsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("api");
  const { docs } = data;
  const sections = ["start", "auth", "errors", "pagination", "endpoints", "webhooks", "schemas"] as const;
  const steps = quickStartSteps(data.appUrl);
  return (
    <article className="mx-auto max-w-4xl">
      <h1>{t("docs.title")}</h1>
      <p className="mt-3 text-lg text-slate-800">{t("docs.intro")}</p>
      <p className="mt-2 text-sm text-slate-700">
        {t("docs.version", { version: docs.version })} ·{" "}
        <a href={`${API_BASE_PATH}/openapi.json`}>{t("docs.openapiLink")}</a> · {t("docs.englishReference")}
      </p>

      <nav aria-label={t("docs.tocLabel")} className="mt-6">
        <ul className="flex flex-wrap gap-3">
          {sections.map((s) => (
            <li key={s}>
              <a href={`#${s}`}>{t(`docs.sections.${s}`)}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="start" className="mt-10">
        <h2 id="start">{t("docs.sections.start")}</h2>
        <p className="mt-3">{t("docs.start.text")}</p>
        <pre tabIndex={0} className="mt-3 overflow-x-auto rounded bg-slate-900 p-4 text-sm text-white">
          <code>{"export KA_API_KEY=ka_live_…   # ka_test_… on a development or test installation"}</code>
        </pre>
        <ol className="mt-4 space-y-4" data-testid="quick-start">
          {steps.map((step) => (
            <li key={step.operationId}>
              <h3 className="text-base font-semibold">{step.title}</h3>
              <pre
                tabIndex={0}
                className="mt-1 overflow-x-auto rounded bg-slate-900 p-4 text-sm text-white"
                data-operation={step.operationId}
              >
                <code>{step.command}</code>
              </pre>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="auth" className="mt-10">
        <h2 id="auth">{t("docs.sections.auth")}</h2>
        <p className="mt-3">{t("docs.auth.text")}</p>
        <DataTable
          caption={t("docs.auth.scopesCaption")}
          captionVisible
          layout="scroll"
          rows={data.scopes}
          rowKey={(scope) => scope}
          columns={[
            { key: "scope", header: t("docs.columns.scope"), rowHeader: true, className: "font-mono", cell: (s) => s },
            {
              key: "description",
              header: t("docs.columns.description"),
              cell: (s) => t(`scopes.${s.replace(":", "_")}`),
            },
          ]}
        />
        <p className="mt-4">{t("docs.auth.rateLimit", { limit: data.rateLimit })}</p>
      </section>

      <section aria-labelledby="errors" className="mt-10">
        <h2 id="errors">{t("docs.sections.errors")}</h2>
        <p className="mt-3">{t("docs.errors.text")}</p>
        <pre tabIndex={0} className="mt-3 overflow-x-auto rounded bg-slate-900 p-4 text-sm text-white">
          <code>{`{"error":{"code":"company_not_found","message":"…"}}`}</code>
        </pre>
        <DataTable
          caption={t("docs.errors.caption")}
          layout="scroll"
          rows={data.errors}
          rowKey={(e) => e.code}
          columns={[
            {
              key: "code",
              header: t("docs.columns.code"),
              rowHeader: true,
              className: "font-mono",
              cell: (e) => e.code,
            },
            { key: "status", header: t("docs.columns.status"), className: "font-mono", cell: (e) => e.status },
            {
              key: "description",
              header: t("docs.columns.description"),
              cell: (e) =>
                t(`errors.${e.code}`, {
                  scope: "…",
                  method: "…",
                  allow: "…",
                  name: "…",
                  hint: "",
                  allowed: "…",
                  reason: "…",
                  bytes: 16384,
                  seconds: "N",
                }),
            },
          ]}
        />
      </section>

      <section aria-labelledby="pagination" className="mt-10">
        <h2 id="pagination">{t("docs.sections.pagination")}</h2>
        <p className="mt-3">{t("docs.pagination.text")}</p>
        <p className="mt-3">{t("docs.pagination.sync")}</p>
      </section>

      <section aria-labelledby="endpoints" className="mt-10">
        <h2 id="endpoints">{t("docs.sections.endpoints")}</h2>
        <p className="mt-3">{t("docs.endpoints.base", { base: data.baseUrl })}</p>
        {docs.operations.map((op) => (
          <Operation key={op.id} op={op} />
        ))}
      </section>

      <section aria-labelledby="webhooks" className="mt-10">
        <h2 id="webhooks">{t("docs.sections.webhooks")}</h2>
        <p className="mt-3">{t("docs.webhooks.text")}</p>
        <ul className="mt-3 list-disc pl-6">
          {docs.webhooks.map((w) => (
            <li key={w.id}>
              <span className="font-mono">{w.path}</span>
              {" — "}
              {w.requestBody ? <Type expr={w.requestBody} /> : null}
            </li>
          ))}
        </ul>
        <h3 className="mt-6">{t("docs.webhooks.verifyHeading")}</h3>
        <p className="mt-3">{t("docs.webhooks.verifyText", { header: data.signatureHeader })}</p>
        <pre tabIndex={0} className="mt-3 overflow-x-auto rounded bg-slate-900 p-4 text-sm text-white">
          <code>{data.receiverExample}</code>
        </pre>
        <p className="mt-3">{t("docs.webhooks.afterVerify")}</p>
        <h3 className="mt-6">{t("docs.webhooks.retriesHeading")}</h3>
        <p className="mt-3">{t("docs.webhooks.retriesText")}</p>
        {docs.webhooks.slice(0, 1).map((w) => (
          <p key={w.id} className="mt-3 text-slate-800">
            {w.description}
          </p>
        ))}
      </section>

      <section aria-labelledby="schemas" className="mt-10">
        <h2 id="schemas">{t("docs.sections.schemas")}</h2>
        {docs.schemas.map((schema) => (
          <section key={schema.name} className="mt-6" aria-labelledby={anchor("schema", schema.name)}>
            <h3 id={anchor("schema", schema.name)} className="font-mono">
              {schema.name}
            </h3>
            {schema.description ? <p className="mt-2">{schema.description}</p> : null}
            {schema.type ? (
              <p className="mt-2 font-mono">
                <Type expr={schema.type} />
              </p>
            ) : null}
            {schema.properties.length > 0 ? (
              <DataTable
                caption={t("docs.propertiesOf", { name: schema.name })}
                layout="scroll"
                className="mt-2"
                rows={schema.properties}
                rowKey={(p) => p.name}
                columns={[
                  {
                    key: "property",
                    header: t("docs.columns.property"),
                    rowHeader: true,
                    className: "font-mono",
                    cell: (p) => p.name,
                  },
                  ...fieldColumns(t),
                ]}
              />
            ) : null}
          </section>
        ))}
      </section>
    </article>
  );
}
