// Placeholder until branch i11-archive lands (it replaces this file).
import type { SnapshotChangeSummary } from '@koppelbord/contract';
export function boardChanges(_before: readonly unknown[], _after: readonly unknown[]): SnapshotChangeSummary {
  return { opportunitiesAdded: [], opportunitiesRemoved: [], opportunitiesChanged: [], domainsAdded: [], organisationsAdded: [], consultationChanged: [] };
}
