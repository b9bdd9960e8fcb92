/**
 * What this device remembers, in localStorage: per-board tokens (so a reload works without
 * the link), the share links last made for a board (so the share dialog does not make new
 * ones each time it opens), the boards opened here, who the participant is, and how wide they
 * like the side panel. Nothing of it is sent
 * anywhere except the token and the participant key, to our own server.
 */
import { newParticipantKey, participantIdOf, participantIdPattern, participantKeyPattern, type BoardLinks, type Role } from '@koppelbord/contract';

const keys = {
  token: (boardId: string) => `koppelbord.token.${boardId}`,
  shareLinks: (boardId: string) => `koppelbord.shareLinks.${boardId}`,
  recent: 'koppelbord.recentBoards',
  participant: 'koppelbord.participant',
  identity: 'koppelbord.identity',
  sidePanelWidth: 'koppelbord.sidePanelWidth',
} as const;

export interface RecentBoard {
  id: string;
  title: string;
  municipality: string | null;
  neighbourhood: string | null;
  role: Role;
  openedAt: string;
}

/** The device's participant key and the id derived from it (contract participants.ts). */
export interface DeviceIdentity {
  /** Secret: sent only to our server, which derives the id from it. */
  key: string;
  id: string;
}

let identity: DeviceIdentity | undefined;

/**
 * Reads or makes this device's identity; called once before the app renders (deriving the id
 * is asynchronous), so that `deviceIdentity()` can answer at once from then on.
 */
export async function loadDeviceIdentity(): Promise<DeviceIdentity> {
  const stored = readJson<DeviceIdentity>(keys.identity);
  if (stored && typeof stored.key === 'string' && participantKeyPattern.test(stored.key) && typeof stored.id === 'string' && participantIdPattern.test(stored.id)) {
    identity = stored;
  } else {
    const key = newParticipantKey();
    identity = { key, id: await participantIdOf(key) };
    localStorage.setItem(keys.identity, JSON.stringify(identity));
  }
  return identity;
}

export function deviceIdentity(): DeviceIdentity {
  if (!identity) throw new Error('loadDeviceIdentity() has not finished');
  return identity;
}

export interface Participant {
  /** The device's participant id (`deviceIdentity().id`): tldraw's user id, so this person's tabs count as one. */
  id: string;
  name: string;
  /** A catalogue key (domain or organisation kind) or the participant's own text. */
  speaksFor: string;
  colour: string;
}

function readJson<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function storedToken(boardId: string): string | undefined {
  return localStorage.getItem(keys.token(boardId)) ?? undefined;
}

export function storeToken(boardId: string, token: string): void {
  localStorage.setItem(keys.token(boardId), token);
}

export function forgetToken(boardId: string): void {
  localStorage.removeItem(keys.token(boardId));
}

/** The edit and view links last made for this board on this device, if any. */
export function storedShareLinks(boardId: string): BoardLinks | undefined {
  const links = readJson<BoardLinks>(keys.shareLinks(boardId));
  return links && typeof links.edit === 'string' && typeof links.view === 'string' ? links : undefined;
}

export function storeShareLinks(boardId: string, links: BoardLinks): void {
  localStorage.setItem(keys.shareLinks(boardId), JSON.stringify(links));
}

export function recentBoards(): RecentBoard[] {
  const list = readJson<RecentBoard[]>(keys.recent);
  return Array.isArray(list) ? list : [];
}

/** Most recent first, at most 50. */
export function rememberBoard(board: RecentBoard): void {
  const others = recentBoards().filter((entry) => entry.id !== board.id);
  localStorage.setItem(keys.recent, JSON.stringify([board, ...others].slice(0, 50)));
}

/** After the board was deleted: nothing of it stays on this device (token, kept links, recent entry). */
export function forgetBoard(boardId: string): void {
  forgetToken(boardId);
  localStorage.removeItem(keys.shareLinks(boardId));
  const others = recentBoards().filter((entry) => entry.id !== boardId);
  localStorage.setItem(keys.recent, JSON.stringify(others));
}

/** A renamed board keeps its place in the recent list under its new title. */
export function renameRecentBoard(boardId: string, title: string): void {
  const list = recentBoards().map((entry) => (entry.id === boardId ? { ...entry, title } : entry));
  localStorage.setItem(keys.recent, JSON.stringify(list));
}

export function storedParticipant(): Participant | undefined {
  const participant = readJson<Participant>(keys.participant);
  const valid = participant && typeof participant.name === 'string' && participant.name.trim();
  // A profile from before participant keys had a random id: it takes the device's id.
  return valid ? { ...participant, id: deviceIdentity().id } : undefined;
}

export function storeParticipant(participant: Participant): void {
  localStorage.setItem(keys.participant, JSON.stringify(participant));
}

/** The side panel's width in CSS pixels as last set on this device, if it was. */
export function storedSidePanelWidth(): number | undefined {
  const width = readJson<number>(keys.sidePanelWidth);
  return typeof width === 'number' && Number.isFinite(width) && width > 0 ? width : undefined;
}

export function storeSidePanelWidth(width: number): void {
  localStorage.setItem(keys.sidePanelWidth, JSON.stringify(Math.round(width)));
}
