import { useComputed, useValue, type Editor, type TLShapeId } from 'tldraw';
import { periodText, planTitle, timingFromPlans, type PlanPeriod } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { linkCards, linkedShapeIds, unlinkCards } from '../../editor/arrow-links.ts';
import type { Messages } from '../../i18n/messages.ts';
import { CheckboxGroup } from './fields.tsx';

interface PlanOption {
  value: TLShapeId;
  label: string;
  period: PlanPeriod;
}

/**
 * The plans an opportunity couples to, as checkboxes (ticking draws a bound arrow, as for
 * domains), and the coupling moment they give it: its timing then follows the plans.
 */
export function LinkedPlans({ editor, opportunityId, t, locale }: { editor: Editor; opportunityId: TLShapeId; t: Messages; locale: BoardLanguage }) {
  const plans = useValue(
    useComputed(
      'linkable plans',
      () =>
        editor
          .getCurrentPageShapes()
          .flatMap((shape) => (shape.type === 'plan' ? [{ value: shape.id, label: `${planTitle(shape.props.title, locale)} (${periodText(shape.props.period)})`, period: shape.props.period }] : []))
          .sort((a, b) => a.label.localeCompare(b.label, locale)),
      { isEqual: (a: PlanOption[], b: PlanOption[]) => a.length === b.length && a.every((plan, index) => plan.value === b[index]?.value && plan.label === b[index]?.label) },
      [editor, locale],
    ),
  );
  const linked = useValue(useComputed('linked plans', () => linkedShapeIds(editor, opportunityId), { isEqual: (a, b) => a.size === b.size && [...a].every((id) => b.has(id)) }, [editor, opportunityId]));
  const timing = timingFromPlans(plans.filter((plan) => linked.has(plan.value)).map((plan) => plan.period));
  return (
    <>
      <CheckboxGroup
        legend={t.plans.linkedPlans}
        options={plans}
        checked={linked}
        empty={<p className="hint">{t.plans.noPlans}</p>}
        onToggle={(id, on) => (on ? linkCards(editor, opportunityId, id) : unlinkCards(editor, opportunityId, id))}
      />
      {timing && (
        <p className="hint" data-timing-follows-plans>
          {t.plans.timingFollows(periodText(timing))}
        </p>
      )}
    </>
  );
}
