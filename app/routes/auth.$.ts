// Every /auth/* request (GET and POST) goes straight to @auth/core.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleAuth } from "~/modules/auth/auth.server";

export const loader = ({ request }: LoaderFunctionArgs) => handleAuth(request);
export const action = ({ request }: ActionFunctionArgs) => handleAuth(request);
