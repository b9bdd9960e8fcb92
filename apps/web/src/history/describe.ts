/** How the history panel and the archive page word a snapshot: its time, actor, package and size. */
import type { SnapshotActor, SnapshotChangeSummary, SnapshotSummary } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';

/** A moment in the UI's date form, with the time of day (snapshots of one day differ by it). */
export function formatTime(iso: string, t: Messages): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(t.dateLocale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "eigenaar · Anne", "automatisch": the role in words and the name the actor gave. */
export function describeActor(actor: SnapshotActor, t: Messages): string {
  if (actor.role === 'system') return t.history.system;
  return `${t.roles[actor.role]} · ${actor.name?.trim() || t.history.unnamed}`;
}

/** A byte count in the UI's number form: "12,3 MB". */
export function formatBytes(bytes: number, t: Messages): string {
  const units = ['B', 'kB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toLocaleString(t.dateLocale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/** The package's state in words, with its size once it is ready; `undefined` for a version (no package). */
export function describePackage(snapshot: SnapshotSummary, t: Messages): string | undefined {
  const pkg = snapshot.package;
  if (!pkg) return undefined;
  const words = t.history.packageStatus[pkg.status];
  return pkg.status === 'ready' && pkg.bytes !== undefined ? `${words} ${t.history.size(formatBytes(pkg.bytes, t))}` : words;
}

/** The change lists in the order the panel shows them, with their headings; empty lists left out. */
export function changeGroups(changes: SnapshotChangeSummary, t: Messages): { key: keyof SnapshotChangeSummary; heading: string; titles: string[] }[] {
  const order: (keyof SnapshotChangeSummary)[] = ['opportunitiesAdded', 'opportunitiesRemoved', 'opportunitiesChanged', 'domainsAdded', 'organisationsAdded', 'consultationChanged'];
  return order.map((key) => ({ key, heading: t.history.changes[key], titles: changes[key] ?? [] })).filter((group) => group.titles.length > 0);
}

/** Whether the list should be fetched again soon: a package is still being made. */
export const hasPendingPackage = (snapshots: readonly SnapshotSummary[]): boolean => snapshots.some((snapshot) => snapshot.package?.status === 'rendering');
