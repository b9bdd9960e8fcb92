import type { ConsultationStatus } from '@koppelbord/board-model';

const labels: Record<ConsultationStatus, string> = { 'not-yet': 'Nog niet benaderd', invited: 'Uitgenodigd', consulted: 'Geraadpleegd' };

/** "Geraadpleegd 2026-11-02", in Dutch (the board's language). */
export function consultationLabel(status: ConsultationStatus, date: string): string {
  return status === 'consulted' && date ? `${labels[status]} ${date}` : labels[status];
}
