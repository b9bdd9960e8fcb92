import { defaultOrganisationProps, organisationKinds, textLimits, type OrganisationShapeProps } from '@koppelbord/board-model';
import { ConsultationFields } from './ConsultationFields.tsx';
import type { FormProps } from './DomainForm.tsx';
import { CatalogueField, TextField } from './fields.tsx';

/** A new card's name, shown as the placeholder rather than as text to type after (as a new opportunity's title). */
const unnamed = defaultOrganisationProps().name;

export function OrganisationForm({ props, set, t, locale }: FormProps<OrganisationShapeProps>) {
  return (
    <>
      <TextField
        label={t.card.name}
        value={props.name === unnamed ? '' : props.name}
        placeholder={t.panels.untitled.organisation}
        max={textLimits.name}
        limitReached={t.panels.limitReached}
        onChange={(name) => set({ name: name === '' ? unnamed : name })}
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
