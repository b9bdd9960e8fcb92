import type { ConsultationStatus } from '@koppelbord/board-model';
import type { Locale } from '../i18n/messages.ts';

export const consultationLabels: Record<Locale, Record<ConsultationStatus, string>> = {
  nl: { 'not-yet': 'Nog niet benaderd', invited: 'Uitgenodigd', consulted: 'Geraadpleegd' },
  en: { 'not-yet': 'Not approached yet', invited: 'Invited', consulted: 'Consulted' },
};

/** "Geraadpleegd 2026-11-02": the status, with the date once consulted. */
export function consultationLabel(status: ConsultationStatus, date: string, locale: Locale): string {
  const label = consultationLabels[locale][status];
  return status === 'consulted' && date ? `${label} ${date}` : label;
}
