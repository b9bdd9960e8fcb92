/** What a token lets its holder do on one board. */
export const roles = ['owner', 'editor', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** Owners and editors change the document; viewers only watch (and show a cursor). */
export function canEdit(role: Role): boolean {
  return role !== 'viewer';
}
