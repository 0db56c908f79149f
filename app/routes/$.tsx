// Anything no other route matches: a 404 in the reader's language (rendered by the root boundary).
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
