import { domainGroupLabels, domains, textLimits, type DomainGroup, type DomainShapeProps } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Messages } from '../../i18n/messages.ts';
import { ConsultationFields } from './ConsultationFields.tsx';
import { CatalogueField, TextArea, TextField } from './fields.tsx';

export interface FormProps<P> {
  props: P;
  set(next: Partial<P>): void;
  t: Messages;
  locale: BoardLanguage;
}

export function DomainForm({ props, set, t, locale }: FormProps<DomainShapeProps>) {
  const group = (name: DomainGroup) => ({
    label: domainGroupLabels[name][locale],
    options: domains.filter((domain) => domain.group === name).map((domain) => ({ value: domain.key, label: domain[locale] })),
  });
  return (
    <>
      <CatalogueField
        label={t.card.domain}
        value={props.domain}
        groups={[group('social'), group('physical')]}
        otherLabel={t.other}
        ownTextLabel={t.card.ownDomain}
        max={textLimits.label}
        onChange={(domain) => set({ domain })}
      />
      <TextField label={t.card.contact} value={props.contact} max={textLimits.contact} onChange={(contact) => set({ contact })} />
      <TextArea label={t.card.ambitions} value={props.ambitions} max={textLimits.long} limitReached={t.panels.limitReached} onChange={(ambitions) => set({ ambitions })} />
      <ConsultationFields value={props} t={t} locale={locale} set={set} />
    </>
  );
}
