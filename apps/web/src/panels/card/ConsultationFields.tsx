import { acceptedYears, consultationLabels, consultationStatuses, isoToday, type ConsultationStatus } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Messages } from '../../i18n/messages.ts';
import { DateField, optionsOf, SelectField } from './fields.tsx';

interface Consulted {
  consultation: ConsultationStatus;
  consultedOn: string;
}

/** Consultation status of a domain or organisation, with the date once consulted. */
export function ConsultationFields({ value, t, locale, set }: { value: Consulted; t: Messages; locale: BoardLanguage; set(next: Partial<Consulted>): void }) {
  return (
    <>
      <SelectField
        label={t.card.consultation}
        value={value.consultation}
        options={optionsOf(consultationStatuses, consultationLabels, locale)}
        // Marking "consulted" records today unless a date is already there; one can change it after.
        onChange={(consultation) => set(consultation === 'consulted' && value.consultedOn === '' ? { consultation, consultedOn: isoToday() } : { consultation })}
      />
      {value.consultation === 'consulted' && (
        <DateField
          label={t.card.consultedOn}
          value={value.consultedOn}
          locale={locale}
          text={{ hint: t.panels.dateHint, invalid: t.panels.dateInvalid(acceptedYears.min, acceptedYears.max) }}
          onChange={(consultedOn) => set({ consultedOn })}
        />
      )}
    </>
  );
}
