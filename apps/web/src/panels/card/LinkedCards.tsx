import { useValue, type Editor, type TLShapeId } from 'tldraw';
import { catalogueLabel } from '@koppelbord/board-model';
import type { Locale } from '../../i18n/messages.ts';
import { linkCards, unlinkCards } from '../../board/links.ts';
import { CheckboxGroup } from './fields.tsx';
import type { CardText } from './labels.ts';

/**
 * The domains and organisations an opportunity is linked to, as checkboxes: ticking one draws
 * a bound arrow to that card, unticking removes the arrows between them.
 */
export function LinkedCards({ editor, opportunityId, t, locale }: { editor: Editor; opportunityId: TLShapeId; t: CardText; locale: Locale }) {
  const cards = useValue(
    'linkable cards',
    () =>
      editor
        .getCurrentPageShapes()
        .flatMap((shape) => {
          if (shape.type === 'domain') return [{ value: shape.id, label: withContact(catalogueLabel(shape.props.domain, locale), shape.props.contact) }];
          if (shape.type === 'organisation') return [{ value: shape.id, label: withContact(shape.props.name, catalogueLabel(shape.props.kind, locale)) }];
          return [];
        })
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    [editor, locale],
  );
  const linked = useValue(
    'linked cards',
    () => {
      const ids = new Set<TLShapeId>();
      for (const binding of editor.getBindingsToShape(opportunityId, 'arrow')) {
        for (const end of editor.getBindingsFromShape(binding.fromId, 'arrow')) if (end.toId !== opportunityId) ids.add(end.toId);
      }
      return ids;
    },
    [editor, opportunityId],
  );
  return (
    <CheckboxGroup
      legend={t.links}
      options={cards}
      checked={linked}
      empty={<p className="hint">{t.noCards}</p>}
      onToggle={(id, on) => (on ? linkCards(editor, opportunityId, id) : unlinkCards(editor, opportunityId, id))}
    />
  );
}

/** "Welzijn & wijkteams — Sanne (wijkteam Zuid)": tells two cards of the same domain apart. */
function withContact(label: string, detail: string): string {
  return detail ? `${label} — ${detail}` : label;
}
