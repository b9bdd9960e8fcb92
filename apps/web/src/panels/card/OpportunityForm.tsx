import type { Editor, TLShapeId } from 'tldraw';
import {
  acceptedYears,
  isUntitled,
  untitledOpportunityLabel,
  housingCostEffects,
  housingCostLabels,
  opportunityStatuses,
  opportunityStatusLabels,
  registerColumnLabels as field,
  textLimits,
  timingLabels,
  timings,
  tracks,
  type OpportunityShapeProps,
  type Track,
} from '@koppelbord/board-model';
import type { FormProps } from './DomainForm.tsx';
import { CheckboxGroup, ListField, optionsOf, SelectField, TextArea, TextField, YearField } from './fields.tsx';
import { LinkedCards } from './LinkedCards.tsx';
import { LinkedPlans } from './LinkedPlans.tsx';
import { QuadrantChoice } from './QuadrantChoice.tsx';

interface OpportunityFormProps extends FormProps<OpportunityShapeProps> {
  editor: Editor;
  id: TLShapeId;
  /** Whose vote the vote button casts or withdraws. */
  participantId: string;
}

// The fields are named as the register and its exports name them (field[…] below), one term each.
const trackOptions = tracks.map((track) => ({ value: track, label: track }));

export function OpportunityForm({ props, set, t, locale, editor, id, participantId }: OpportunityFormProps) {
  const voted = props.voters.includes(participantId);
  return (
    <>
      <TextField
        label={field.title[locale]}
        // Untitled: an empty field with the stand-in as its placeholder, so typing gives just what is typed.
        value={isUntitled('opportunity', props.title) ? '' : props.title}
        placeholder={untitledOpportunityLabel[locale]}
        max={textLimits.title}
        limitReached={t.panels.limitReached}
        onChange={(title) => set({ title })}
      />
      <TextArea label={field.description[locale]} value={props.description} max={textLimits.long} limitReached={t.panels.limitReached} onChange={(description) => set({ description })} />
      <QuadrantChoice editor={editor} opportunityId={id} t={t} locale={locale} />
      <LinkedCards editor={editor} opportunityId={id} t={t} locale={locale} />
      <LinkedPlans editor={editor} opportunityId={id} t={t} locale={locale} />
      <ListField
        text={{ ...t.card.benefits, legend: field.benefits[locale] }}
        items={props.benefits}
        maxItems={textLimits.listItems}
        blank=""
        onChange={(benefits) => set({ benefits })}
        renderItem={(benefit, position, update) => <TextField label={t.card.benefits.item(position)} value={benefit} max={textLimits.line} onChange={update} />}
      />
      <ListField
        text={{ ...t.card.risks, legend: field.risks[locale] }}
        items={props.risks}
        maxItems={textLimits.listItems}
        blank={{ risk: '', mitigation: '' }}
        onChange={(risks) => set({ risks })}
        renderItem={(risk, position, update) => (
          <div className="stack">
            <TextField label={t.card.risks.item(position)} value={risk.risk} max={textLimits.line} onChange={(text) => update({ ...risk, risk: text })} />
            <TextField label={t.card.mitigation(position)} value={risk.mitigation} max={textLimits.line} onChange={(mitigation) => update({ ...risk, mitigation })} />
          </div>
        )}
      />
      <SelectField label={field.timing[locale]} value={props.timing} options={optionsOf(timings, timingLabels, locale)} onChange={(timing) => set(timing === 'year' ? { timing } : { timing, timingYear: null })} />
      {props.timing === 'year' && <YearField label={t.card.year} value={props.timingYear} min={acceptedYears.min} max={acceptedYears.max} invalidText={t.card.yearInvalid} onChange={(timingYear) => set({ timingYear })} />}
      <SelectField label={field.housingCost[locale]} value={props.housingCost} options={optionsOf(housingCostEffects, housingCostLabels, locale)} onChange={(housingCost) => set({ housingCost })} />
      <CheckboxGroup<Track>
        legend={field.tracks[locale]}
        options={trackOptions}
        checked={new Set(props.tracks)}
        // Kept in A–G order whatever the order of clicking.
        onToggle={(track, on) => set({ tracks: tracks.filter((each) => (each === track ? on : props.tracks.includes(each))) })}
      />
      <SelectField
        label={field.status[locale]}
        value={props.status}
        options={optionsOf(opportunityStatuses, opportunityStatusLabels, locale)}
        onChange={(status) => set({ status })}
      />
      {props.status === 'parked' && <TextField label={field.parkedReason[locale]} value={props.parkedReason} max={textLimits.line} onChange={(parkedReason) => set({ parkedReason })} />}
      <TextField label={field.owner[locale]} value={props.owner} max={textLimits.owner} onChange={(owner) => set({ owner })} />
      <TextField label={field.nextAction[locale]} value={props.nextAction} max={textLimits.line} onChange={(nextAction) => set({ nextAction })} />
      <div className="row votes">
        <button
          type="button"
          className={voted ? undefined : 'secondary'}
          aria-pressed={voted}
          disabled={!voted && props.voters.length >= textLimits.voters}
          onClick={() => set({ voters: voted ? props.voters.filter((voter) => voter !== participantId) : [...props.voters, participantId] })}
        >
          {t.card.vote}
        </button>
        <span aria-live="polite">{t.votes(props.voters.length)}</span>
      </div>
    </>
  );
}
