import { consultationStatuses, type ConsultationStatus } from '@koppelbord/board-model';
import type { Locale } from '../../i18n/messages.ts';
import { consultationLabels } from '../../shapes/consultation.ts';
import { DateField, SelectField } from './fields.tsx';
import { optionsOf, type CardText } from './labels.ts';

interface Consulted {
  consultation: ConsultationStatus;
  consultedOn: string;
}

/** Today as `YYYY-MM-DD` in the participant's own time zone. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Consultation status of a domain or organisation, with the date once consulted. */
export function ConsultationFields({ value, t, locale, set }: { value: Consulted; t: CardText; locale: Locale; set(next: Partial<Consulted>): void }) {
  return (
    <>
      <SelectField
        label={t.consultation}
        value={value.consultation}
        options={optionsOf(consultationStatuses, consultationLabels[locale])}
        // Marking "consulted" records today unless a date is already there; one can change it after.
        onChange={(consultation) => set(consultation === 'consulted' && value.consultedOn === '' ? { consultation, consultedOn: today() } : { consultation })}
      />
      {value.consultation === 'consulted' && <DateField label={t.consultedOn} value={value.consultedOn} onChange={(consultedOn) => set({ consultedOn })} />}
    </>
  );
}
