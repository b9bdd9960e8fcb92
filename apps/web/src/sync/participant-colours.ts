/**
 * Participant colours (cursor, selection, the participant list's dot): clearly different
 * hues, each dark enough to read on the light canvas. Two participants at a board never
 * show the same one: of two tabs with one colour, the one with the higher awareness client
 * id gives way, so all tabs settle on the same colours without talking it over.
 */
export const participantColours = ['#c92a2a', '#e67700', '#2f9e44', '#0b7285', '#1c7ed6', '#7048e8', '#862e9c', '#495057'] as const;

/** A colour for a new participant (kept on the device). */
export function randomParticipantColour(): string {
  return participantColours[Math.floor(Math.random() * participantColours.length)]!;
}

/**
 * The colour to show: one's own, unless a participant ahead of one (a lower client id) shows
 * it already; then the first palette colour nobody ahead shows. With every colour taken, one's own.
 */
export function distinctColour(own: string, takenAhead: ReadonlySet<string>): string {
  if (!takenAhead.has(own)) return own;
  return participantColours.find((colour) => !takenAhead.has(colour)) ?? own;
}
