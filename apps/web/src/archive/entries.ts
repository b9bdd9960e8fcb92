/**
 * The archive page's rows: each board with its archived snapshots and the token that opens
 * them (the owner token kept on this device, or the operator token), how a search narrows
 * them, and how they group by municipality and neighbourhood.
 */
import { recentBoards, storedToken } from '../device/storage.ts';
import type { ArchiveBoard } from '@koppelbord/contract';
import { fetchArchive, listSnapshots } from '../sync/snapshots-api.ts';

export interface ArchiveEntry {
  /** As `GET /api/archive` lists it; a board known from this device only has no creation time here. */
  board: Omit<ArchiveBoard, 'createdAt'> & { createdAt?: string };
  /** The token for this board's downloads and checks. */
  token: string;
  source: 'device' | 'operator';
}

/** The boards this device holds an owner token for (boards made or opened here as owner). */
export function ownedBoardsOnDevice(): { board: Omit<ArchiveEntry['board'], 'snapshots'>; token: string }[] {
  return recentBoards().flatMap((board) => {
    const token = board.role === 'owner' ? storedToken(board.id) : undefined;
    return token ? [{ board: { id: board.id, title: board.title, municipality: board.municipality, neighbourhood: board.neighbourhood }, token }] : [];
  });
}

/** Each owned board's archived snapshots (versions left out, as `GET /api/archive` does). A board that fails is left out, with its error. */
export async function loadDeviceEntries(): Promise<{ entries: ArchiveEntry[]; errors: string[] }> {
  const owned = ownedBoardsOnDevice();
  const results = await Promise.allSettled(
    owned.map(async ({ board, token }) => {
      const { snapshots } = await listSnapshots(board.id, token);
      return { board: { ...board, snapshots: snapshots.filter((snapshot) => snapshot.kind === 'snapshot') }, token, source: 'device' as const };
    }),
  );
  const entries: ArchiveEntry[] = [];
  const errors: string[] = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') entries.push(result.value);
    else errors.push(`${owned[index]?.board.title ?? ''}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
  });
  return { entries, errors };
}

export async function loadOperatorEntries(operatorToken: string): Promise<ArchiveEntry[]> {
  const { boards } = await fetchArchive(operatorToken);
  return boards.map((board) => ({ board, token: operatorToken, source: 'operator' }));
}

/**
 * What a search leaves: a board whose title matches keeps all its snapshots; otherwise only
 * the snapshots whose label matches, and the board only if any do. Case and accents are ignored.
 */
export function filterEntries(entries: readonly ArchiveEntry[], query: string, locale: string): ArchiveEntry[] {
  const wanted = fold(query.trim(), locale);
  if (!wanted) return [...entries];
  return entries.flatMap((entry) => {
    if (fold(entry.board.title, locale).includes(wanted)) return [entry];
    const snapshots = entry.board.snapshots.filter((snapshot) => fold(snapshot.label, locale).includes(wanted));
    return snapshots.length > 0 ? [{ ...entry, board: { ...entry.board, snapshots } }] : [];
  });
}

const fold = (text: string, locale: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(locale);

export interface PlaceGroup {
  municipality: string | null;
  neighbourhoods: { neighbourhood: string | null; entries: ArchiveEntry[] }[];
}

/** Boards by municipality, then neighbourhood, alphabetically (unnamed places last), boards by title. */
export function groupByPlace(entries: readonly ArchiveEntry[], locale: string): PlaceGroup[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const byName = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : collator.compare(a, b));
  const groups = new Map<string | null, Map<string | null, ArchiveEntry[]>>();
  for (const entry of entries) {
    const municipality = entry.board.municipality?.trim() || null;
    const neighbourhood = entry.board.neighbourhood?.trim() || null;
    const places = groups.get(municipality) ?? new Map<string | null, ArchiveEntry[]>();
    groups.set(municipality, places);
    places.set(neighbourhood, [...(places.get(neighbourhood) ?? []), entry]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => byName(a, b))
    .map(([municipality, places]) => ({
      municipality,
      neighbourhoods: [...places.entries()]
        .sort(([a], [b]) => byName(a, b))
        .map(([neighbourhood, list]) => ({ neighbourhood, entries: list.sort((a, b) => collator.compare(a.board.title, b.board.title)) })),
    }));
}

/** One list from both sources: a board the operator lists and this device owns appears once (the operator's, which is complete). */
export function mergeEntries(device: readonly ArchiveEntry[], operator: readonly ArchiveEntry[]): ArchiveEntry[] {
  const seen = new Set(operator.map((entry) => entry.board.id));
  return [...operator, ...device.filter((entry) => !seen.has(entry.board.id))];
}
