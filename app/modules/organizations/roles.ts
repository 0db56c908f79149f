// The roles a person can hold in a company: a set per person and company (a small firm's company
// admin is often its trained manager too). manager = leading position (the criterion counts only
// these), agent = sales or customer service, org_admin = manages the people.
export const orgRoleValues = ["manager", "agent", "org_admin"] as const;
export type OrgRoleValue = (typeof orgRoleValues)[number];

export function isOrgRole(value: unknown): value is OrgRoleValue {
  return typeof value === "string" && (orgRoleValues as readonly string[]).includes(value);
}

/** A role set in its canonical form: known roles only, no duplicates, in orgRoleValues order. */
export function normalizeRoles(roles: Iterable<unknown>): OrgRoleValue[] {
  const set = new Set<unknown>(roles);
  return orgRoleValues.filter((r) => set.has(r));
}

export function hasRole(roles: readonly string[], role: OrgRoleValue): boolean {
  return roles.includes(role);
}

/** Whether two role sets hold the same roles (order ignored). */
export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  const x = normalizeRoles(a);
  const y = normalizeRoles(b);
  return x.length === y.length && x.every((r, i) => r === y[i]);
}

/** Someone who follows the company's team (dashboard, export): a company admin or a manager. */
export function canFollowTeam(roles: readonly string[]): boolean {
  return roles.includes("org_admin") || roles.includes("manager");
}
