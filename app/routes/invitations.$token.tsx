// /invitations/:token: the link in an invitation mail. Shows which company invites whom and as
// what. Signed out: "Sign in" opens the sign-in form filled with the invited address, and the one
// sign-in mail that follows both signs in and accepts (/invitations/:token/accept, ADR 025).
// Signed in with the invited address: accepting is a POST. Following this link alone (mail
// scanners do) changes nothing.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";
import { getOptionalUser, requireUser } from "~/modules/auth/session.server";
import {
  acceptInvitation,
  findInvitationByToken,
  landingAfterInvitation,
} from "~/modules/organizations/invitations.server";
import { Notice, useFormatDateTime } from "~/components/ui";
import type { I18nHandle } from "~/i18n/route-namespaces";

// The translations this page renders with, loaded before it hydrates (app/i18n/route-namespaces.ts).
export const handle: I18nHandle = { i18n: ["organizations"] };

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, "invitation") },
  { name: "robots", content: "noindex" },
];

// The token is in the URL: never cache the page, never send it on as a referrer.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

const statusByState = { pending: 200, expired: 410, accepted: 410, revoked: 410 } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const [invitation, user] = await Promise.all([findInvitationByToken(token), getOptionalUser(request)]);
  const headers = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
  if (!invitation) return data({ invitation: null, user: null, token }, { status: 404, headers });
  const signedIn = user
    ? { email: user.email, matches: user.email.toLowerCase() === invitation.email.toLowerCase() }
    : null;
  return data(
    {
      token,
      invitation: {
        email: invitation.email,
        roles: invitation.roles,
        state: invitation.state,
        expiresAt: invitation.expiresAt,
        organizationName: invitation.organization.name,
      },
      user: signedIn,
    },
    { status: statusByState[invitation.state], headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const outcome = await acceptInvitation(params.token ?? "", user);
  if (outcome.status === "accepted" || outcome.status === "already_member") {
    return redirect(
      await landingAfterInvitation({ userId: user.id, organizationId: outcome.organizationId, roles: outcome.roles }),
    );
  }
  const status = outcome.status === "not_found" ? 404 : outcome.status === "wrong_user" ? 403 : 410;
  return data({ outcome: outcome.status }, { status });
}

export default function InvitationPage() {
  const { invitation, user, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("organizations");
  const formatDate = useFormatDateTime();
  if (!invitation) {
    return (
      <div className="mx-auto max-w-xl">
        <h1>{t("accept.notFoundTitle")}</h1>
        <p className="mt-4">{t("accept.notFound")}</p>
      </div>
    );
  }
  const here = `/invitations/${token}`;
  return (
    <div className="mx-auto max-w-xl">
      <h1>{t("accept.title", { organization: invitation.organizationName })}</h1>
      {actionData ? <Notice tone="error">{t(`accept.outcome.${actionData.outcome}`)}</Notice> : null}
      {invitation.state !== "pending" ? (
        <p className="mt-4 text-lg">
          {t(`accept.state.${invitation.state}`, { date: formatDate(invitation.expiresAt, "dateTime") })}
        </p>
      ) : (
        <>
          <p className="mt-4 text-lg">
            {t("accept.intro", {
              organization: invitation.organizationName,
              role: invitation.roles.map((r) => t(`roles.${r}`)).join(" + "),
              email: invitation.email,
            })}
          </p>
          <p className="mt-2 text-slate-700">
            {t("accept.validUntil", { date: formatDate(invitation.expiresAt, "dateTime") })}
          </p>
          {!user ? (
            <div className="mt-6">
              <p>{t("accept.signInFirst", { email: invitation.email })}</p>
              <p className="mt-4">
                <Link to={`/login?redirectTo=${encodeURIComponent(`${here}/accept`)}`} className="btn">
                  {t("accept.signIn")}
                </Link>
              </p>
            </div>
          ) : !user.matches ? (
            <div className="mt-6">
              <p>{t("accept.wrongUser", { signedIn: user.email, invited: invitation.email })}</p>
              <Form method="post" action="/logout" className="mt-4">
                <button type="submit" className="btn-secondary">
                  {t("accept.signOut")}
                </button>
              </Form>
            </div>
          ) : (
            <Form method="post" className="mt-6">
              <button type="submit" className="btn">
                {t("accept.accept", { organization: invitation.organizationName })}
              </button>
            </Form>
          )}
        </>
      )}
    </div>
  );
}
