import type { Editor, TLShapeId } from 'tldraw';
import {
  housingCostEffects,
  housingCostLabels,
  opportunityStatuses,
  opportunityStatusLabels,
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

interface OpportunityFormProps extends FormProps<OpportunityShapeProps> {
  editor: Editor;
  id: TLShapeId;
  /** Whose vote the vote button casts or withdraws. */
  participantId: string;
}

const trackOptions = tracks.map((track) => ({ value: track, label: track }));

export function OpportunityForm({ props, set, t, locale, editor, id, participantId }: OpportunityFormProps) {
  const voted = props.voters.includes(participantId);
  return (
    <>
      <TextField label={t.title} value={props.title} max={textLimits.title} onChange={(title) => set({ title })} />
      <TextArea label={t.card.description} value={props.description} max={textLimits.long} onChange={(description) => set({ description })} />
      <LinkedCards editor={editor} opportunityId={id} t={t} locale={locale} />
      <ListField
        text={t.card.benefits}
        items={props.benefits}
        maxItems={textLimits.listItems}
        blank=""
        onChange={(benefits) => set({ benefits })}
        renderItem={(benefit, position, update) => <TextField label={t.card.benefits.item(position)} value={benefit} max={textLimits.line} onChange={update} />}
      />
      <ListField
        text={t.card.risks}
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
      <SelectField label={t.card.timing} value={props.timing} options={optionsOf(timings, timingLabels, locale)} onChange={(timing) => set(timing === 'year' ? { timing } : { timing, timingYear: null })} />
      {props.timing === 'year' && <YearField label={t.card.year} value={props.timingYear} min={2000} max={2100} invalidText={t.card.yearInvalid} onChange={(timingYear) => set({ timingYear })} />}
      <SelectField label={t.card.housingCost} value={props.housingCost} options={optionsOf(housingCostEffects, housingCostLabels, locale)} onChange={(housingCost) => set({ housingCost })} />
      <CheckboxGroup<Track>
        legend={t.card.tracks}
        options={trackOptions}
        checked={new Set(props.tracks)}
        // Kept in A–G order whatever the order of clicking.
        onToggle={(track, on) => set({ tracks: tracks.filter((each) => (each === track ? on : props.tracks.includes(each))) })}
      />
      <SelectField
        label={t.card.status}
        value={props.status}
        options={optionsOf(opportunityStatuses, opportunityStatusLabels, locale)}
        onChange={(status) => set({ status })}
      />
      {props.status === 'parked' && <TextField label={t.card.parkedReason} value={props.parkedReason} max={textLimits.line} onChange={(parkedReason) => set({ parkedReason })} />}
      <TextField label={t.card.owner} value={props.owner} max={textLimits.owner} onChange={(owner) => set({ owner })} />
      <TextField label={t.card.nextAction} value={props.nextAction} max={textLimits.line} onChange={(nextAction) => set({ nextAction })} />
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
