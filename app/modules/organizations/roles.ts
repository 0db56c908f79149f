// The roles a person can hold in a company (one per company): manager = leading position (the
// criterion counts only these), agent = sales or customer service, org_admin = manages the people.
export const orgRoleValues = ["manager", "agent", "org_admin"] as const;
export type OrgRoleValue = (typeof orgRoleValues)[number];
