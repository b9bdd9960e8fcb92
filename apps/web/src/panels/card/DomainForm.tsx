import { domains, textLimits, type DomainShapeProps } from '@koppelbord/board-model';
import type { Locale } from '../../i18n/messages.ts';
import { ConsultationFields } from './ConsultationFields.tsx';
import { CatalogueField, TextArea, TextField } from './fields.tsx';
import type { CardText } from './labels.ts';

export interface FormProps<P> {
  props: P;
  set(next: Partial<P>): void;
  t: CardText;
  locale: Locale;
}

export function DomainForm({ props, set, t, locale }: FormProps<DomainShapeProps>) {
  const group = (name: 'social' | 'physical', label: string) => ({
    label,
    options: domains.filter((domain) => domain.group === name).map((domain) => ({ value: domain.key, label: domain[locale] })),
  });
  return (
    <>
      <CatalogueField
        label={t.domain}
        value={props.domain}
        groups={[group('social', t.socialDomain), group('physical', t.physicalDomain)]}
        otherLabel={t.other}
        ownTextLabel={t.ownDomain}
        max={textLimits.label}
        onChange={(domain) => set({ domain })}
      />
      <TextField label={t.contact} value={props.contact} max={textLimits.contact} onChange={(contact) => set({ contact })} />
      <TextArea label={t.ambitions} value={props.ambitions} max={textLimits.long} onChange={(ambitions) => set({ ambitions })} />
      <ConsultationFields value={props} t={t} locale={locale} set={set} />
    </>
  );
}
