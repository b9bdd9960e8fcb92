import { isUntitled, organisationKinds, textLimits, type OrganisationShapeProps } from '@koppelbord/board-model';
import { ConsultationFields } from './ConsultationFields.tsx';
import type { FormProps } from './DomainForm.tsx';
import { CatalogueField, TextField } from './fields.tsx';

export function OrganisationForm({ props, set, t, locale }: FormProps<OrganisationShapeProps>) {
  return (
    <>
      <TextField
        label={t.card.name}
        value={isUntitled('organisation', props.name) ? '' : props.name}
        placeholder={t.panels.untitled.organisation}
        max={textLimits.name}
        limitReached={t.panels.limitReached}
        onChange={(name) => set({ name })}
      />
      <CatalogueField
        label={t.card.kind}
        value={props.kind}
        groups={[{ label: t.card.kind, options: organisationKinds.map((kind) => ({ value: kind.key, label: kind[locale] })) }]}
        otherLabel={t.other}
        ownTextLabel={t.ownDescription}
        max={textLimits.label}
        onChange={(kind) => set({ kind })}
      />
      <TextField label={t.card.contact} value={props.contact} max={textLimits.contact} onChange={(contact) => set({ contact })} />
      <ConsultationFields value={props} t={t} locale={locale} set={set} />
    </>
  );
}
