import { useComputed, useValue, type Editor, type TLShapeId } from 'tldraw';
import { classifyOpportunity, notInQuadrantLabel, quadrantClassLabels, quadrantClassOrder, registerColumnLabels, type QuadrantClass } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { placeInQuadrantClass } from '../../editor/quadrant-placement.ts';
import type { Messages } from '../../i18n/messages.ts';
import { SelectField, type Option } from './fields.tsx';

type Choice = QuadrantClass | 'none';

/**
 * An opportunity's class as a choice, for whoever does not drag: picking a class puts the
 * card in the middle of that class's area of the quadrant (its child, as after a drop);
 * "not in the quadrant" takes it out. Shows the class the card has now, however it got it.
 */
export function QuadrantChoice({ editor, opportunityId, t, locale }: { editor: Editor; opportunityId: TLShapeId; t: Messages; locale: BoardLanguage }) {
  const current = useValue(
    useComputed(
      'quadrant class',
      (): Choice => {
        const card = editor.getShape(opportunityId);
        if (card?.type !== 'opportunity') return 'none';
        return classifyOpportunity(card, { get: (id) => editor.getShape(id as TLShapeId) })?.quadrantClass ?? 'none';
      },
      [editor, opportunityId],
    ),
  );
  const hasQuadrant = useValue('a quadrant on the page', () => editor.getCurrentPageShapes().some((shape) => shape.type === 'quadrant'), [editor]);
  const options: Option<Choice>[] = [...quadrantClassOrder.map((value) => ({ value, label: quadrantClassLabels[value][locale] })), { value: 'none', label: notInQuadrantLabel[locale] }];
  return (
    <SelectField
      label={registerColumnLabels.quadrant[locale]}
      value={current}
      options={options}
      disabled={!hasQuadrant}
      hint={hasQuadrant ? t.panels.quadrantHint : t.panels.noQuadrant}
      onChange={(choice) => placeInQuadrantClass(editor, opportunityId, choice === 'none' ? null : choice)}
    />
  );
}
