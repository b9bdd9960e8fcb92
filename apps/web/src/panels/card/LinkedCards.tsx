import { useComputed, useValue, type Editor, type TLShapeId } from 'tldraw';
import { catalogueLabel, organisationLabel } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { linkCards, linkedShapeIds, unlinkCards } from '../../editor/arrow-links.ts';
import type { Messages } from '../../i18n/messages.ts';
import { CheckboxGroup } from './fields.tsx';

/**
 * The domains and organisations an opportunity is linked to, as checkboxes: ticking one draws
 * a bound arrow to that card, unticking removes the arrows between them.
 */
export function LinkedCards({ editor, opportunityId, t, locale, legend = t.card.links }: { editor: Editor; opportunityId: TLShapeId; t: Messages; locale: BoardLanguage; legend?: string }) {
  // Compared by content: moving cards around must not re-render the list.
  const cards = useValue(useComputed('linkable cards', () => linkableCards(editor, locale), { isEqual: sameCards }, [editor, locale]));
  const linked = useValue(useComputed('linked cards', () => linkedShapeIds(editor, opportunityId), { isEqual: sameIds }, [editor, opportunityId]));
  return (
    <CheckboxGroup
      legend={legend}
      options={cards}
      checked={linked}
      empty={<p className="hint">{t.card.noCards}</p>}
      onToggle={(id, on) => (on ? linkCards(editor, opportunityId, id) : unlinkCards(editor, opportunityId, id))}
    />
  );
}

interface LinkableCard {
  value: TLShapeId;
  label: string;
}

/** The domain and organisation cards on the page, by label. */
function linkableCards(editor: Editor, locale: BoardLanguage): LinkableCard[] {
  return editor
    .getCurrentPageShapes()
    .flatMap((shape) => {
      if (shape.type === 'domain') return [{ value: shape.id, label: withContact(catalogueLabel(shape.props.domain, locale), shape.props.contact) }];
      if (shape.type === 'organisation') return [{ value: shape.id, label: withContact(organisationLabel(shape.props.name, shape.props.kind, locale), shape.props.contact) }];
      return [];
    })
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

const sameCards = (a: LinkableCard[], b: LinkableCard[]) => a.length === b.length && a.every((card, index) => card.value === b[index]?.value && card.label === b[index]?.label);
const sameIds = (a: Set<TLShapeId>, b: Set<TLShapeId>) => a.size === b.size && [...a].every((id) => b.has(id));

/** "Welzijn & wijkteams — Sanne (wijkteam Zuid)": tells two cards of the same domain (or organisation) apart. */
function withContact(label: string, detail: string): string {
  return detail ? `${label} — ${detail}` : label;
}
