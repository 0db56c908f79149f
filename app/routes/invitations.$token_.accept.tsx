// /invitations/:token/accept: where the sign-in link started from an invitation lands. Following
// that link proved the person controls the invited address, so arriving here signed in with it
// accepts the invitation, and the person goes on to what is expected of them: one mail signs in
// and accepts (ADR 025). Anything else (signed out, another address, a spent or expired
// invitation) goes back to the invitation page, which says what is wrong; nothing changes then.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/modules/auth/session.server";
import { acceptInvitation, landingAfterInvitation } from "~/modules/organizations/invitations.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const page = `/invitations/${encodeURIComponent(token)}`;
  const headers = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
  const user = await getOptionalUser(request);
  if (!user) throw redirect(page, { headers });
  const outcome = await acceptInvitation(token, user);
  if (outcome.status === "accepted" || outcome.status === "already_member") {
    throw redirect(
      await landingAfterInvitation({ userId: user.id, organizationId: outcome.organizationId, roles: outcome.roles }),
      { headers },
    );
  }
  throw redirect(page, { headers });
}
