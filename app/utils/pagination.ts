// Offset pagination as every paged list of the app does it: the requested page is clamped into
// 1..pages (a page past the end shows the last one, never an empty list), and a requested page
// size into 1..MAX_PAGE_SIZE.

export const MAX_PAGE_SIZE = 200;

export type PageWindow = { page: number; pages: number; total: number; skip: number; take: number };

export function pageSize(requested: number | undefined, fallback: number): number {
  return Math.min(Math.max(Math.trunc(requested ?? fallback), 1), MAX_PAGE_SIZE);
}

export function pageWindow(total: number, requestedPage: number | undefined, size: number): PageWindow {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(Math.trunc(requestedPage ?? 1) || 1, 1), pages);
  return { page, pages, total, skip: (page - 1) * size, take: size };
}
