import { useState } from 'react';
import { useComputed, useValue, type Editor, type TLShapeId } from 'tldraw';
import { acceptedYears, registerColumnLabels, domainGroupLabels, domains, organisationKinds, periodText, planColumnLabels as field, planFirmnesses, planFirmnessLabels, textLimits, untitledPlanLabel, type DomainGroup, type PlanShapeProps } from '@koppelbord/board-model';
import { hasTimeline, pageCouplingMoments, putPlanOnTimeline, timelineOf } from '../../editor/plan-placement.ts';
import type { FormProps } from './DomainForm.tsx';
import { CatalogueField, optionsOf, SelectField, TextField, YearField } from './fields.tsx';
import { LinkedCards } from './LinkedCards.tsx';

interface PlanFormProps extends FormProps<PlanShapeProps> {
  editor: Editor;
  id: TLShapeId;
}

/**
 * A plan's fields: title, owner (picked from the catalogue, or any name; owner cards can be
 * linked by arrows too), start and end year, firmness, and its coupling moments (read only:
 * they follow from the periods of the plans on the page).
 */
export function PlanForm({ props, set, t, locale, editor, id }: PlanFormProps) {
  const p = t.plans;
  // Said once when one year pushes the other along, so a screen reader hears why both changed.
  const [moved, setMoved] = useState('');
  const group = (name: DomainGroup) => ({
    label: domainGroupLabels[name][locale],
    options: domains.filter((domain) => domain.group === name).map((domain) => ({ value: domain.key, label: domain[locale] })),
  });
  const organisations = { label: p.organisationKinds, options: organisationKinds.map((kind) => ({ value: kind.key, label: kind[locale] })) };
  // A plan that has no owner yet shows the first option (a select has no empty choice); picking writes it.
  const moments = useValue(useComputed('plan moments', () => pageCouplingMoments(editor).filter((moment) => moment.plans.some((plan) => plan.id === id)), [editor, id]));
  const placement = useValue('plan placement', () => {
    const plan = editor.getShape(id);
    return plan && timelineOf(editor, plan) ? 'on-timeline' : hasTimeline(editor) ? 'off-timeline' : 'no-timeline';
  }, [editor, id]);
  const setStart = (start: number) => {
    setMoved(start > props.period.end ? p.endMoved : '');
    set({ period: { start, end: Math.max(start, props.period.end) } });
  };
  const setEnd = (end: number) => {
    setMoved(end < props.period.start ? p.startMoved : '');
    set({ period: { start: Math.min(end, props.period.start), end } });
  };
  return (
    <>
      <TextField label={registerColumnLabels.title[locale]} value={props.title} placeholder={untitledPlanLabel[locale]} max={textLimits.title} limitReached={t.panels.limitReached} onChange={(title) => set({ title })} />
      <CatalogueField label={p.owner} value={props.owner} groups={[group('social'), group('physical'), organisations]} otherLabel={t.other} ownTextLabel={p.ownOwner} max={textLimits.owner} onChange={(owner) => set({ owner })} />
      <LinkedCards editor={editor} opportunityId={id} t={t} locale={locale} legend={p.ownerLinks} />
      <YearField label={p.startYear} value={props.period.start} min={acceptedYears.min} max={acceptedYears.max} invalidText={p.yearInvalid} onChange={setStart} />
      <YearField label={p.endYear} value={props.period.end} min={acceptedYears.min} max={acceptedYears.max} invalidText={p.yearInvalid} onChange={setEnd} />
      <p className="hint" role="status">
        {moved}
      </p>
      {placement === 'off-timeline' && (
        <button type="button" className="secondary" onClick={() => putPlanOnTimeline(editor, id)}>
          {p.putOnTimeline}
        </button>
      )}
      <SelectField label={field.firmness[locale]} value={props.firmness} options={optionsOf(planFirmnesses, planFirmnessLabels, locale)} onChange={(firmness) => set({ firmness })} />
      <section aria-label={p.moments}>
        <h4>{p.moments}</h4>
        {moments.length === 0 ? (
          <p className="hint">{p.noMoments}</p>
        ) : (
          <ul data-plan-moments>
            {moments.map((moment) => {
              const other = moment.plans[0].id === id ? moment.plans[1] : moment.plans[0];
              return <li key={other.id}>{`${p.momentWith(other.title, periodText(moment.period))}${moment.inSweetSpot ? ` (${p.inSweetSpot})` : ''}`}</li>;
            })}
          </ul>
        )}
      </section>
    </>
  );
}
